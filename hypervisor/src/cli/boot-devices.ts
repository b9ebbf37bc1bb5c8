/**
 * `pvlab boot --drive/--netdev/--append`: the virtio devices and the kernel
 * command line of each VM (VM 0 natively). The disk goes in slot 7 and the
 * card in slot 6 beside it (7 alone), where QEMU puts its first two
 * `-device`s. `--drive` may be given once per VM: the k-th is VM k's disk,
 * each its own image (one image for two VMs would be two writers).
 *
 *   --netdev echo[,mac=M]     each VM's card on its own echo peer
 *   --netdev switch[,mac=M]   every VM's card on one virtual switch (net-switch.ts),
 *                             so the VMs of the run reach each other
 *   --netdev dgram,local=127.0.0.1:P,remote=127.0.0.1:Q[,mac=M]
 *                             one VM's card on a UDP socket in QEMU's -netdev
 *                             dgram format, to another pvlab or a QEMU guest:
 *                             idle time then passes at the host's pace
 *
 * On the switch, VM k's card has the MAC M (QEMU's 52:54:00:12:34:56 by
 * default) with k added to its last byte, and its command line starts with
 * `ip=10.0.0.(2+k) peer=10.0.0.(2+k+1)` (the last VM's peer is VM 0): the
 * kernel reads the words in order, so `--append` may still override them.
 *
 * In paravirt mode there are no virtio devices: the same backends are
 * served by the split drivers' back ends (a disk by blkif's, a card by
 * netif's), and a VM with a card gets a device tree for its command line.
 */
import { placeDevices, type DriveOptions, type VirtioSlots } from '../machine/board.js';
import { EchoPeer } from '../machine/devices/virtio/net-echo.js';
import { DEFAULT_MAC } from '../machine/devices/virtio/net.js';
import { VirtualSwitch } from '../machine/devices/virtio/net-switch.js';
import { realpathSync } from 'node:fs';
import { parseDrive } from './drive.js';
import { openNetdev, parseNetdev } from './netdev.js';
import { UsageError } from './output.js';
import { ImageFile, type BlockBackend } from '../machine/devices/virtio/block-backend.js';
import type { NetBackend } from '../machine/devices/virtio/net-backend.js';
import type { PvNic } from '../vmm/vm.js';

/** The backends of `pvlab boot --netdev`, with their options. */
const BOOT_NETDEVS = { echo: ['mac'], switch: ['mac'], dgram: ['local', 'remote', 'mac'] } as const;

/** The devices and command line of each VM; both undefined without --drive and --netdev. */
export interface BootDevices {
  readonly devices?: (vm: number) => VirtioSlots | undefined;
  readonly bootargs?: (vm: number) => string | undefined;
  /** The switch joining the VMs' cards, with --netdev switch. */
  readonly switch?: VirtualSwitch;
  /** Paravirt mode: each VM's disk for the split driver's back end (no virtio device). */
  readonly disks?: (vm: number) => BlockBackend | undefined;
  /** Paravirt mode: each VM's network card for the split driver's back end (no virtio device). */
  readonly nics?: (vm: number) => PvNic | undefined;
  /** A card's input arrives in host time (a dgram socket): the run paces its idle time to the host's. */
  readonly realTimeIdle?: boolean;
  /** Release what was opened (the socket). */
  readonly close: () => void;
}

/** The switch network's addresses: 10.0.0.0/24, VM k at .2+k (the echo peer's defaults, with room for MAX_VMS). */
export const switchAddress = (vm: number) => `10.0.0.${2 + vm}`;

/** VM k's MAC on the switch: `base` with k added to its last byte. */
export function switchMac(base: Uint8Array, vm: number): Uint8Array {
  const mac = base.slice();
  mac[5] = (mac[5] + vm) & 0xff;
  return mac;
}

