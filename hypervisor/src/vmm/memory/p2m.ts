/**
 * A VM's p2m: guest frame → machine frame (Xen's physical-to-machine map).
 * Guest frame g is guest-physical page `base + g * 4 KiB` of the VM's RAM;
 * its machine frame is a frame of the board's VM-frame area (frame-pool.ts),
 * or none: the frame is *unpopulated* (handed back, or never given), maps
 * nothing and reads as nothing.
 *
 * The fast path: a VM whose every frame is populated, in order, at its
 * home (the contiguous window it got at boot) is `identity`, and every user
 * of the map — the shadow pagers, the hypervisor's own accesses, PMP —
 * takes the old arithmetic (home + offset) without looking anything up. A
 * VM that never balloons stays identity for its whole life.
 */
import { MEGAPAGE_SIZE as MEGA, PAGE_SIZE as PAGE } from '@pvlab/assembler';
import type { FramePool } from './frame-pool.js';

/** No machine frame: the guest frame is unpopulated. */
export const NONE = -1;

export class P2m {
  /** Guest frame → machine frame index in the pool's area, or NONE. */
  readonly map: Int32Array;
  /** The pool's frame → this VM's guest frame, or NONE (for writes seen at machine addresses). */
  private readonly m2p: Int32Array;
  /** Frames populated now (the VM's reservation). */
  pages = 0;
  /** Every frame populated at its home: the fast path. */
  identity = false;
  /** Machine address of the home window (meaningful while `identity`), or NONE. */
  readonly homeHost: number;

  constructor(
    readonly pool: FramePool,
    /** Guest-physical base and bytes of the VM's RAM. */
    readonly base: number,
    readonly size: number,
    /** The machine frame of the VM's home window (its frame 0 at boot), or NONE when it has none. */
    readonly home: number,
  ) {
    this.map = new Int32Array(size / PAGE).fill(NONE);
    this.m2p = new Int32Array(pool.frames).fill(NONE);
    this.homeHost = home === NONE ? NONE : pool.address(home);
  }

  /** The map (guest frame → machine frame), for a snapshot; the reverse map is rebuilt from it. */
  save(): { readonly map: Uint8Array } {
    return { map: new Uint8Array(this.map.slice().buffer) };
  }

  load(s: { readonly map: Uint8Array }): void {
    if (s.map.length !== this.map.length * 4) throw new RangeError(`a p2m of ${s.map.length / 4} frames, not ${this.map.length}`);
    const map = new Int32Array(s.map.slice().buffer);
    this.m2p.fill(NONE);
    this.map.fill(NONE);
    this.pages = 0;
    map.forEach((f, g) => {
      if (f === NONE) return;
      if (!Number.isInteger(f) || f < 0 || f >= this.m2p.length || this.m2p[f] !== NONE) throw new RangeError(`guest frame ${g} maps frame ${f}, outside the pool or mapped twice`);
      this.populate(g, f);
    });
    this.settle();
  }

  /** Frames the VM's RAM spans (the most it can have populated). */
  get frames(): number {
    return this.map.length;
  }

  /** Back guest frame `g` with machine frame `f` (the pool gave it to this VM). */
  populate(g: number, f: number): void {
    this.map[g] = f;
    this.m2p[f] = g;
    this.pages++;
  }

  /** Guest frame `g` is unpopulated from now on: its machine frame, for the pool. */
  unpopulate(g: number): number {
    const f = this.map[g];
    this.map[g] = NONE;
    this.m2p[f] = NONE;
    this.pages--;
    return f;
  }

  /** After a batch of changes: whether the fast path holds again. */
  settle(): void {
    let ok = this.home !== NONE && this.pages === this.map.length;
    for (let g = 0; ok && g < this.map.length; g++) ok = this.map[g] === this.home + g;
    this.identity = ok;
  }

  /** The guest frame number of guest-physical `gpa`, or NONE outside the VM's RAM. */
  frameOf(gpa: number): number {
    const o = (gpa >>> 0) - this.base;
    return o >= 0 && o < this.size ? Math.floor(o / PAGE) : NONE;
  }

  /** Whether guest-physical `gpa` lies in a populated frame. */
  has(gpa: number): boolean {
    if (this.identity) return this.frameOf(gpa) !== NONE;
    const g = this.frameOf(gpa);
    return g !== NONE && this.map[g] !== NONE;
  }

  /** Whether every page of [gpa, gpa + length) is populated. */
  hasRange(gpa: number, length: number): boolean {
    if (length <= 0) return this.has(gpa);
    for (let p = (gpa >>> 0) - ((gpa >>> 0) % PAGE); p < (gpa >>> 0) + length; p += PAGE) if (!this.has(p)) return false;
    return true;
  }

  /** The machine address of guest-physical `gpa`, or NONE (outside the RAM, or unpopulated). */
  toHost(gpa: number): number {
    const o = (gpa >>> 0) - this.base;
    if (this.identity && o >= 0 && o < this.size) return this.homeHost + o;
    if (o < 0 || o >= this.size) return NONE;
    const f = this.map[Math.floor(o / PAGE)];
    return f === NONE ? NONE : this.pool.address(f) + (o % PAGE);
  }

  /** The guest-physical address of machine address `pa`, or NONE when no frame of this VM holds it. */
  toGuest(pa: number): number {
    if (this.identity) {
      const o = pa - this.homeHost;
      return o >= 0 && o < this.size ? this.base + o : NONE;
    }
    const o = pa - this.pool.base;
    if (o < 0 || o >= this.pool.size) return NONE;
    const g = this.m2p[Math.floor(o / PAGE)];
    return g === NONE ? NONE : this.base + g * PAGE + (o % PAGE);
  }

  /**
   * The machine address of the 4 MiB megapage at guest-physical `gpa`
   * (4 MiB aligned), when its 1,024 frames are populated in order at a 4 MiB
   * aligned machine address — what one Sv32 megapage leaf can map — or NONE.
   */
  megaHost(gpa: number): number {
    const first = this.toHost(gpa);
    if (first === NONE || first % MEGA !== 0) return NONE;
    if (this.identity) return first;
    const g0 = this.frameOf(gpa), f0 = this.map[g0];
    for (let i = 1; i < MEGA / PAGE; i++) if (this.map[g0 + i] !== f0 + i) return NONE;
    return first;
  }
}
