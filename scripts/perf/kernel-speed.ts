/**
 * The kernel's paths natively at host speed, on pvlab's board and on QEMU:
 * the same kernel.elf + firmware.elf, booted with a session that runs a
 * workload at two counts in turn, a group of `run NAME n/2` commands and a
 * group of `run NAME n` commands, for PAIRS pairs, then halts. QEMU can be
 * timed only from outside, so both boards are timed the same way: each
 * command's host time is read at the shell's prompts (prompt-clock.ts).
 * The two groups of a pair differ by n/2 operations a command, so
 *
 *   per op = median over the pairs of (long group − short group) / the operations between them
 *
 * with boot, start-up, board allocation and shut-down in no group, and the
 * first WARM pairs (the guest's and the host's code getting hot) left out;
 * on pvlab's board, whole untimed sessions run first (WARM_SESSIONS).
 * Guest MIPS is the exact instructions per operation (the workload's
 * markers on pvlab's board) over pvlab's time per operation. The verdicts
 * use CPU time unless PVLAB_BENCH_CLOCK=wall (timing.ts). Its targets are
 * in targets.ts (kernelMips, kernelQemuTime).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFirmware, buildKernel } from '@pvlab/guest-kernel';
import { functionStats } from '@pvlab/hypervisor';
import { pvlabCommands, qemuCommands, type Cost } from './prompt-clock.js';
import { CLOCK, qemuInstalled } from './timing.js';

/**
 * A workload, its count n (the short group's is n/2), commands per group,
 * and operations per count. Groups differ by some tens of milliseconds on
 * QEMU: the prompt's arrival is read to some tens of µs, and one pair's
 * difference must stand well above the machine's jitter. pgfault's count
 * is bounded by the heap (about 250 pages), so its groups are long.
 */
const WORKLOADS = [
  { name: 'null', n: 100_000, group: 1, per: 1 },
  { name: 'ctxsw', n: 10_000, group: 1, per: 2 },
  { name: 'pgfault', n: 200, group: 40, per: 1 },
  { name: 'fork', n: 200, group: 2, per: 1 },
  { name: 'compute', n: 200, group: 2, per: 1 },
] as const;
/** Pairs of a session. */
const PAIRS = 9;
/** Pairs at the start of a session that are not counted. */
const WARM = 2;
/** Untimed sessions on pvlab's board before the timed one, at most. */
const WARM_SESSIONS = 4;

/** One board's figure: time per operation by the verdicts' clock, the median and the spread of the pairs. */
export interface PerOp {
  readonly ns: number;
  /** The smallest and largest pair. */
  readonly minNs: number;
  readonly maxNs: number;
  readonly pairs: number;
}

export interface KernelSpeed {
  readonly name: string;
  /** Operations a pair's two groups differ by. */
  readonly ops: number;
  /** Guest instructions per operation (exact). */
  readonly instructionsPerOp: number;
  readonly pvlab: PerOp;
  readonly qemu?: PerOp;
}

/** The session's commands: PAIRS pairs of a short and a long group. */
const commands = (name: string, n: number, group: number): string[] =>
  Array.from({ length: PAIRS }, () => [...Array(group).fill(`run ${name} ${n / 2}`), ...Array(group).fill(`run ${name} ${n}`)]).flat();

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Per operation from the commands' costs. */
function perOp(costs: readonly Cost[], group: number, ops: number): PerOp {
  const clock = (c: Cost) => (CLOCK === 'wall' ? c.wallMs : c.cpuMs);
  const groupMs = (g: number) => costs.slice(g * group, (g + 1) * group).reduce((a, c) => a + clock(c), 0);
  const pairs: number[] = [];
  for (let p = WARM; p < PAIRS; p++) pairs.push(((groupMs(2 * p + 1) - groupMs(2 * p)) * 1e6) / ops);
  return { ns: median(pairs), minNs: Math.min(...pairs), maxNs: Math.max(...pairs), pairs: pairs.length };
}

/** Measure every workload on pvlab's board (and on QEMU when installed); `progress` hears each step. */
export async function benchKernelSpeed(progress: (what: string) => void = () => {}): Promise<KernelSpeed[]> {
  const kernel = buildKernel().elf;
  const firmware = buildFirmware().elf;
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-bench-'));
  writeFileSync(join(dir, 'kernel.elf'), kernel);
  writeFileSync(join(dir, 'firmware.elf'), firmware);
  const withQemu = qemuInstalled();
  const out: KernelSpeed[] = [];
  for (const w of WORKLOADS) {
    const session = commands(w.name, w.n, w.group), ops = (w.n / 2) * w.per * w.group;
    progress(`${w.name} on pvlab`);
    // Whole sessions first, untimed, until one makes no new compiled code (as pvlab bench warms up,
    // hypervisor/src/bench/harness.ts): the boards make the regions and V8 optimises them (the process
    // keeps both), so that the timed session's pairs measure the kernel's paths, not a region recompiled
    // late in the session (rare paths grow hot after a hundred million instructions) running in V8's
    // interpreter at half speed until its compiler threads, counted in the CPU time, are done.
    for (let s = 0; s < WARM_SESSIONS; s++) {
      const made = functionStats.made;
      pvlabCommands(kernel, firmware, session);
      if (functionStats.made === made) break;
    }
    const { costs, regions } = pvlabCommands(kernel, firmware, session);
    // Exact, and the same in every pair: the instructions the long group's regions hold more than the short one's.
    const sum = (g: number) => regions.slice(g * w.group, (g + 1) * w.group).reduce((a, b) => a + b, 0);
    const instructionsPerOp = (sum(1) - sum(0)) / ops;
    let qemu: PerOp | undefined;
    if (withQemu) {
      progress(`${w.name} on QEMU`);
      qemu = perOp(await qemuCommands(['-bios', join(dir, 'firmware.elf'), '-kernel', join(dir, 'kernel.elf')], session), w.group, ops);
    }
    out.push({ name: w.name, ops, instructionsPerOp, pvlab: perOp(costs, w.group, ops), qemu });
  }
  return out;
}
