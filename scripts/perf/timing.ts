/**
 * Timing for the board's figures: a piece of pvlab work and a QEMU process
 * measured the same way, by wall clock and by CPU time (user + system, all
 * threads: V8's compiler threads for pvlab, QEMU's for QEMU). The machines
 * this runs on are often shared, so the verdicts use CPU time, which other
 * processes inflate far less than the wall clock; set PVLAB_BENCH_CLOCK=wall
 * on an idle machine to judge by the wall clock instead.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

export interface Timed {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** The clock the verdicts use. */
export const CLOCK: 'cpu' | 'wall' = process.env.PVLAB_BENCH_CLOCK === 'wall' ? 'wall' : 'cpu';
export const ms = (t: Timed) => (CLOCK === 'wall' ? t.wallMs : t.cpuMs);

/** The machine's load, for the report: "load 3.2 on 2 cores". */
export function loadNote(): string {
  return `clock: ${CLOCK === 'cpu' ? 'CPU time (user + system)' : 'wall'}; 1-minute load average ${loadavg()[0].toFixed(1)}`;
}

/** Time `f` in this process. */
export function timeHere<T>(f: () => T): Timed & { result: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { result, wallMs, cpuMs: (c.user + c.system) / 1000 };
}

/** The best (smallest, by the verdicts' clock) of `n` timings. */
export function best<T extends Timed>(n: number, f: () => T): T {
  let b: T | undefined;
  for (let i = 0; i < n; i++) {
    const t = f();
    if (b === undefined || ms(t) < ms(b)) b = t;
  }
  return b!;
}

/** Whether qemu-system-riscv32 can be run. */
export const qemuInstalled = (): boolean => spawnSync('qemu-system-riscv32', ['--version'], { encoding: 'utf8' }).status === 0;

/** Run qemu-system-riscv32 with `args` (and `input` on its console) under /usr/bin/time. */
export function timeQemu(args: readonly string[], input?: string): Timed & { status: number | null; stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', 'qemu-system-riscv32', '-machine', 'virt', '-nographic', ...args], {
    input: input ?? '',
    encoding: 'latin1',
    maxBuffer: 1 << 28,
    timeout: 600_000,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, user, sys] = last.split(/\s+/).map(Number);
  if (![wall, user, sys].every(Number.isFinite)) throw new Error(`qemu-system-riscv32 ${args.join(' ')}: no timing (${r.stderr.slice(-200)})`);
  return { status: r.status, stdout: r.stdout, wallMs: wall * 1000, cpuMs: (user + sys) * 1000 };
}
