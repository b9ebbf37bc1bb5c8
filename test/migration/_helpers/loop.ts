/**
 * In-process migrations for the tests: a run loop that gives Node's event
 * loop a turn after every slice (as `pvlab boot --control` does), and a
 * sender and a receiver in the same process over a loopback socket.
 */
import { buildKernel } from '@pvlab/guest-kernel';
import { VmController, migrate, receiveVm, senderHostOf, startBoot, type BootHandle, type BootMode, type BootOptions, type MigrationReport, type Received, type VmStateCodec } from '@pvlab/hypervisor';
import { images } from '../../boot/_helpers/kernel.js';

export const pv = buildKernel({ paravirt: true }).elf;
export const kernelOf = (mode: BootMode) => (mode === 'paravirt' ? pv : images().kernel);

/** Run `handle` in slices of `slice` under `controller`, a turn of the event loop after each, until `stop()` or the run ends. */
export function runLoop(handle: BootHandle, controller: VmController, slice = 200_000) {
  let stopped = false;
  const done = (async () => {
    while (!stopped && !controller.ended) {
      if (controller.runnable) {
        const r = handle.run(slice);
        if (r.stop !== 'budget' && !controller.working) break;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return { stop: () => ((stopped = true), done), done };
}

export interface Hop {
  readonly report: MigrationReport;
  readonly received: Received;
}

/** Migrate VM 0 of `controller`'s boot to a receiver in this process; resolves with both ends. */
export async function migrateHere(controller: VmController, mode: BootMode, codec: VmStateCodec, o: { stopPages?: number; maxRounds?: number } = {}): Promise<Hop> {
  let listening!: (where: string) => void;
  const at = new Promise<string>((resolve) => (listening = resolve));
  const receiving = receiveVm({ address: { kind: 'tcp', host: '127.0.0.1', port: 0 }, accept: { mode }, codec, onListening: listening });
  const port = Number((await at).split(':').pop());
  const report = await migrate(senderHostOf(controller, 0), { to: { kind: 'tcp', host: '127.0.0.1', port }, mode, codec, ...o });
  return { report, received: await receiving };
}

/** A fresh boot of `mode` for a receiver (no script: the VM's input comes with it). */
export const freshBoot = (mode: BootMode, options: BootOptions = {}) => () => startBoot(kernelOf(mode), { mode, ...options });
