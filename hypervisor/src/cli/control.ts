/**
 * `--control ADDR` of `pvlab boot` and `pvlab receive`: the flag's help and
 * checks, the control socket served beside the run (control/), and the
 * services the controller hands `snapshot`, `balloon` and `migrate` to.
 */
import { ControlAddressError, parseControlAddress, type ControlAddress } from '../control/address.js';
import { ControlServer } from '../control/server.js';
import type { ControlServices, VmController } from '../control/controller.js';
import type { RestoreOptions } from '../boot/types.js';
import { pvlabVersion } from '../bench/version.js';
import { migrate, senderHostOf } from '../migration/sender.js';
import { snapshotCodec } from '../migration/snapshot-codec.js';
import type { VmStateCodec } from '../migration/vm-state.js';
import { snapshotFailure, writeSnapshot } from './snapshot.js';
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

/** The state a migration carries beside the pages: a snapshot of the boot without RAM (`sinks`: where a restored boot's output goes). */
export const stateCodec = (sinks: RestoreOptions = {}): VmStateCodec => snapshotCodec({ pvlab: pvlabVersion(), restore: sinks });

/**
 * The services a controlled boot offers: `snapshot` (the whole boot to a
 * file, as --snapshot-at writes it), `migrate` (live, to a `pvlab receive`),
 * and `balloon` under the hypervisor (the balloon's `setBalloonTarget`; a
 * trapped VM's unmodified kernel has no driver, and says so).
 */
export function controlServices(controller: VmController): ControlServices {
  const handle = controller.handle, hv = handle.hypervisor;
  return {
    snapshot: async (vm: number, file: string) => {
      let bytes: Uint8Array;
      try {
        bytes = handle.snapshot(pvlabVersion());
      } catch (e) {
        snapshotFailure(file, e);
      }
      writeSnapshot(file, bytes);
      const n = controller.count;
      return { file, bytes: bytes.length, instructions: controller.list()[vm].instructions, holds: n > 1 ? `the whole boot: all ${n} VMs` : 'the whole boot', restore: `pvlab boot --restore ${file}` };
    },
    migrate: async (vm: number, to: string) => {
      const report = await migrate(senderHostOf(controller, vm), { to: parseControlAddress(to, 'migrate', { listening: false, unix: false }), mode: controller.mode, codec: stateCodec() });
      return { ...report };
    },
    ...(hv ? {
      balloon: async (vm: number, bytes: number) => {
        hv.setBalloonTarget(vm, bytes);
        const m = hv.memoryOf(vm);
        return { target: m.target * 4096, pages: m.pages, maxPages: m.maxPages, ballooned: m.ballooned, note: 'the guest moves toward the target as it runs' };
      },
    } : {}),
  };
}
