/**
 * A scripted run with a control socket (`pvlab boot --script … --control
 * ADDR`, `pvlab receive`): the board runs in slices and Node's event loop
 * gets a turn between them, so control requests are answered while the
 * guest runs; while every VM is paused the board does not run at all. The
 * run ends as a scripted run does — the guests shut down, the budget is
 * spent, or (without a socket device) the guest waits for input that
 * cannot come — or when every VM was destroyed or migrated away; never in
 * the middle of an operation (a migration still sending).
 */
import type { BootHandle, BootSlice } from '../boot/types.js';
import type { VmController } from '../control/controller.js';
import { IDLE_POLL_MS, hostWait, type HostPace } from './host-pace.js';

/** Instructions between two turns of the event loop: about 20 ms of guest at 250 MIPS, less on a slow host. */
export const SERVED_SLICE = 2_000_000;
/** How long a paused run sleeps before it looks again (ms). */
const NAP_MS = 10;

export interface ServedRunOptions {
  readonly max: number;
  /** Write the console out (after every slice). */
  readonly flush: () => void;
  /** Idle time at the host's pace (a socket device): an idle guest waits for frames instead of ending the run. */
  readonly pace?: HostPace<BootSlice>;
}

/** Run `handle` under `controller` until the run ends; returns the last slice (undefined if none ran). */
export async function servedRun(handle: BootHandle, controller: VmController, o: ServedRunOptions): Promise<BootSlice | undefined> {
  let spent = 0;
  let last: BootSlice | undefined;
  for (;;) {
    if (controller.ended && !controller.working) return last;
    if (!controller.runnable) {
      o.pace?.rest(); // a paused guest's time stands: the host's pause is no idle time of its own
      await hostWait(NAP_MS);
      continue;
    }
    const n = Math.min(o.max - spent, SERVED_SLICE);
    const r = (last = o.pace ? o.pace.run(n) : handle.run(n));
    o.flush();
    spent += r.stop === 'idle' ? r.instructions : n;
    const over = (r.stop === 'shutdown' || spent >= o.max || (r.stop === 'idle' && !o.pace && !controller.holding)) && controller.runnable;
    if (over && !controller.working) return r;
    await (r.stop === 'idle' || over ? hostWait(o.pace ? IDLE_POLL_MS : NAP_MS) : new Promise((resolve) => setImmediate(resolve)));
  }
}
