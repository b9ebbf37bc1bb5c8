/**
 * Trap mode's shadow paging, lazy: the Sv32 tables the hart really walks while a guest runs.
 *
 * The guest's own tables map guest-virtual to guest-physical addresses; the
 * VM's slot maps guest-physical to host-physical. A shadow table is the
 * composition, written only by the hypervisor, in the VM's pool (memory no
 * guest can map). It is filled lazily: a guest access the shadow does not
 * map yet raises a page fault on the hart, the hypervisor walks the guest's
 * tables (with the vCPU's MMU, i.e. the hardware's own rules), and installs
 * the translation — a *hidden* fault the guest never sees.
 *
 * One shadow space per (guest root, virtual mode): the guest kernel (vS)
 * and its users (vU) see different permissions through the same guest
 * tables, and so does vS with sstatus.SUM set, which the kernel toggles
 * around every copy from user memory. The hart runs in physical U-mode, so
 * every shadow leaf has U set; what the guest may do in its virtual mode is
 * carried by R, W and X alone:
 *
 *   shadow leaf:  PPN (host page) | D A 0 U X W R V    (A and D preset: the
 *                                                      hart never writes the pool)
 *
 * RISC-V lets translations be cached until `sfence.vma` (privileged spec
 * §4.2.1), so shadow entries live until the guest's own sfence.vma, satp
 * writes only choose a space, and changes to MXR drop everything.
 */
import { PAGE_SIZE as PAGE, PTE, PTE_PPN_SHIFT, SATP, satpPaging, sv32Satp } from '@pvlab/assembler';
import type { Bus } from '../../machine/bus.js';

/**
 * Which virtual privilege a space serves. A guest with its own M-mode adds
 * two: virtual M (identity within the slot, the guest's PMP checked only
 * for locked entries), and virtual M with MPRV, where fetches are M's
 * (identity, execute only) and every load and store is performed by the
 * vCPU with the privilege in MPP (data-access.ts): one shadow table cannot
 * translate fetches and data two ways at the same address.
 */
export const SPACE_U = 0, SPACE_S = 1, SPACE_S_SUM = 2, SPACE_M = 3, SPACE_M_MPRV = 4;
export type SpaceMode = typeof SPACE_U | typeof SPACE_S | typeof SPACE_S_SUM | typeof SPACE_M | typeof SPACE_M_MPRV;

/** Permission bits as in a PTE: R W X. */
export const SHADOW_R = PTE.R, SHADOW_W = PTE.W, SHADOW_X = PTE.X;
/** The key of a guest running with translation off (one past the largest root PPN). */
const BARE = SATP.PPN_MASK + 1;
/** Spaces kept per VM (a handful of processes × modes); the least recently used goes first. */
const MAX_SPACES = 24;

interface Space {
  readonly key: number;
  /** Host-physical address of the root (level-1) table. */
  readonly root: number;
  /** Every pool page the space holds (root first). */
  readonly pages: number[];
  lastUse: number;
}

/** A lazy pager's bookkeeping as a snapshot holds it (pool pages as offsets in the pool). */
export interface LazyShadowState {
  readonly free: readonly number[];
  readonly spaces: readonly { readonly key: number; readonly pages: readonly number[]; readonly lastUse: number }[];
  readonly current: number | undefined;
  readonly mode: SpaceMode;
  readonly clock: number;
  readonly fills: number;
  readonly spacesMade: number;
  readonly flushes: number;
  readonly rom: number | undefined;
}

/** One VM's lazy shadow spaces, in its pool. */
export class LazyShadow {
  private readonly free: number[] = [];
  private readonly spaces = new Map<number, Space>();
  private current: Space | undefined;
  /** The mode of the current space. */
  mode: SpaceMode = SPACE_S;
  private clock = 0;
  /** Statistics: translations installed, spaces created, whole-VM drops. */
  fills = 0;
  spacesMade = 0;
  flushes = 0;

  constructor(
    private readonly board: Bus,
    readonly poolHost: number,
    readonly poolSize: number,
  ) {
    for (let p = poolHost + poolSize - PAGE; p >= poolHost; p -= PAGE) this.free.push(p);
  }

