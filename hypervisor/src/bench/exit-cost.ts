/**
 * The host cost of one exit of pvlab's hypervisor: a small guest takes
 * `loops` exits of one kind between the benchmark markers, and the host
 * time between the markers over the exits taken is the cost of one (median
 * of `repeat` runs, after one that warms V8 up). It includes everything an
 * exit costs the host: the hart's trap, the world switch, the dispatch, the
 * work, and the way back into the guest. The kinds:
 *
 *   csr-read      trap: `csrr t0, sscratch` in a loop, decoded and emulated
 *   shadow-fault  trap: a load from a fresh page each time (the guest maps
 *                 12 MiB with megapages and flushes its TLB every 2,048
 *                 pages): a hidden page fault, filled by the shadow pager
 *   hypercall     paravirt: SBI get_spec_version, a call with no argument and
 *                 no work: the fixed cost of a paravirtual exit
 *   multicall     paravirt: a batch's exit, multicall of
 *                 [new_baseptr, tlb_flush(all)] alternating two roots that
 *                 map the guest's RAM with megapages: the fixed cost plus the
 *                 work of two entries
 *   pte-update    paravirt: a page fault's exit, mmu_update of one leaf PTE
 *                 with tlb_flush_page (paging on: the request is read through
 *                 the guest's tables), mapping one page at two frames in turn
 *
 * The exits inside the region are counted exactly and returned with the
 * time, so a caller can see that it measured what it meant to.
 */
import { assemble } from '@pvlab/assembler';
import { HYPERCALLS } from '@pvlab/hypercall-abi';
import { BENCH_MARKERS, FINISHER_BASE } from '../machine/devices/index.js';
import type { ExitStats } from '../vmm/exit-stats.js';
import { EXIT_REASONS } from '../vmm/exit-reasons.js';
import { Hypervisor } from '../vmm/hypervisor.js';
import { releaseBoard } from '../machine/ram-pool.js';
import type { VirtMode } from '../vmm/virtualization.js';
import { benchErrors } from './errors.js';

/** What an exit-cost loop makes the guest do. */
export const EXIT_COST_KINDS = ['csr-read', 'shadow-fault', 'hypercall', 'multicall', 'pte-update'] as const;
export type ExitCostKind = (typeof EXIT_COST_KINDS)[number];

/** The mode each kind runs in. */
export const EXIT_COST_MODE: Readonly<Record<ExitCostKind, VirtMode>> = Object.freeze({
  'csr-read': 'trap', 'shadow-fault': 'trap', hypercall: 'paravirt', multicall: 'paravirt', 'pte-update': 'paravirt',
});

/** One measurement. */
export interface ExitCost {
  readonly kind: ExitCostKind;
  readonly mode: VirtMode;
  readonly loops: number;
  /** Host nanoseconds per exit: the median run's region time over its exits. */
  readonly nsPerExit: number;
  /**
   * Host CPU nanoseconds per exit (the process's user + system time in the
   * region, median run): what the exit costs when other processes share
   * the cores, which inflate the wall time (all of V8's threads are in it).
   */
  readonly cpuNsPerExit: number;
  /** Exits inside the measured region by reason (exact: the same every run). */
  readonly exitsByReason: Readonly<Record<string, number>>;
}

const { multicall: MC, new_baseptr: NB, tlb_flush: TF, mmu_update: MU, spec_version: SV, bench_marker: BM, system_reset: SR } = HYPERCALLS;
/** mmu_update's flag for a page fault's flush of one page. */
const FLUSH_PAGE = MU.args.flags.bits.tlb_flush_page.value;

/** A marker: a store to the finisher trapped; paravirtualized (no devices), a hypercall. */
const mark = (pv: boolean, event: 'begin' | 'end') => pv
  ? `li a0, ${event === 'begin' ? 0 : 1}\n\tli a7, ${BM.eid}\n\tli a6, ${BM.fid}\n\tecall`
  : `li t0, ${BENCH_MARKERS[event]}\n\tsw t0, 0(s0)`;
/** The end of the run, likewise. */
const shutdown = (pv: boolean) => pv
  ? `li a0, 0\n\tli a1, 0\n\tli a7, ${SR.eid}\n\tli a6, ${SR.fid}\n\tecall`
  : 'li t0, 0x5555\n\tsw t0, 0(s0)';

