/**
 * Idle time at the host's pace, for a board whose input arrives in host
 * time (a network socket, `Machine`'s `realTimeIdle`): when a run stops
 * `'idle'`, the host waits, and the time it waited passes for the guest
 * before the next slice. Busy guests still run as fast as they can.
 */
import { TIMEBASE_HZ } from '../machine/board.js';
import type { Machine, RunResult } from '../machine/machine.js';

/** How long the host waits when the guest idles before looking again (ms). */
export const IDLE_POLL_MS = 1;

export class HostPace<R extends { readonly stop: string } = RunResult> {
  private idleSince: number | undefined;
  private readonly cyclesPerMs: number;

  /**
   * `machine`'s idle time, paced; `slice` runs it (by default `machine.run`;
   * a boot's handle, which stops `idle` where the machine did).
   */
  constructor(readonly machine: Machine, private readonly slice: (n: number) => R = (n) => machine.run(n) as unknown as R) {
    this.cyclesPerMs = (TIMEBASE_HZ * machine.cyclesPerTick) / 1000;
  }

  /** Forget the host time since the last idle stop (the run was paused: that time is no guest's). */
  rest(): void {
    this.idleSince = undefined;
  }

  /** `slice(n)`, after letting the host time since the last idle stop pass. */
  run(n: number): R {
    if (this.idleSince !== undefined) {
      this.machine.idle((performance.now() - this.idleSince) * this.cyclesPerMs);
      this.idleSince = undefined;
    }
    const r = this.slice(n);
    if (r.stop === 'idle') this.idleSince = performance.now();
    return r;
  }
}

/** Wait `ms` on the host, letting its events (socket frames) in. */
export const hostWait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A scripted run at the host's pace: slices of at most `slice` instructions
 * until `done` says a slice ended the run or `max` instructions are spent.
 * After an idle stop the host waits (a socket's frame may come); after a
 * busy slice it yields once, so frames get in while the guest computes.
 * Returns the last slice.
 */
export async function runPaced<R extends { readonly stop: string; readonly instructions: number }>(
  pace: HostPace<R>, max: number, slice: number, flush: () => void, done: (r: R) => boolean,
): Promise<R> {
  let spent = 0;
  for (;;) {
    const n = Math.min(max - spent, slice);
    const r = pace.run(n);
    flush();
    spent += r.stop === 'idle' ? r.instructions : n;
    if (done(r) || spent >= max) return r;
    await (r.stop === 'idle' ? hostWait(IDLE_POLL_MS) : new Promise((resolve) => setImmediate(resolve)));
  }
}