  /** The physical satp value for a guest satp in a virtual mode (Sv32, ASID 0, the space's root). */
  select(guestSatp: number, mode: SpaceMode): number {
    const root = satpPaging(guestSatp) ? guestSatp & SATP.PPN_MASK : BARE;
    const key = root * 8 + mode;
    let s = this.spaces.get(key);
    if (!s) s = this.create(key);
    s.lastUse = ++this.clock;
    this.current = s;
    this.mode = mode;
    return this.physicalSatp();
  }

  /**
   * Install a translation in the current space: the 4 KiB page at `va` to
   * the host page at `hostPa`, adding `perms` (R/W/X) to what the entry
   * already grants when it maps the same page.
   */
  map(va: number, hostPa: number, perms: number): void {
    let s = this.current!;
    let l0 = this.table(s, va);
    if (l0 < 0) {
      // The pool is full: start this VM over (every space is rebuilt on demand).
      this.dropAll();
      s = this.current = this.create(s.key);
      l0 = this.table(s, va);
    }
    const at = this.index(l0 + ((va >>> 12) & 0x3ff) * 4);
    const ppn = Math.floor(hostPa / PAGE);
    const old = this.board.i32[at] >>> 0;
    const keep = old & PTE.V && old >>> PTE_PPN_SHIFT === ppn ? old & (SHADOW_R | SHADOW_W | SHADOW_X) : 0;
    this.board.i32[at] = ((ppn << PTE_PPN_SHIFT) | keep | perms | PTE.V | PTE.U | PTE.A | PTE.D) | 0;
    this.fills++;
  }

  /** The host address the current space maps `va` to, or -1. */
  lookup(va: number): number {
    const s = this.current;
    if (!s) return -1;
    const l1 = this.board.i32[this.index(s.root + (va >>> 22) * 4)] >>> 0;
    if (!(l1 & PTE.V)) return -1;
    const l0 = this.board.i32[this.index((l1 >>> PTE_PPN_SHIFT) * PAGE + ((va >>> 12) & 0x3ff) * 4)] >>> 0;
    return l0 & PTE.V ? (l0 >>> PTE_PPN_SHIFT) * PAGE + (va & 0xfff) : -1;
  }

  /** sfence.vma with an address: forget that page in every space. */
  flushPage(va: number): void {
    for (const s of this.spaces.values()) {
      const l1 = this.board.i32[this.index(s.root + (va >>> 22) * 4)] >>> 0;
      if (l1 & PTE.V) this.board.i32[this.index((l1 >>> PTE_PPN_SHIFT) * PAGE + ((va >>> 12) & 0x3ff) * 4)] = 0;
    }
  }

  /**
   * sfence.vma of everything (or an MXR change): every space is forgotten
   * but the current one, which starts empty again. The caller flushes the
   * hart's TLB.
   */
  flushAll(): void {
    this.flushes++;
    const cur = this.current;
    for (const s of this.spaces.values()) if (s !== cur) for (const p of s.pages) this.free.push(p);
    this.spaces.clear();
    if (cur) {
      for (let i = 1; i < cur.pages.length; i++) this.free.push(cur.pages[i]);
      cur.pages.length = 1;
      this.zero(cur.root);
      this.spaces.set(cur.key, cur);
    }
  }

  /**
   * The reset ROM for a guest that starts at it (guest-firmware.ts): two
   * pool pages outside every space — a copy of the ROM's first page, and
   * zeros for the rest of its window — that shadow entries map read and
   * execute (the world switch gives the pair one NAPOT PMP entry).
   */
  rom: { readonly host: number; readonly size: number } | undefined;

  /** Take the ROM's pages out of the pool (the pool's first two: one aligned pair) and copy its first page in. */
  reserveRom(firstPage: Uint8Array): void {
    const copy = this.alloc(), zeros = this.alloc();
    if (copy !== this.poolHost || zeros !== this.poolHost + PAGE) throw new Error('the ROM pages must be reserved before any shadow space');
    this.board.writeBytes(copy, firstPage.subarray(0, PAGE));
    this.rom = { host: copy, size: 2 * PAGE };
  }

