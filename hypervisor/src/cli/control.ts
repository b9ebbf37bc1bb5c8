/**
 * `--control ADDR` of `pvlab boot` and `pvlab receive`: the flag's help and
 * checks, the control socket served beside the run (control/), and the
 * services the controller hands `snapshot`, `balloon` and `migrate` to.
 */
import { ControlAddressError, parseControlAddress, type ControlAddress } from '../control/address.js';
import { ControlServer } from '../control/server.js';
import type { ControlServices, VmController } from '../control/controller.js';
import { UsageError } from './output.js';

/** The flag's lines in a command's --help. */
export const CONTROL_HELP = `  --control ADDR   serve the control socket on ADDR, the loopback interface only
                   (127.0.0.1:PORT, [::1]:PORT; port 0: any free port, printed) or a
                   Unix socket PATH: pvlab ctl --connect ADDR list|pause|resume|snapshot|
                   balloon|migrate|destroy (see pvlab ctl --help)`;

/** `--control`'s address, checked (undefined without it). */
export function controlAddress(command: string, text: string | undefined, flag = '--control'): ControlAddress | undefined {
  if (text === undefined) return undefined;
  try {
    return parseControlAddress(text, `${command}: ${flag}`, { listening: true, unix: true });
  } catch (e) {
    if (e instanceof ControlAddressError) throw new UsageError(e.message);
    throw e;
  }
}

/** Why a server could not listen, in words (EADDRINUSE, …). */
export function listenProblem(what: string, where: string, e: unknown): UsageError | undefined {
  const code = (e as { code?: string }).code;
  const why = { EADDRINUSE: 'the address is in use', EACCES: 'permission denied', EADDRNOTAVAIL: 'no such address here', ENOENT: 'no such directory' }[code ?? ''];
  return why ? new UsageError(`cannot serve ${what} on ${where}: ${why}`) : undefined;
}

/** Serve `controller` on `address`, telling the user where (stderr). */
export async function serveControl(address: ControlAddress, controller: VmController): Promise<ControlServer> {
  try {
    const server = await ControlServer.listen({ address, execute: (r) => controller.execute(r) });
    process.stderr.write(`pvlab: control on ${server.where} (pvlab ctl --connect ${server.where} list)\n`);
    return server;
  } catch (e) {
    const where = address.kind === 'unix' ? address.path : `${address.host}:${address.port}`;
    throw listenProblem('control', where, e) ?? e;
  }
}

/**
 * The services a controlled boot offers: `balloon` under the hypervisor (the
 * balloon's `setBalloonTarget`; a trapped VM's unmodified kernel has no
 * driver, and says so).
 */
export function controlServices(controller: VmController): ControlServices {
  const hv = controller.handle.hypervisor;
  return {
    ...(hv ? {
      balloon: async (vm: number, bytes: number) => {
        hv.setBalloonTarget(vm, bytes);
        const m = hv.memoryOf(vm);
        return { target: m.target * 4096, pages: m.pages, maxPages: m.maxPages, ballooned: m.ballooned, note: 'the guest moves toward the target as it runs' };
      },
    } : {}),
  };
}
