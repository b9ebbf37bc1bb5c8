/**
 * `pvlab boot --restore FILE`: a snapshotted boot built again from the file
 * and run on (`runBoot`), its console on stdout from where it stopped.
 */
import { BOOT_MODE_NAMES, isBootMode, restoreBoot, type BootHandle, type BootMode } from '../../boot/index.js';
import { readStdin } from '../files.js';
import { ConsoleOut, UsageError } from '../output.js';
import { readSnapshot, refuseWithRestore, snapshotFailure } from '../snapshot.js';
import { exitLine } from '../../vmm/exit-report.js';
import { readFileSync } from 'node:fs';

/** What a restore takes from the file, and so refuses on the command line (a boot with --hypercalls is not snapshotted: its handlers' state is theirs). */
const FROM_FILE = ['firmware', 'memory', 'vms', 'drive', 'netdev', 'append', 'gdb', 'gdb-wait', 'hypercalls'] as const;

/** The options of `pvlab boot` a restore reads. */
interface RestoreValues extends Readonly<Record<string, unknown>> {
  readonly restore?: string;
  readonly mode?: string;
  readonly json?: boolean;
  readonly trace?: boolean;
  readonly script?: string;
  readonly 'max-insns'?: number;
}

/** What boot.ts lends a restore: its multi-VM console, and its way of running a handle (no import back into boot.ts). */
interface BootCommandParts {
  readonly prefixed: (out: ConsoleOut, vms: number) => (vm: number, byte: number) => void;
  readonly run: (handle: BootHandle, o: { max: number; mode: BootMode; interactive: boolean; realTimeIdle: boolean; close: () => void; out: ConsoleOut }) => Promise<number>;
}

export async function restoredBoot(values: RestoreValues, positionals: string[], parts: BootCommandParts): Promise<number> {
  const file = values.restore!;
  refuseWithRestore('boot', values, FROM_FILE, positionals);
  if (values.mode !== undefined && !isBootMode(values.mode)) throw new UsageError(`boot: unknown mode '${values.mode}' (modes: ${BOOT_MODE_NAMES.join(', ')})`);
  const bytes = readSnapshot(file);
  const out = new ConsoleOut(values.json ? () => {} : undefined);
  // How many VMs print is in the file: the sinks choose once it is read.
  let many: ((vm: number, b: number) => void) | undefined;
  let handle: BootHandle;
  try {
    handle = restoreBoot(bytes, {
      mode: values.mode as never,
      onOutput: (b) => (many ? undefined : out.push(b)),
      onGuestOutput: (vm, b) => many?.(vm, b),
      onExit: values.trace ? (r) => {
        out.flush();
        process.stderr.write(exitLine(r, handle.hypervisor?.vms.length ?? 1) + '\n');
      } : undefined,
    });
  } catch (e) {
    snapshotFailure(file, e);
  }
  const vms = handle.hypervisor?.vms.length ?? 1;
  if (vms > 1) many = parts.prefixed(out, vms);
  let script: Uint8Array | undefined;
  if (values.script !== undefined) script = values.script === '-' ? readStdin() : readScript(values.script);
  else if (!process.stdin.isTTY) script = readStdin();
  if (script?.length) handle.feed(script);
  return parts.run(handle, { mode: handle.result().mode, max: values['max-insns'] ?? Infinity, interactive: script === undefined && process.stdin.isTTY === true, realTimeIdle: false, close: () => closeDevices(handle), out });
}

function readScript(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch {
    throw new UsageError(`boot: cannot read script '${path}'`);
  }
}

/** The disk images the restore opened. */
export function closeDevices(handle: BootHandle): void {
  const boards = [handle.machine, ...(handle.hypervisor?.vms.map((v) => v.guest) ?? [])];
  for (const b of boards) for (const t of b.virtio) (t.device as { backend?: { close(): void } } | undefined)?.backend?.close();
  for (const vm of handle.hypervisor?.vms ?? []) vm.disk?.close();
}