  /**
   * The pager's bookkeeping, for a snapshot, with every pool page as its
   * offset in the pool (the tables themselves are the pool's bytes, which a
   * snapshot keeps with RAM): which spaces exist, their pages and recency,
   * the current one, the free pages in order, the ROM pages, the counts.
   * A restore refills nothing and counts no exit: the tables are as they were.
   */
  save(): LazyShadowState {
    const off = (p: number) => p - this.poolHost;
    return {
      free: this.free.map(off),
      spaces: [...this.spaces.values()].map((s) => ({ key: s.key, pages: s.pages.map(off), lastUse: s.lastUse })),
      current: this.current?.key,
      mode: this.mode, clock: this.clock, fills: this.fills, spacesMade: this.spacesMade, flushes: this.flushes,
      rom: this.rom && off(this.rom.host),
    };
  }

  /** Take saved bookkeeping (its pool's bytes restored apart). */
  load(s: LazyShadowState): void {
    const at = (o: number) => {
      if (!Number.isInteger(o) || o < 0 || o >= this.poolSize || o % PAGE !== 0) throw new RangeError(`a shadow page at pool offset ${o}`);
      return this.poolHost + o;
    };
    this.free.splice(0, this.free.length, ...s.free.map(at));
    this.spaces.clear();
    for (const sp of s.spaces) {
      if (sp.pages.length === 0) throw new RangeError('a shadow space without its root');
      this.spaces.set(sp.key, { key: sp.key, root: at(sp.pages[0]), pages: sp.pages.map(at), lastUse: sp.lastUse });
    }
    this.current = s.current == null ? undefined : this.spaces.get(s.current);
    if (s.current != null && !this.current) throw new RangeError(`the current shadow space ${s.current} is not among the spaces`);
    this.mode = s.mode;
    ({ clock: this.clock, fills: this.fills, spacesMade: this.spacesMade, flushes: this.flushes } = s);
    this.rom = s.rom == null ? undefined : { host: at(s.rom), size: 2 * PAGE };
  }

  /** The satp the hart must use for the current space (it changes when a full pool forces a rebuild). */
  physicalSatp(): number {
    return this.current ? sv32Satp(this.current.root) : 0;
  }

  /** Spaces alive now (for statistics and tests). */
  get spaceCount(): number {
    return this.spaces.size;
  }

  private create(key: number): Space {
    if (this.spaces.size >= MAX_SPACES) this.evict();
    let root = this.alloc();
    if (root < 0) {
      this.dropAll();
      root = this.alloc();
    }
    const s: Space = { key, root, pages: [root], lastUse: ++this.clock };
    this.spaces.set(key, s);
    this.spacesMade++;
    return s;
  }

  /** The level-0 table covering `va` in `s` (allocated if needed), or -1 when the pool is empty. */
  private table(s: Space, va: number): number {
    const at = this.index(s.root + (va >>> 22) * 4);
    const l1 = this.board.i32[at] >>> 0;
    if (l1 & PTE.V) return (l1 >>> PTE_PPN_SHIFT) * PAGE;
    const page = this.alloc();
    if (page < 0) return -1;
    s.pages.push(page);
    this.board.i32[at] = ((Math.floor(page / PAGE) << PTE_PPN_SHIFT) | PTE.V) | 0; // a pointer: V only
    return page;
  }

  private evict(): void {
    let victim: Space | undefined;
    for (const s of this.spaces.values()) if (s !== this.current && (!victim || s.lastUse < victim.lastUse)) victim = s;
    if (!victim) return;
    for (const p of victim.pages) this.free.push(p);
    this.spaces.delete(victim.key);
  }

  private dropAll(): void {
    for (const s of this.spaces.values()) for (const p of s.pages) this.free.push(p);
    this.spaces.clear();
    this.current = undefined;
  }

  private alloc(): number {
    const p = this.free.pop();
    if (p === undefined) return -1;
    this.zero(p);
    return p;
  }

  private zero(page: number): void {
    const o = page - this.board.ramBase;
    this.board.u8.fill(0, o, o + PAGE);
  }

  /** Index of a host-physical word in the board's i32 view. */
  private index(hostPa: number): number {
    return (hostPa - this.board.ramBase) >>> 2;
  }
}
