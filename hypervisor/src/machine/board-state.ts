/**
 * A board's state as plain data, for a snapshot (hypervisor/src/snapshot):
 * the hart, every device, the events waiting in virtual time and how the
 * run stands. RAM is not here: a snapshot stores it apart, as pages
 * (snapshot/ram.ts). Each piece is saved by its owner (`save`/`load` on
 * the devices, hart/state.ts for the hart); this file only gathers them.
 *
 * The board a state is loaded into must be built the same way (the same
 * options, programs loaded, devices in the same slots): a snapshot keeps
 * what builds it beside the state.
 */
import type { Machine, MachineRunState } from './machine.js';
import { loadHart, saveHart, type HartState } from './hart/state.js';
import type { ClintState, FinisherState, HtifState, PlicState, UartState } from './devices/index.js';
import type { VirtioMmioState } from './devices/virtio/mmio-transport.js';
import type { EventSource } from './devices/device.js';
import type { EventQueueState, RestoredOwner } from './events.js';

/** A board's state, RAM aside. */
export interface BoardState {
  readonly hart: HartState;
  readonly clint: ClintState;
  readonly plic: PlicState;
  readonly uart: UartState;
  readonly finisher: FinisherState;
  readonly htif: HtifState | undefined;
  readonly virtio: readonly (VirtioMmioState | undefined)[];
  readonly events: EventQueueState;
  readonly run: MachineRunState;
}

/** Why a board cannot be saved: a device whose state is outside the board (a socket). */
export class BoardStateError extends Error {}

/**
 * Names for the owners of events beyond the board's own slots (a
 * hypervisor's VMs' devices), and the owners of those names on restore.
 */
export interface EventOwners {
  name(owner: EventSource): string | undefined;
  find(name: string): RestoredOwner | undefined;
}

/** The board's state between two runs. */
export function saveBoard(m: Machine, owners?: EventOwners): BoardState {
  for (const t of m.virtio) {
    const d = t.device as { snapshottable?: boolean } | undefined;
    if (d?.snapshottable === false) throw new BoardStateError(`${t.name}'s network backend is a socket: its peer is not in a snapshot (use --netdev echo)`);
  }
  return {
    hart: saveHart(m.hart),
    clint: m.clint.save(),
    plic: m.plic.save(),
    uart: m.uart.save(),
    finisher: m.finisher.save(),
    htif: m.htifDevice?.save(),
    virtio: m.virtio.map((t) => (t.device ? t.save() : undefined)),
    events: m.events.save((owner) => ownerName(m, owner, owners)),
    run: m.runState,
  };
}

/** Load a saved state into a board built the same way (RAM aside). */
export function loadBoard(m: Machine, s: BoardState, owners?: EventOwners): void {
  if (s.virtio.length !== m.virtio.length) throw new BoardStateError(`a state of ${s.virtio.length} virtio slots for a board of ${m.virtio.length}`);
  s.virtio.forEach((v, i) => {
    // (An empty slot is undefined, or null once through JSON.)
    if ((v == null) !== (m.virtio[i].device === undefined)) throw new BoardStateError(`virtio slot ${i} holds a device in the state or on the board, not both`);
    if (v) m.virtio[i].load(v);
  });
  if ((s.htif == null) !== (m.htifDevice === undefined)) throw new BoardStateError('HTIF is in the state or on the board, not both');
  if (s.htif) m.htifDevice!.load(s.htif);
  m.clint.load(s.clint);
  m.plic.load(s.plic);
  m.uart.load(s.uart);
  m.finisher.load(s.finisher);
  m.events.load(s.events, (name) => ownerOf(m, name, owners));
  m.runState = s.run;
  loadHart(m.hart, s.hart);
}

/** An event owner's name on the board: its virtio transport's (`virtio3`). */
function ownerName(m: Machine, owner: EventSource, owners: EventOwners | undefined): string {
  const name = m.virtio.find((v) => v === owner)?.name ?? owners?.name(owner);
  if (name === undefined) throw new BoardStateError('an event of an owner the board does not know');
  return name;
}

function ownerOf(m: Machine, name: string, owners: EventOwners | undefined): RestoredOwner {
  const t = m.virtio.find((v) => v.name === name);
  const found = t ? { source: t } : owners?.find(name);
  if (!found) throw new BoardStateError(`an event of '${name}', which the board does not have`);
  return found;
}
