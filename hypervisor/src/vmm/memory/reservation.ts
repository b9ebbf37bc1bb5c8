/**
 * A VM's memory reservation: its p2m, the host's target, and the two
 * operations of the balloon — hand frames back, ask for frames again —
 * each checked whole before anything changes, so a hostile batch gets an
 * error and leaves the VM and the pool exactly as they were.
 */
import { PAGE_SIZE as PAGE } from '@pvlab/assembler';
import type { FramePool } from './frame-pool.js';
import { NONE, type P2m } from './p2m.js';

/** Why a batch was refused: the SBI error the handler returns, and the index of the frame. */
export interface Refusal {
  readonly error: 'INVALID_ADDRESS' | 'INVALID_PARAM' | 'DENIED';
  readonly index: number;
}

export class Reservation {
  /** The host's target for the reservation, in pages (setBalloonTarget). */
  target: number;

  constructor(readonly vm: number, readonly pool: FramePool, readonly p2m: P2m) {
    this.target = p2m.frames;
  }

  /** Frames the VM handed back or never got (its RAM minus its reservation). */
  get ballooned(): number {
    return this.p2m.frames - this.p2m.pages;
  }

  /**
   * Hand back guest frames `gfns`: each must be the VM's, named once,
   * populated, and not in use (`inUse` of their guest-physical addresses:
   * the index of the first a page table, a mapped page or a granted page, or
   * -1). Their machine frames go to the pool, zeroed. Nothing changes on a
   * refusal.
   */
  decrease(gfns: readonly number[], inUse: (gpas: readonly number[]) => number): Refusal | undefined {
    const refusal = this.check(gfns, true);
    if (refusal) return refusal;
    const used = inUse(gfns.map((g) => this.p2m.base + g * PAGE));
    if (used >= 0) return { error: 'DENIED', index: used };
    for (const g of gfns) this.pool.release(this.p2m.unpopulate(g), this.vm);
    this.p2m.settle();
    return undefined;
  }

  /**
   * Populate guest frames `gfns` again, in order, while the reservation is
   * below the target and the pool has frames: how many were (the first n).
   */
  increase(gfns: readonly number[]): Refusal | number {
    const refusal = this.check(gfns, false);
    if (refusal) return refusal;
    let n = 0;
    for (; n < gfns.length && this.p2m.pages < this.target; n++) {
      const f = this.pool.take(this.vm);
      if (f === undefined) break;
      this.p2m.populate(gfns[n], f);
    }
    this.p2m.settle();
    return n;
  }

  /** Every frame is the VM's, named once, and populated (`populated`) or not. */
  private check(gfns: readonly number[], populated: boolean): Refusal | undefined {
    const seen = new Set<number>();
    for (let i = 0; i < gfns.length; i++) {
      const g = gfns[i];
      if (!Number.isInteger(g) || g < 0 || g >= this.p2m.frames) return { error: 'INVALID_ADDRESS', index: i };
    }
    for (let i = 0; i < gfns.length; i++) {
      const g = gfns[i];
      if (seen.has(g) || (this.p2m.map[g] !== NONE) !== populated) return { error: 'INVALID_PARAM', index: i };
      seen.add(g);
    }
    return undefined;
  }
}
