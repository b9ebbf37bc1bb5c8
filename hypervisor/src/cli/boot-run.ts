/**
 * Running a booted (or received) VM under the control plane, the way the
 * command line does it: on the terminal (keys to the console, the console
 * escape to the controller), served beside a control socket (a scripted
 * run that answers requests while it runs), paced to a socket device, or
 * straight through. Shared by `pvlab boot` and `pvlab receive`.
 */
import type { BootHandle, BootSlice } from '../boot/types.js';
import type { VmController } from '../control/controller.js';
import type { ControlServer } from '../control/server.js';
import { HostPace, runPaced } from './host-pace.js';
import { servedRun } from './served-run.js';
import { runOnTerminal } from './terminal.js';

export interface ControlledRunOptions {
  readonly max: number;
  /** Write the console out. */
  readonly flush: () => void;
  /** The user's terminal holds the console (keys in, the escape keys to the controller). */
  readonly interactive: boolean;
  /** A control socket is served: a scripted run gives the event loop turns. */
  readonly server: ControlServer | undefined;
  /** Idle time passes at the host's pace (a socket device). */
  readonly realTimeIdle: boolean;
}

/** Instructions between two looks at the socket in a paced run. */
const PACED_SLICE = 5_000_000;

/** Run `handle` under `controller` until it ends; `left` when the user left with Ctrl-A x. */
export async function runControlled(handle: BootHandle, controller: VmController, o: ControlledRunOptions): Promise<{ left: boolean }> {
  const paced = () => new HostPace<BootSlice>(handle.machine, (n) => handle.run(n));
  if (o.interactive) {
    // With a socket, an idle stop lets host time pass (host-pace.ts); without, the guest's time stands while it waits for keys.
    const pace = paced();
    const t = await runOnTerminal<BootSlice>(
      {
        run: (n) => (o.realTimeIdle ? pace.run(n) : handle.run(n)), feed: (b) => handle.feed(b), instructions: (r) => r.instructions,
        waiting: (r) => r.stop === 'idle', finished: (r) => r.stop === 'shutdown',
        held: () => controller.held(() => pace.rest()), ended: () => controller.ended,
      },
      o.max, o.flush, (r) => controller.execute(r),
    );
    return { left: t.quit };
  }
  if (o.server) await servedRun(handle, controller, { max: o.max, flush: o.flush, pace: o.realTimeIdle ? paced() : undefined });
  // A scripted run whose guest hears a socket: the end of the script does not end it (the peer may still speak), as on QEMU.
  else if (o.realTimeIdle) await runPaced(paced(), o.max, PACED_SLICE, o.flush, (r) => r.stop === 'shutdown');
  else handle.run(o.max);
  return { left: false };
}
