/**
 * The board's memory for its VMs: the frame pool over the VM-frame area and
 * each VM's reservation, allocated at boot. VM k's frames start at its home
 * window (slot k of layout.ts) when the area holds it, so a board with room
 * for every VM (the default) gives each its slot, whole and in order — an
 * identity p2m, today's layout to the byte. A VM booted with less than its
 * RAM (`initial`, the balloon at boot) has its first frames populated (a
 * prefix of its RAM: what its kernel is told at boot) and the rest
 * unpopulated; a VM whose slot lies beyond a smaller area takes its frames
 * from the pool, lowest first.
 */
import { PAGE_SIZE as PAGE } from '@pvlab/assembler';
import type { Bus } from '../../machine/bus.js';
import type { VmSlot } from '../layout.js';
import { FramePool } from './frame-pool.js';
import { NONE, P2m } from './p2m.js';
import { Reservation } from './reservation.js';

const mib = (bytes: number) => (bytes % (1 << 20) === 0 ? `${bytes / (1 << 20)} MiB` : `${bytes} bytes`);

/** Why VMs with these initial reservations (bytes) do not fit in `frameArea` bytes, or undefined. */
export function reservationProblem(slots: readonly VmSlot[], initial: readonly (number | undefined)[], frameArea: number): string | undefined {
  let total = 0;
  for (let k = 0; k < slots.length; k++) {
    const r = initial[k] ?? slots[k].ramSize;
    if (!Number.isInteger(r) || r < PAGE || r % PAGE !== 0 || r > slots[k].ramSize) return `VM ${k}'s memory at boot must be whole 4 KiB pages from 4 KiB to its ${mib(slots[k].ramSize)}, not ${r}`;
    total += r;
  }
  if (total > frameArea) return `the VMs need ${mib(total)} at boot but the board holds ${mib(frameArea)} for them: balloon some down at boot (--balloon VM=SIZE)`;
  return undefined;
}

export class BoardMemory {
  readonly pool: FramePool;
  /** Each VM's reservation (its p2m and target), by VM id. */
  readonly vms: readonly Reservation[];

  constructor(board: Bus, slots: readonly VmSlot[], frameArea: number, initial: readonly (number | undefined)[] = []) {
    const problem = reservationProblem(slots, initial, frameArea);
    if (problem) throw new RangeError(problem);
    const base = board.ramBase;
    this.pool = new FramePool(board, base, frameArea);
    const p2ms = slots.map((s) => new P2m(this.pool, base, s.ramSize, s.ramHost < 0 ? NONE : (s.ramHost - base) / PAGE));
    const pages = slots.map((s, k) => (initial[k] ?? s.ramSize) / PAGE);
    // Homes first, so every VM that has one gets it; then the others, from the lowest frames left.
    p2ms.forEach((p, k) => {
      if (p.home === NONE) return;
      for (let g = 0; g < pages[k]; g++) {
        this.pool.claim(p.home + g, k);
        p.populate(g, p.home + g);
      }
    });
    let next = 0;
    p2ms.forEach((p, k) => {
      if (p.home !== NONE) return;
      for (let g = 0; g < pages[k]; g++) {
        while (this.pool.owner[next] !== -1) next++;
        this.pool.claim(next, k);
        p.populate(g, next);
      }
    });
    this.pool.seal();
    this.vms = p2ms.map((p, k) => {
      p.settle();
      const r = new Reservation(k, this.pool, p);
      r.target = pages[k];
      return r;
    });
  }
}
