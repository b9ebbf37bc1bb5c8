/**
 * Snapshot and restore of a boot under the hypervisor (trap and paravirt),
 * whole: the board (its hart, devices, events and RAM — every VM's slot and
 * shadow pool), the hypervisor's schedule, each VM's state (vCPU, guest
 * devices, exit statistics, hypercall counts, the shadow pager's
 * bookkeeping, grants, event channels, the split drivers' rings), the
 * sessions (transcripts, markers, exits per measured region), and what
 * builds it again: the kernel, the VM count and RAM, each VM's devices and
 * command line. A restore builds the same hypervisor through
 * `bootHypervised` and puts the state on it before anything runs: the
 * shadow tables are as they were (the pools are RAM), so no hidden fault is
 * taken again and every exit count continues exactly.
 */
import type { Hypervisor } from '../vmm/hypervisor.js';
import { ExitStats, type ExitStatsState } from '../vmm/exit-stats.js';
import { VmStateError } from '../vmm/vm-state.js';
import { loadBoard, saveBoard, type BoardState } from '../machine/board-state.js';
import { EchoPeer } from '../machine/devices/virtio/net-echo.js';
import type { BlockBackend } from '../machine/devices/virtio/block-backend.js';
import { rebuildSlots, slotSetups, type SlotSetup } from '../snapshot/board-setup.js';
import { SECTION_LIMITS, built, loaded, saveState } from '../snapshot/bare.js';
import { checkDisk, diskIdentity, reopenDisk, type DiskIdentity } from '../snapshot/disk.js';
import { encodeSnapshot, type SnapshotDoc } from '../snapshot/format.js';
import { decodeState, encodeState } from '../snapshot/json.js';
import { ramSections, restoreBoardRam } from '../snapshot/ram.js';
import { snapshotErrors } from '../snapshot/errors.js';
import type { BootSession, SessionState } from './session.js';
import { bootargsOf, type BootHandle, type RegionExits, type ResolvedBootOptions, type RestoreOptions } from './types.js';
import type { HypervisorState } from '../vmm/hypervisor.js';

/** What builds a hypervised boot again. */
interface HypervisedSetup {
  readonly mode: 'trap' | 'paravirt';
  readonly kernel: Uint8Array;
  readonly vms: number;
  /** Each VM's RAM. */
  readonly memory: number;
  /** The board's RAM for the VMs' frames, and the balloon's targets (each VM's memory at boot, those still to come); absent: no balloon. */
  readonly memoryTotal?: number;
  readonly balloon?: readonly { readonly vm: number; readonly bytes: number; readonly at?: number }[];
  readonly transcriptLimit: number | undefined;
  /** Per VM: its virtio devices (slots), its split drivers' disk and card, its command line. */
  readonly guests: readonly {
    readonly virtio: { readonly modern: boolean; readonly slots: readonly SlotSetup[] } | undefined;
    readonly disk: DiskIdentity | undefined;
    readonly nic: { readonly mac: Uint8Array } | undefined;
    readonly bootargs: string | undefined;
  }[];
}

interface HypervisedState {
  readonly board: BoardState;
  readonly hypervisor: HypervisorState;
  readonly sessions: readonly SessionState[];
  readonly opened: readonly (ExitStatsState | undefined)[];
  readonly regionExits: readonly { readonly items: readonly ExitStatsState[]; readonly total: number }[];
}

/** A hypervised boot's snapshot, between runs. */
export function captureHypervised(hv: Hypervisor, parts: { sessions: readonly BootSession[]; regionExits: RegionExits }, kernel: Uint8Array, options: ResolvedBootOptions, pvlab: string, ram: boolean): Uint8Array {
  if (options.hypercalls?.length) throw snapshotErrors.cannotSave('a boot with your own hypercalls (--hypercalls): their handlers\' state is theirs');
  const setup: HypervisedSetup = {
    mode: options.mode === 'paravirt' ? 'paravirt' : 'trap', kernel, vms: hv.vms.length, memory: hv.vms[0].slot.ramSize, transcriptLimit: options.transcriptLimit,
    ...(options.memoryTotal !== undefined ? { memoryTotal: options.memoryTotal } : {}),
    ...(options.balloon?.length ? { balloon: options.balloon.map((t) => (t.at === undefined ? { vm: t.vm, bytes: t.bytes } : { vm: t.vm, bytes: t.bytes, at: t.at })) } : {}),
    guests: hv.vms.map((vm, i) => {
      if (vm.nic && !(vm.nic.backend instanceof EchoPeer)) throw snapshotErrors.cannotSave(`VM ${i}'s network card talks to ${vm.nic.backend.name}: only the echo peer is in a snapshot (a socket's peer is another process; the switch is shared by the VMs): use --netdev echo`);
      const virtio = options.devices?.(i) === undefined ? undefined : { modern: vm.guest.virtio[0]?.modern ?? false, slots: slotSetups(vm.guest.virtio.map((t) => t.device)) };
      return { virtio, disk: vm.disk && diskIdentity(vm.disk), nic: vm.nic && { mac: vm.nic.mac.slice() }, bootargs: bootargsOf(options, i) };
    }),
  };
  const state: HypervisedState = saveState(() => {
    try {
      return {
        board: saveBoard(hv.machine, { name: (o) => hv.eventOwnerName(o), find: (n) => hv.eventOwner(n) }),
        hypervisor: hv.saveState(),
        sessions: parts.sessions.map((s) => s.save()),
        opened: parts.regionExits.opened.map((o) => o?.save()),
        regionExits: parts.regionExits.regionExits.map((t) => ({ items: t.list().map((x) => x.save()), total: t.total })),
      };
    } catch (e) {
      if (e instanceof VmStateError) throw snapshotErrors.cannotSave(e.message);
      throw e;
    }
  });
  return encodeSnapshot({ kind: setup.mode, pvlab, instructions: hv.machine.hart.retired() }, [
    { name: 'setup', bytes: encodeState(setup) },
    { name: 'state', bytes: encodeState(state) },
    ...ramSections(hv.machine.bus.u8, ram),
  ]);
}