/** The loop guest: an S-mode payload at 0x80200000, as the kernel is; KIND and LOOPS come by --defsym. */
const source = (kind: ExitCostKind) => {
  const pv = EXIT_COST_MODE[kind] === 'paravirt';
  return `
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
	.if	KIND == 3
	# two roots (root, l0), each mapping the guest's 16 MiB at its own addresses with megapages
	la	t0, root + 2048
	la	t3, l0 + 2048
	li	t1, (0x80000000 >> 2) | 0xcf		# V R W X A D
	li	t2, 0x400000 >> 2
	li	t4, 4
6:	sw	t1, 0(t0)
	sw	t1, 0(t3)
	add	t1, t1, t2
	addi	t0, t0, 4
	addi	t3, t3, 4
	addi	t4, t4, -1
	bnez	t4, 6b
	.endif
	.if	KIND == 4
	# root[512..515] = megapages over the guest's 16 MiB, root[0] -> l0 (a leaf table); root named by new_baseptr
	la	t0, root + 2048
	li	t1, (0x80000000 >> 2) | 0xcf		# V R W X A D
	li	t2, 0x400000 >> 2
	li	t4, 4
6:	sw	t1, 0(t0)
	add	t1, t1, t2
	addi	t0, t0, 4
	addi	t4, t4, -1
	bnez	t4, 6b
	la	t0, root
	la	t1, l0
	srli	t1, t1, 2
	ori	t1, t1, 1				# V: a pointer
	sw	t1, 0(t0)
	srli	a0, t0, 12
	li	t1, 1 << 31
	or	a0, a0, t1
	li	a7, ${NB.eid}
	li	a6, ${NB.fid}
	ecall
	.endif
	${mark(pv, 'begin')}
	.if	KIND == 0
1:	csrr	t0, sscratch
	addi	s1, s1, -1
	bnez	s1, 1b
	.elseif	KIND == 1
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
	.elseif	KIND == 2
7:	li	a7, ${SV.eid}
	li	a6, ${SV.fid}
	ecall
	addi	s1, s1, -1
	bnez	s1, 7b
	.elseif	KIND == 4
	la	s2, request
	li	s3, ((0x80400000 >> 2) | 0xc7)		# V R W A D: page 0x1000 at 0x80400000 ...
	li	s4, ((0x80401000 >> 2) | 0xc7)		# ... and at 0x80401000, in turn
10:	andi	t0, s1, 1
	mv	t1, s3
	beqz	t0, 11f
	mv	t1, s4
11:	sw	t1, 4(s2)				# request.value
	mv	a0, s2
	li	a1, 1
	li	a2, ${FLUSH_PAGE}
	li	a3, 0x1000
	li	a7, ${MU.eid}
	li	a6, ${MU.fid}
	ecall
	bnez	a0, 5f					# refused: no end marker, the measurement fails
	addi	s1, s1, -1
	bnez	s1, 10b
	.else
8:	andi	t0, s1, 1				# root and l0 in turn
	la	t1, root
	beqz	t0, 9f
	la	t1, l0
9:	srli	t1, t1, 12
	li	t2, 1 << 31
	or	t1, t1, t2
	la	a0, entries
	sw	t1, 8(a0)				# entry 0: new_baseptr(satp)
	li	a1, 2
	li	a7, ${MC.eid}
	li	a6, ${MC.fid}
	ecall
	addi	s1, s1, -1
	bnez	s1, 8b
	.endif
	${mark(pv, 'end')}
	${shutdown(pv)}
5:	j	5b

	.data
	.balign	4096
root:	.space	4096
l0:	.space	4096
request:						# mmu_update's one request: ptep (l0[1]: page 0x1000), value
	.word	l0 + 4, 0
entries:						# multicall entries: eid, fid, args[6], results[2]
	.word	${NB.eid}, ${NB.fid}, 0, 0, 0, 0, 0, 0, 0, 0
	.word	${TF.eid}, ${TF.fid}, 0, 0, 0, 0, 0, 0, 0, 0
`;
};

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
  const r = assemble([{ path: 'exit-loops.s', text: source(kind) }], { layout: LAYOUT, defsym: { KIND: EXIT_COST_KINDS.indexOf(kind), LOOPS: loops } });
  if (!r.ok || !r.program) throw new Error(`the exit-cost guest does not assemble:\n${r.formatDiagnostics()}`);
  return r.program.elf({ debug: false });
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Measure the host cost of one `kind` exit. */
export function measureExitCost(kind: ExitCostKind, options: { loops?: number; repeat?: number } = {}): ExitCost {
  const loops = options.loops ?? 200_000;
  const repeat = options.repeat ?? 5;
  const elf = exitCostGuest(kind, loops);
  const samples: { ns: number; cpuNs: number; exits: ExitStats }[] = [];
  for (let run = 0; run <= repeat; run++) {
    let t0 = 0;
    let cpu0 = process.cpuUsage();
    let at: ExitStats | undefined;
    let sample: { ns: number; cpuNs: number; exits: ExitStats } | undefined;
    const hv: Hypervisor = new Hypervisor({
      mode: EXIT_COST_MODE[kind],
      kernels: [elf],
      onMarker: (m) => {
        const stats = hv.vms[0].stats;
        if (m.event === 'begin') {
          at = stats.snapshot();
          cpu0 = process.cpuUsage();
          t0 = performance.now();
        } else if (at) {
          const ns = (performance.now() - t0) * 1e6, cpu = process.cpuUsage(cpu0);
          sample = { ns, cpuNs: (cpu.user + cpu.system) * 1e3, exits: stats.since(at) };
        }
      },
    });
    hv.run(loops * 50);
    releaseBoard(hv.machine); // the sample holds counts only: the board's RAM serves the next run's
    if (!sample) throw benchErrors.workloadFailed(`exit-cost ${kind}`, EXIT_COST_MODE[kind], loops, 'the loop guest did not reach its end marker');
    if (run > 0) samples.push(sample); // the first run warms V8 up
  }
  const mid = median(samples.map((s) => s.ns));
  const exits = samples.find((s) => s.ns === mid)!.exits;
  return {
    kind, mode: EXIT_COST_MODE[kind], loops,
    nsPerExit: mid / exits.total,
    cpuNsPerExit: median(samples.map((s) => s.cpuNs)) / exits.total,
    exitsByReason: Object.fromEntries(EXIT_REASONS.map((r, i) => [r.name, exits.counts[i]] as const).filter(([, n]) => n > 0)),
  };
}
