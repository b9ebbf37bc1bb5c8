/**
 * The kernel's paths natively at host speed, on pvlab's board and on QEMU:
 * the same kernel.elf + firmware.elf, booted with a script that runs a
 * workload and halts. QEMU can only be timed as a whole process, so both
 * boards are measured the same way, by session-length differences:
 *
 *   per op = (session with `runs` × `run NAME n`) − (session with `runs` × `run NAME n/2`)
 *            divided by the operations the difference makes
 *
 * which cancels boot, start-up, the shell and process creation alike. Each
 * session is the best of two on QEMU (a process each) and of three on pvlab
 * (fresh boards in this process, after one warm-up boot, the two lengths
 * interleaved). Guest MIPS is the exact difference in instructions over
 * pvlab's difference in time.
 * Its targets are in targets.ts (kernelMips, kernelQemuTime).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFirmware, buildKernel } from '@pvlab/guest-kernel';
import { boot } from '@pvlab/hypervisor';
import { best, ms, qemuInstalled, timeHere, timeQemu, type Timed } from './timing.js';

/** A workload, its count per run (halved for the shorter session), runs per session, and operations per count. */
const WORKLOADS = [
  { name: 'null', n: 400_000, runs: 1, per: 1 },
  { name: 'ctxsw', n: 100_000, runs: 1, per: 2 },
  { name: 'pgfault', n: 200, runs: 100, per: 1 },
  // fork and compute: long enough sessions that the difference is well above run-to-run noise
  // (500 forks or 300 rounds came out anywhere from negative to 6x QEMU on an idle machine).
  { name: 'fork', n: 100, runs: 40, per: 1 },
  { name: 'compute', n: 600, runs: 4, per: 1 },
] as const;

export interface KernelSpeed {
  readonly name: string;
  /** Operations the two sessions differ by. */
  readonly ops: number;
  /** Instructions the two sessions differ by (exact). */
  readonly instructions: number;
  readonly pvlab: Timed;
  readonly qemu?: Timed;
}

const script = (name: string, n: number, runs: number) => `${`run ${name} ${n}\n`.repeat(runs)}halt\n`;

export function benchKernelSpeed(): KernelSpeed[] {
  const kernel = buildKernel().elf;
  const firmware = buildFirmware().elf;
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-bench-'));
  writeFileSync(join(dir, 'kernel.elf'), kernel);
  writeFileSync(join(dir, 'firmware.elf'), firmware);
  const withQemu = qemuInstalled();
  const session = (s: string) => {
    const t = timeHere(() => boot(kernel, { firmware, script: s, maxInstructions: 20e9 }));
    if (t.result.stop !== 'shutdown') throw new Error(`the kernel did not shut down (${t.result.stop})`);
    return { wallMs: t.wallMs, cpuMs: t.cpuMs, instructions: t.result.instructions };
  };
  // Compiled regions are shared between boards of one process, so the first
  // boot of a workload pays V8's compiling and later ones do not: one warm-up
  // session first, then the two lengths interleaved, so neither gets the
  // warm cache the other lacks (measured in order, the difference went negative).
  const pvlab = (short: string, long: string): [Timed & { instructions: number }, Timed & { instructions: number }] => {
    session(long);
    let a = session(short), b = session(long);
    for (let i = 1; i < 3; i++) {
      const [a2, b2] = [session(short), session(long)];
      if (ms(a2) < ms(a)) a = a2;
      if (ms(b2) < ms(b)) b = b2;
    }
    return [a, b];
  };
  const qemu = (s: string) => best(2, () => timeQemu(['-bios', join(dir, 'firmware.elf'), '-kernel', join(dir, 'kernel.elf')], s));
  const diff = (a: Timed, b: Timed): Timed => ({ wallMs: b.wallMs - a.wallMs, cpuMs: b.cpuMs - a.cpuMs });
  return WORKLOADS.map((w) => {
    const short = script(w.name, w.n / 2, w.runs), long = script(w.name, w.n, w.runs);
    const [a, b] = pvlab(short, long);
    return {
      name: w.name,
      ops: (w.runs * w.n * w.per) / 2,
      instructions: b.instructions - a.instructions,
      pvlab: diff(a, b),
      qemu: withQemu ? diff(qemu(short), qemu(long)) : undefined,
    };
  });
}

/** ns per operation by the verdicts' clock. */
export const nsPerOp = (t: Timed, ops: number) => (ms(t) * 1e6) / ops;
