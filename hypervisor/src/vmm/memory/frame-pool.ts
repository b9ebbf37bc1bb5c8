/**
 * The board's frame allocator: every 4 KiB machine frame of the VM-frame
 * area (the board's RAM below the shadow pools, layout.ts) is owned by one
 * VM or free. A frame a VM hands back (decrease_reservation) is zeroed at
 * once — nothing of its old owner stays in the pool — and may back another
 * VM's memory later (increase_reservation), as Xen's heap does.
 *
 * The free frames are a stack: the lowest free frame is handed out first
 * after boot, and the order is exactly reproducible (determinism).
 */
import { PAGE_SIZE as PAGE } from '@pvlab/assembler';
import type { Bus } from '../../machine/bus.js';

/** No VM owns the frame. */
export const FREE = -1;

export class FramePool {
  /** Machine frame (index in the area) → the id of the VM that owns it, or FREE. */
  readonly owner: Int16Array;
  /** Free frames, taken from the end. */
  readonly free: number[] = [];

  /** `base`, `size`: the VM-frame area's machine address and bytes, in the board's RAM `board`. */
  constructor(private readonly board: Bus, readonly base: number, readonly size: number) {
    if (base % PAGE !== 0 || size % PAGE !== 0 || size <= 0) throw new RangeError('the VM-frame area must be whole 4 KiB frames');
    this.owner = new Int16Array(size / PAGE).fill(FREE);
  }

  /** Frames in the area. */
  /** Who owns each frame and the free stack in its order (which frame the next `take` gives), for a snapshot. */
  save(): { readonly owner: Uint8Array; readonly free: readonly number[] } {
    return { owner: new Uint8Array(this.owner.slice().buffer), free: [...this.free] };
  }

  load(s: { readonly owner: Uint8Array; readonly free: readonly number[] }): void {
    if (s.owner.length !== this.owner.length * 2) throw new RangeError(`a frame pool of ${s.owner.length / 2} frames, not ${this.owner.length}`);
    this.owner.set(new Int16Array(s.owner.slice().buffer));
    if (s.free.some((f) => !Number.isInteger(f) || f < 0 || f >= this.owner.length || this.owner[f] !== FREE)) throw new RangeError('a free frame that is owned, or outside the pool');
    this.free.splice(0, this.free.length, ...s.free);
  }

  get frames(): number {
    return this.owner.length;
  }

  /** The machine address of frame `f`. */
  address(f: number): number {
    return this.base + f * PAGE;
  }

  /** At boot: VM `vm` owns frame `f` (it must be free). */
  claim(f: number, vm: number): void {
    if (this.owner[f] !== FREE) throw new Error(`frame ${f} is owned by VM ${this.owner[f]}`);
    this.owner[f] = vm;
  }

  /** At boot, after every claim: the frames nobody claimed become the pool, lowest first out. */
  seal(): void {
    this.free.length = 0;
    for (let f = this.owner.length - 1; f >= 0; f--) if (this.owner[f] === FREE) this.free.push(f);
  }

  /** A free frame for VM `vm` (zeroed since it was released), or undefined when the pool is empty. */
  take(vm: number): number | undefined {
    const f = this.free.pop();
    if (f !== undefined) this.owner[f] = vm;
    return f;
  }

  /**
   * VM `vm` hands frame `f` back: zeroed now, through the board's bus so
   * that code a hart decoded or compiled from it is dropped (bus.ts).
   */
  release(f: number, vm: number): void {
    if (this.owner[f] !== vm) throw new Error(`frame ${f} is not VM ${vm}'s`);
    const pa = this.address(f), o = pa - this.board.ramBase;
    this.board.u8.fill(0, o, o + PAGE);
    this.board.written(pa, PAGE);
    this.owner[f] = FREE;
    this.free.push(f);
  }
}
