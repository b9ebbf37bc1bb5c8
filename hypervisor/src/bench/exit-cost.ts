/**
 * The host cost of one exit of pvlab's trap-and-emulate hypervisor: a small
 * guest takes `loops` exits of one kind between the benchmark markers, and
 * the host time between the markers over the exits taken is the cost of
 * one (median of `repeat` runs, after one that warms V8 up). Two kinds:
 *
 *   csr-read      `csrr t0, sscratch` in a loop: decoded and emulated
 *   shadow-fault  a load from a fresh page each time (the guest maps 12 MiB
 *                 with megapages and flushes its TLB every 2,048 pages): a
 *                 hidden page fault, filled by the shadow pager
 *
 * The exits inside the region are counted exactly and returned with the
 * time, so a caller can see that it measured what it meant to.
 */
import { assemble } from '@pvlab/assembler';
import { BENCH_MARKERS, FINISHER_BASE } from '../machine/devices/index.js';
import type { ExitStats } from '../vmm/exit-stats.js';
import { EXIT_REASONS } from '../vmm/exit-reasons.js';
import { Hypervisor } from '../vmm/hypervisor.js';
import { benchErrors } from './errors.js';

/** What an exit-cost loop makes the guest do. */
export const EXIT_COST_KINDS = ['csr-read', 'shadow-fault'] as const;
export type ExitCostKind = (typeof EXIT_COST_KINDS)[number];

/** One measurement. */
export interface ExitCost {
  readonly kind: ExitCostKind;
  readonly loops: number;
  /** Host nanoseconds per exit: the median run's region time over its exits. */
  readonly nsPerExit: number;
  /** Exits inside the measured region by reason (exact: the same every run). */
  readonly exitsByReason: Readonly<Record<string, number>>;
}

/** The guest: an S-mode payload at 0x80200000, as the kernel is; KIND and LOOPS come by --defsym. */
const SOURCE = `
	.equ	FINISHER, ${FINISHER_BASE}
	.section .text.init
	.globl	_start
_start:
	li	s0, FINISHER
	li	s1, LOOPS
	.if	KIND == 1
	# root[512..514] = megapages over 0x80000000..0x80c00000, root[0] -> the finisher's page
	la	t0, root
	addi	t3, t0, 1024
	li	t1, (0x80000000 >> 2) | 0xcf		# V R W X A D
	sw	t1, 2048-1024(t3)
	li	t2, 0x400000 >> 2
	add	t1, t1, t2
	sw	t1, 2052-1024(t3)
	add	t1, t1, t2
	sw	t1, 2056-1024(t3)
	la	t1, l0
	srli	t1, t1, 2
	ori	t1, t1, 1
	sw	t1, 0(t0)
	la	t1, l0
	li	t2, (FINISHER >> 2) | 0xc7		# V R W A D
	sw	t2, 256*4(t1)
	srli	t0, t0, 12
	li	t1, 1 << 31
	or	t0, t0, t1
	csrw	satp, t0
	sfence.vma
	.endif
	li	t0, ${BENCH_MARKERS.begin}
	sw	t0, 0(s0)
	.if	KIND == 0
1:	csrr	t0, sscratch
	addi	s1, s1, -1
	bnez	s1, 1b
	.else
	li	s2, 0x80400000				# pages 0x80400000..0x80c00000: 2048 per round
2:	sfence.vma
	li	t1, 0x80400000
	li	t2, 0x80c00000
	li	t3, 4096
3:	lw	t0, 0(t1)
	add	t1, t1, t3
	addi	s1, s1, -1
	beqz	s1, 4f
	bltu	t1, t2, 3b
	j	2b
4:
	.endif
	li	t0, ${BENCH_MARKERS.end}
	sw	t0, 0(s0)
	li	t0, 0x5555				# pass: shut down
	sw	t0, 0(s0)
5:	j	5b

	.data
	.balign	4096
root:	.space	4096
l0:	.space	4096
`;

const LAYOUT = `ENTRY(_start)
SECTIONS {
  . = 0x80200000;
  .text : { *(.text.init) *(.text .text.*) }
  . = ALIGN(0x1000);
  .data : { *(.data .data.*) }
  .bss : { *(.bss .bss.*) }
}`;

/** The loop guest's ELF. */
export function exitCostGuest(kind: ExitCostKind, loops: number): Uint8Array {
  const r = assemble([{ path: 'exit-loops.s', text: SOURCE }], { layout: LAYOUT, defsym: { KIND: EXIT_COST_KINDS.indexOf(kind), LOOPS: loops } });
  if (!r.ok || !r.program) throw new Error(`the exit-cost guest does not assemble:\n${r.formatDiagnostics()}`);
  return r.program.elf({ debug: false });
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Measure the host cost of one `kind` exit. */
export function measureExitCost(kind: ExitCostKind, options: { loops?: number; repeat?: number } = {}): ExitCost {
  const loops = options.loops ?? 200_000;
  const repeat = options.repeat ?? 5;
  const elf = exitCostGuest(kind, loops);
  const samples: { ns: number; exits: ExitStats }[] = [];
  for (let run = 0; run <= repeat; run++) {
    let t0 = 0;
    let at: ExitStats | undefined;
    let sample: { ns: number; exits: ExitStats } | undefined;
    const hv: Hypervisor = new Hypervisor({
      kernels: [elf],
      onMarker: (m) => {
        const stats = hv.vms[0].stats;
        if (m.event === 'begin') {
          at = stats.snapshot();
          t0 = performance.now();
        } else if (at) sample = { ns: (performance.now() - t0) * 1e6, exits: stats.since(at) };
      },
    });
    hv.run(loops * 50);
    if (!sample) throw benchErrors.workloadFailed(`exit-cost ${kind}`, 'trap', loops, 'the loop guest did not reach its end marker');
    if (run > 0) samples.push(sample); // the first run warms V8 up
  }
  const mid = median(samples.map((s) => s.ns));
  const exits = samples.find((s) => s.ns === mid)!.exits;
  return {
    kind, loops,
    nsPerExit: mid / exits.total,
    exitsByReason: Object.fromEntries(EXIT_REASONS.map((r, i) => [r.name, exits.counts[i]] as const).filter(([, n]) => n > 0)),
  };
}