/** Boot again what a hypervised snapshot describes and put its state on it: the handle runs on from where it stopped. */
export function restoreHypervised(doc: SnapshotDoc, o: RestoreOptions, bootHypervised: (kernel: Uint8Array, options: ResolvedBootOptions) => BootHandle): BootHandle {
  const setup = decodeState<HypervisedSetup>(doc.section('setup', SECTION_LIMITS.setup), 'setup');
  const state = decodeState<HypervisedState>(doc.section('state', SECTION_LIMITS.state), 'state');
  if (setup?.mode !== doc.header.kind || !(setup.kernel instanceof Uint8Array) || !Number.isInteger(setup.vms) || setup.vms < 1 || setup.vms > 64 || setup.guests?.length !== setup.vms) throw snapshotErrors.corrupt('its setup');
  const opened: BlockBackend[] = [];
  const disk = (i: number): BlockBackend | undefined => {
    const id = setup.guests[i].disk;
    if (!id) return undefined;
    const given = o.disk?.(i, -1);
    if (given) return checkDisk(given, id), given;
    const b = reopenDisk(id);
    opened.push(b);
    return b;
  };
  let handle: BootHandle;
  try {
    const disks = setup.guests.map((_, i) => disk(i));
    const virtio = setup.guests.map((g, i) => g.virtio && { modern: g.virtio.modern, devices: rebuildSlots(g.virtio.slots, (slot) => o.disk?.(i, slot)) });
    handle = built(() => bootHypervised(setup.kernel, {
      mode: setup.mode, maxInstructions: Infinity, vms: setup.vms, memory: setup.memory,
      ...(setup.memoryTotal !== undefined ? { memoryTotal: setup.memoryTotal } : {}),
      ...(setup.balloon ? { balloon: setup.balloon } : {}),
      transcriptLimit: o.transcriptLimit ?? setup.transcriptLimit,
      onOutput: o.onOutput, onMarker: o.onMarker, onGuestOutput: o.onGuestOutput, onExit: o.onExit, realTimeIdle: o.realTimeIdle,
      ...(virtio.some((v) => v) ? { devices: (i: number) => virtio[i] } : {}),
      ...(disks.some((d) => d) ? { disks: (i: number) => disks[i] } : {}),
      ...(setup.guests.some((g) => g.nic) ? { nics: (i: number) => setup.guests[i].nic && { backend: new EchoPeer(), mac: setup.guests[i].nic!.mac } } : {}),
      bootargs: (i: number) => setup.guests[i].bootargs ?? undefined,
      resume: ({ machine, hypervisor, sessions, regionExits }) => {
        const hv = hypervisor!;
        restoreBoardRam(machine.bus.u8, doc, o.ram);
        loaded(() => {
          hv.loadState(state.hypervisor);
          loadBoard(machine, state.board, { name: (x) => hv.eventOwnerName(x), find: (n) => hv.eventOwner(n) });
          if (state.sessions.length !== sessions.length) throw new RangeError('a session per VM');
          state.sessions.forEach((s, i) => sessions[i].load(s));
          state.opened.forEach((x, i) => (regionExits!.opened[i] = x ? ExitStats.from(x) : undefined));
          state.regionExits.forEach((r, i) => regionExits!.regionExits[i].load(r.items.map((x) => ExitStats.from(x)), r.total));
        });
      },
    }));
  } catch (e) {
    for (const b of opened) b.close();
    throw e;
  }
  return handle;
}
