/**
 * How a board was built, read from the board itself — its RAM, ISA, PMP
 * entries, command line, virtio transport and the device in each slot —
 * so that a restore builds the same board before loading the state into
 * it. A disk is recorded by identity (disk.ts); a network card by its MAC
 * and its backend, which must be the echo peer: a socket's peer is another
 * process, outside any snapshot.
 */
import type { IsaName } from '../machine/board.js';
import type { Machine, MachineOptions } from '../machine/machine.js';
import { VirtioBlk } from '../machine/devices/virtio/blk.js';
import { VirtioNet } from '../machine/devices/virtio/net.js';
import { EchoPeer } from '../machine/devices/virtio/net-echo.js';
import type { VirtioDevice } from '../machine/devices/virtio/device.js';
import type { BlockBackend } from '../machine/devices/virtio/block-backend.js';
import { checkDisk, diskIdentity, reopenDisk, type DiskIdentity } from './disk.js';
import { snapshotErrors } from './errors.js';

/** One virtio slot's device, as a snapshot records it. */
export type SlotSetup =
  | { readonly kind: 'blk'; readonly slot: number; readonly serial: string; readonly disk: DiskIdentity }
  | { readonly kind: 'net'; readonly slot: number; readonly mac: Uint8Array; readonly backend: 'echo' };

/** How to build a board again. */
export interface BoardSetup {
  readonly ramSize: number;
  readonly isa: IsaName;
  readonly pmp: number;
  readonly bootargs: string | undefined;
  readonly virtio: 'legacy' | 'modern';
  readonly slots: readonly SlotSetup[];
}

/** What a set of virtio slots holds, for a snapshot (shared with a VM's guest board). */
export function slotSetups(devices: readonly (VirtioDevice | undefined)[]): SlotSetup[] {
  const out: SlotSetup[] = [];
  devices.forEach((d, slot) => {
    if (!d) return;
    if (d instanceof VirtioBlk) out.push({ kind: 'blk', slot, serial: d.serial, disk: diskIdentity(d.backend) });
    else if (d instanceof VirtioNet) {
      if (!(d.backend instanceof EchoPeer)) throw snapshotErrors.cannotSave(`the network card in virtio slot ${slot} talks to ${d.backend.name}, a peer outside the snapshot (use --netdev echo)`);
      out.push({ kind: 'net', slot, mac: d.mac.slice(), backend: 'echo' });
    } else throw snapshotErrors.cannotSave(`virtio slot ${slot} holds a device a snapshot does not know`);
  });
  return out;
}

/** The board's setup (its devices' disks flushed and hashed now). */
export function boardSetup(m: Machine): BoardSetup {
  return {
    ramSize: m.bus.ramSize, isa: m.isa, pmp: m.hart.pmp.count, bootargs: m.description.bootargs,
    virtio: m.virtio[0]?.modern ? 'modern' : 'legacy',
    slots: slotSetups(m.virtio.map((t) => t.device)),
  };
}

/**
 * The devices of the slots again: each disk reopened (or given by
 * `disk(slot)`) and checked unchanged, a fresh echo peer for each card.
 */
export function rebuildSlots(slots: readonly SlotSetup[], disk?: (slot: number) => BlockBackend | undefined): (VirtioDevice | undefined)[] {
  const out: (VirtioDevice | undefined)[] = new Array(8).fill(undefined);
  const opened: BlockBackend[] = [];
  try {
    for (const s of slots) {
      if (!Number.isInteger(s.slot) || s.slot < 0 || s.slot >= out.length || out[s.slot]) throw snapshotErrors.corrupt(`virtio slot ${s.slot}`);
      if (s.kind === 'blk') {
        const given = disk?.(s.slot);
        if (given) checkDisk(given, s.disk);
        const backend = given ?? reopenDisk(s.disk);
        if (!given) opened.push(backend);
        out[s.slot] = new VirtioBlk({ backend, serial: s.serial });
      } else if (s.kind === 'net') {
        if (!(s.mac instanceof Uint8Array) || s.mac.length !== 6) throw snapshotErrors.corrupt('a network card\'s MAC');
        out[s.slot] = new VirtioNet({ backend: new EchoPeer(), mac: s.mac });
      } else throw snapshotErrors.corrupt(`a virtio device of kind '${(s as { kind: string }).kind}'`);
    }
  } catch (e) {
    for (const b of opened) b.close();
    throw e;
  }
  return out;
}

/** Machine options that build the board a setup describes (the sinks are the caller's). */
export function machineOptions(s: BoardSetup, devices: readonly (VirtioDevice | undefined)[], sinks: Pick<MachineOptions, 'output' | 'onMarker'>): MachineOptions {
  return { ramSize: s.ramSize, isa: s.isa, pmp: s.pmp, bootargs: s.bootargs, virtio: s.virtio, virtioDevices: devices, ...sinks };
}