export async function bootDevices(values: { drive?: readonly string[]; netdev?: string; append?: string; mode?: string }, vms: number): Promise<BootDevices> {
  const { drive: driveSpecs = [], netdev, append } = values;
  if (driveSpecs.length === 0 && netdev === undefined) {
    if (append !== undefined) throw new UsageError('boot: --append is the kernel command line of a board with devices: give --drive or --netdev');
    return { close: () => {} };
  }
  if (values.mode === 'paravirt' && netdev === undefined && append !== undefined) {
    throw new UsageError('boot: --append is the kernel command line of a VM with a network card, in paravirt mode: give --netdev');
  }
  if (driveSpecs.length > vms) {
    throw new UsageError(`boot: ${driveSpecs.length} --drive for ${vms} VM${vms > 1 ? 's' : ''}: the k-th --drive is VM k's disk (give --mode trap or paravirt and --vms N)`);
  }
  const nic = netdev === undefined ? undefined : parseNetdev('boot', netdev, BOOT_NETDEVS);
  const kind = nic?.kind;
  if (kind === 'switch' && (values.mode ?? 'native') === 'native') throw new UsageError('boot: --netdev switch joins the VMs of one run: give --mode trap or paravirt, and --vms N');
  if (kind === 'dgram' && vms > 1) throw new UsageError('boot: --netdev dgram is one socket, for one VM: leave out --vms (the VMs of one run reach each other with --netdev switch)');
  const drives = openDrives(driveSpecs);
  const mac = nic?.mac;
  // A socket is bound now, before the run starts (a port in use is a usage error, as for pvlab run).
  const socket = kind === 'dgram' ? (await openNetdev('boot', netdev!)).backend : undefined;
  const sw = kind === 'switch' ? new VirtualSwitch() : undefined;
  const nicSlot = drives.length > 0 ? 6 : 7;
  /** VM k's card: its backend and MAC (each VM its own echo peer; on the switch its own port and MAC). */
  const card = (vm: number): { backend: NetBackend; mac?: Uint8Array } =>
    sw ? { backend: sw.port(), mac: switchMac(mac ?? DEFAULT_MAC, vm) } : { backend: socket ?? new EchoPeer(), mac };
  const bootargs = (vm: number) => {
    if (!sw) return append;
    const own = `ip=${switchAddress(vm)} peer=${switchAddress((vm + 1) % vms)}`;
    return append === undefined ? own : `${own} ${append}`;
  };
  const shared = {
    switch: sw,
    realTimeIdle: socket !== undefined,
    close: () => {
      for (const d of drives) d.backend.close();
      socket?.close();
    },
    bootargs,
  };
  if (values.mode === 'paravirt') {
    // The split drivers' back ends serve the same backends: no virtio device, a device tree for the command line only.
    return {
      ...shared,
      disks: drives.length > 0 ? (vm) => drives[vm]?.backend : undefined,
      nics: netdev === undefined ? undefined : (vm) => {
        const c = card(vm);
        return { backend: c.backend, mac: c.mac ?? DEFAULT_MAC };
      },
    };
  }
  return {
    ...shared,
    devices: (vm) => ({
      modern: false,
      devices: placeDevices(
        drives[vm] ? [{ ...drives[vm], slot: 7 }] : [],
        netdev === undefined ? [] : [{ ...card(vm), slot: nicSlot }],
      ),
    }),
  };
}

/** Each `--drive`'s image, opened; one image named twice (by any path) is a usage error: two VMs would write it behind each other's back. */
function openDrives(specs: readonly string[]): DriveOptions[] {
  const seen = new Map<string, string>();
  const drives: DriveOptions[] = [];
  try {
    for (const spec of specs) {
      const drive = parseDrive('boot', spec);
      drives.push(drive);
      const path = drive.backend instanceof ImageFile ? drive.backend.path : spec;
      const real = realpathSync(path);
      if (seen.has(real)) throw new UsageError(`boot: --drive ${spec}: '${path}' is the disk of another VM already (${seen.get(real)}): give each VM its own image`);
      seen.set(real, spec);
    }
  } catch (e) {
    for (const d of drives) d.backend.close();
    throw e;
  }
  return drives;
}
