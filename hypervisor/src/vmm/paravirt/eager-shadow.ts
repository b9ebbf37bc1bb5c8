/**
 * Paravirtual shadow paging, eager: the Sv32 tables the hart walks for a
 * paravirtual guest, kept up to date eagerly, because the guest's page
 * faults go straight to the guest (delegated) — the hypervisor never sees a
 * hidden fault, so a shadow entry must exist before the guest needs it.
 *
 * The guest changes its tables only by hypercall (mmu_update), in batches;
 * each request names the guest-physical address of a PTE and its new value.
 * The hypervisor validates the value, writes it into the guest's own table
 * (so the guest reads back what it wrote) and into the shadow copy of that
 * table page, translated:
 *
 *   guest PTE:  PPN (guest page) | flags      →   shadow PTE:  PPN (host page) | flags | A D
 *
 * A guest table page has a shadow page in the VM's pool, per level (a root
 * and a leaf table read the same bits differently). A shadow is made from
 * the guest page's contents when the page becomes a table — named as a root
 * by new_baseptr, or pointed to by a pointer PTE (by mmu_update, in a root
 * built whole, or in a root entry that changed): built the first time, and
 * after that compared with a copy of what it was translated from, the
 * entries that differ translated again — so a page reused as a table after
 * being data, or after being a dead process's table, never keeps stale
 * entries. Only PTEs that map the
 * VM's own RAM survive translation: nothing a guest writes can map another
 * VM, the hypervisor, or a shadow table.
 *
 * Roots stay validated, as Xen keeps a pinned page table validated: a
 * context switch names a root the hypervisor has shadowed before, so
 * new_baseptr does not translate its 1,024 entries again. The shadow keeps
 * a copy of the guest root as it was translated, and watches the root's
 * page on the board's bus (bus.ts, LINE.derived) as a hart watches its
 * code: while nothing has written the page since, naming the root again
 * costs nothing; after a write (the guest's own store, the page reused as
 * data, an mmu_update, DMA) the page is compared with the copy and only the
 * entries that differ are translated again, which gives exactly the shadow
 * a rebuild would. The copies are bounded by the pool (one per shadow
 * page) and dropped with it.
 *
 * Guest frames become machine frames through the VM's p2m (memory/p2m.ts).
 * A VM that never ballooned is identity (its frames in order at its home)
 * and every translation is the old arithmetic. Once it has ballooned, a
 * leaf maps only a populated frame (an unpopulated one maps nothing: the
 * guest faults, in the guest), a pointer only to a populated table page,
 * and a megapage leaf whose 1,024 frames are not one aligned machine
 * megapage is split: it points to a leaf table the hypervisor makes in the
 * pool (one per megapage and flags, shared by every root), mapping each
 * populated frame. The caller drops every shadow when the p2m changes.
 *
 * The hart runs the guest in S-mode and its users in U-mode itself, so U,
 * SUM and MXR apply natively: one shadow per table serves both. A and D are
 * preset in the shadow (the pool is read-only to the hart's walker); the
 * guest's own copy keeps the bits it wrote.
 */
import { MEGAPAGE_SIZE as MEGA, PAGE_SIZE as PAGE, PTE, PTE_LEAF, PTE_PPN_SHIFT, ptePa } from '@pvlab/assembler';
import { LINE, LINE_SHIFT, type Bus, type RamWatcher } from '../../machine/bus.js';
import { NONE, type P2m } from '../memory/p2m.js';

/** The start of the page holding `a` (a mask: `%` of an address past 2^31 is a floating-point remainder). */
const pageOf = (a: number) => (a & ~(PAGE - 1)) >>> 0;

/** PTE flag bits a guest controls (the RSW field included; the PPN is translated). */
const PTE_FLAGS = (1 << PTE_PPN_SHIFT) - 1;

/** Why a PTE was refused (SBI errors chosen by the handler). */
export type PteVerdict = 'ok' | 'reserved' | 'outside';

/**
 * Whether a guest may write a PTE value into its tables: a valid entry must
 * point into the VM's own RAM [base, base+size) — a leaf its page, a pointer
 * its next table — and W without R is a reserved encoding (§4.3.1).
 */
export function validatePte(value: number, base: number, size: number): PteVerdict {
  if (!(value & PTE.V)) return 'ok';
  if ((value & (PTE.R | PTE.W)) === PTE.W) return 'reserved';
  const gpa = ptePa(value);
  return gpa >= base && gpa + PAGE <= base + size ? 'ok' : 'outside';
}

/** An eager shadow's bookkeeping as a snapshot holds it (pool pages as offsets in the pool; table copies as bytes). */
export interface EagerShadowState {
  readonly free: readonly number[];
  readonly shadows: readonly (readonly [number, number])[];
  /** Leaf tables for megapages the p2m scatters. */
  readonly splits: readonly (readonly [number, number])[];
  readonly copies: readonly (readonly [number, Uint8Array])[];
  readonly clean: readonly number[];
  readonly identity: number;
  readonly empty: number;
  readonly special: readonly number[];
  readonly builds: number;
  readonly resets: number;
  readonly entries: number;
}

/** One paravirtual VM's shadow tables, in its pool. */
export class EagerShadow implements RamWatcher {
  private readonly free: number[] = [];
  /** Shadow page by (guest page number × 2 + level). */
  private readonly shadows = new Map<number, number>();
  /** For each shadow page: the guest's entries it was translated from (a table named anew is compared with it). */
  private readonly copies = new Map<number, Int32Array>();
  /** Root shadows whose guest page nothing has written since it was compared (its lines watched). */
  private readonly clean = new Set<number>();
  /** Leaf tables made for megapages the p2m scatters, by (guest megapage number × 1024 + flags). */
  private readonly splits = new Map<number, number>();
  /** Statistics: table shadows built, whole-pool resets, guest entries translated into shadows (the work, work.ts). */
  builds = 0;
  resets = 0;
  entries = 0;

  constructor(
    private readonly board: Bus,
    /** The VM's RAM: guest-physical base and size, and its p2m to machine frames. */
    private readonly ramBase: number,
    private readonly ramSize: number,
    private readonly p2m: P2m,
    private readonly poolHost: number,
    private readonly poolSize: number,
  ) {
    for (let p = poolHost + poolSize - PAGE; p >= poolHost; p -= PAGE) this.free.push(p);
    board.watch(this);
  }

  /**
   * The board's RAM at host `pa .. pa + length - 1` was written, and it
   * touched a watched line: a root page in it is no longer known to match
   * its copy (it is compared when it is named again), and is not watched
   * until then, so a page reused as data slows only its first store.
   */
  /**
   * The shadow's bookkeeping, for a snapshot, with every pool page as its
   * offset in the pool (the tables are the pool's bytes, kept with RAM):
   * which guest table each shadow page shadows, the tables' copies, which
   * roots are clean, the special roots, the free pages in order, the counts.
   */
  save(): EagerShadowState {
    const off = (p: number) => p - this.poolHost;
    return {
      free: this.free.map(off),
      shadows: [...this.shadows].map(([k, p]) => [k, off(p)] as const),
      splits: [...this.splits].map(([k, p]) => [k, off(p)] as const),
      copies: [...this.copies].map(([k, c]) => [k, new Uint8Array(c.buffer.slice(c.byteOffset, c.byteOffset + c.byteLength))] as const),
      clean: [...this.clean],
      identity: this.identity < 0 ? -1 : off(this.identity),
      empty: this.empty < 0 ? -1 : off(this.empty),
      special: [...this.special].map(off),
      builds: this.builds, resets: this.resets, entries: this.entries,
    };
  }

  /** Take saved bookkeeping (its pool's bytes restored apart); the clean roots' lines are watched again. */
  load(s: EagerShadowState): void {
    const at = (o: number) => {
      if (!Number.isInteger(o) || o < 0 || o >= this.poolSize || o % PAGE !== 0) throw new RangeError(`a shadow page at pool offset ${o}`);
      return this.poolHost + o;
    };
    this.watchClean(false);
    this.free.splice(0, this.free.length, ...s.free.map(at));
    this.shadows.clear();
    for (const [k, o] of s.shadows) this.shadows.set(k, at(o));
    this.splits.clear();
    for (const [k, o] of s.splits) this.splits.set(k, at(o));
    this.copies.clear();
    for (const [k, c] of s.copies) {
      if (c.length !== 4096) throw new RangeError('a root copy of other than 1,024 entries');
      this.copies.set(k, new Int32Array(c.slice().buffer));
    }
    this.clean.clear();
    for (const key of s.clean) {
      if (!this.inRam(Math.floor(key / 2) * PAGE, PAGE)) throw new RangeError(`a clean root outside the VM's RAM (key ${key})`);
      this.clean.add(key);
    }
    this.watchClean(true);
    this.identity = s.identity < 0 ? -1 : at(s.identity);
    this.empty = s.empty < 0 ? -1 : at(s.empty);
    this.special.clear();
    for (const o of s.special) this.special.add(at(o));
    ({ builds: this.builds, resets: this.resets, entries: this.entries } = s);
  }

  /** Watch (or stop watching) the pages of the clean roots (a restore). */
  private watchClean(on: boolean): void {
    for (const key of this.clean) {
      const host = this.toHost(Math.floor(key / 2) * PAGE);
      if (host !== NONE) this.watch(host, on);
    }
  }

  ramWritten(pa: number, length: number): void {
    if (this.clean.size === 0) return;
    if (!this.p2m.identity) {
      for (let p = pageOf(pa); p < pa + length; p += PAGE) {
        const gpa = this.p2m.toGuest(p);
        const key = Math.floor(gpa / PAGE) * 2 + 1;
        if (gpa !== NONE && this.clean.delete(key)) this.watch(p, false);
      }
      return;
    }
    const ramHost = this.p2m.homeHost;
    const o = pa - ramHost;
    if (o + length <= 0 || o >= this.ramSize) return;
    for (let page = Math.floor(Math.max(o, 0) / PAGE); page * PAGE < Math.min(o + length, this.ramSize); page++) {
      const key = (this.ramBase / PAGE + page) * 2 + 1;
      if (this.clean.delete(key)) this.watch(page * PAGE + ramHost, false);
    }
  }

  /** Mark (or unmark) the lines of the host page at `host` as holding a validated table. */
  private watch(host: number, on: boolean): void {
    for (let a = host; a < host + PAGE; a += 1 << LINE_SHIFT) {
      if (on) this.board.markLine(a, LINE.derived);
      else this.board.unmarkLine(a, LINE.derived);
    }
  }

  /** The root shadow `key` of guest page `gpa` now matches the guest's page: watch the page for writes. */
  private validated(gpa: number, key: number): void {
    if (this.clean.has(key)) return;
    this.clean.add(key);
    this.watch(this.toHost(pageOf(gpa)), true);
  }

  /** Whether a guest-physical range is the VM's RAM. */
  inRam(gpa: number, len: number): boolean {
    const o = (gpa >>> 0) - this.ramBase;
    return o >= 0 && o + len <= this.ramSize;
  }

  /** Whether a guest page can be a table: in the VM's RAM and populated. */
  mappable(gpa: number): boolean {
    return this.inRam(gpa, PAGE) && this.p2m.has(gpa);
  }

  /**
   * Which of the guest frames `gpas` (page addresses) the VM still uses
   * where the hypervisor sees it: a page-table page it shadows, or a page
   * a 4 KiB leaf of those tables maps. Megapage leaves (the kernel's map of
   * all its RAM) do not count: a frame handed back maps nothing through them.
   * The index in `gpas` of the first, or -1.
   */
  inUse(gpas: readonly number[]): number {
    const wanted = new Map<number, number>();
    gpas.forEach((g, i) => { if (!wanted.has(g)) wanted.set(g, i); });
    let first = -1;
    const hit = (gpa: number) => {
      const i = wanted.get(gpa);
      if (i !== undefined && (first < 0 || i < first)) first = i;
    };
    const i32 = this.board.i32;
    for (const key of this.shadows.keys()) {
      const table = Math.floor(key / 2) * PAGE;
      hit(table);
      if (key % 2 !== 0) continue; // a root: its leaves are megapages, its pointers name tables shadowed themselves
      const host = this.toHost(table);
      if (host === NONE) continue;
      const at = (host - this.board.ramBase) >>> 2;
      for (let e = 0; e < 1024; e++) {
        const v = i32[at + e];
        if (v & PTE.V && v & PTE_LEAF) hit(ptePa(v >>> 0));
      }
    }
    return first;
  }

  /** mmu_update's check of a PTE value (see {@link validatePte}). */
  validate(value: number): PteVerdict {
    return validatePte(value, this.ramBase, this.ramSize);
  }

  /**
   * The host-physical root for a guest root table (building its shadow from
   * the guest's table as it is now), or -1 when the pool cannot hold it.
   */
  root(gpaRoot: number): number {
    let r = this.refresh(gpaRoot);
    if (r < 0) r = this.build(gpaRoot, 1);
    if (r < 0) {
      this.reset();
      r = this.build(gpaRoot, 1);
    }
    return r;
  }

  /**
   * The shadow of a root shadowed before, brought up to date with the
   * guest's page (resync). -1 when there is no such shadow, or the pool ran
   * out (the caller then builds it whole).
   */
  private refresh(gpa: number): number {
    const key = Math.floor((gpa >>> 0) / PAGE) * 2 + 1;
    const s = this.shadows.get(key), copy = this.copies.get(key);
    if (s === undefined || copy === undefined) return -1;
    // The same work as a build in the work meter's units (work.ts): every entry is validated (or known to be).
    this.entries += 1024;
    if (this.clean.has(key)) return s;
    if (!this.resync(gpa, 1, s, copy)) {
      this.copies.delete(key);
      return -1;
    }
    this.validated(gpa, key);
    return s;
  }

  /**
   * Bring shadow `s` of guest table `gpa` at `level` up to date with the
   * guest's page: only the entries that differ from `copy` (what the shadow
   * was translated from) are translated again, which gives exactly the
   * shadow a rebuild would. A table a changed root entry points to is
   * brought up to date in turn (translate, `fresh`). False when the pool ran
   * out.
   */
  private resync(gpa: number, level: 0 | 1, s: number, copy: Int32Array): boolean {
    const src = (this.toHost(gpa) - this.board.ramBase) >>> 2;
    const dst = (s - this.board.ramBase) >>> 2;
    const i32 = this.board.i32;
    for (let i = 0; i < 1024; i++) {
      const g = i32[src + i];
      if (g === copy[i]) continue;
      const v = this.translate(g >>> 0, level, true);
      if (v === undefined) return false;
      i32[dst + i] = v;
      copy[i] = g;
    }
    return true;
  }

  /**
   * A PTE the guest wrote at `ptep` (already checked and written to guest
   * memory): update every shadow of that table page. Returns false when the
   * pool ran out (the caller rebuilds from the current root).
   */
  update(ptep: number, value: number): boolean {
    const page = Math.floor((ptep >>> 0) / PAGE);
    const index = (ptep & (PAGE - 1)) >>> 2; // a mask: `%` of an address past 2^31 is a floating-point remainder
    for (let level = 0; level <= 1; level++) {
      const s = this.shadows.get(page * 2 + level);
      if (s === undefined) continue;
      const v = this.translate(value, level as 0 | 1, true);
      if (v === undefined) return false;
      this.board.i32[(s - this.board.ramBase + index * 4) >>> 2] = v;
      const copy = this.copies.get(page * 2 + level);
      if (copy !== undefined) copy[index] = value | 0;
    }
    return true;
  }

  /**
   * The root the hart uses while the guest's translation is off (satp
   * Bare): its RAM mapped at its own guest-physical addresses, in megapages,
   * S-mode only, R W X — what "physical addresses" mean inside the VM.
   */
  identityRoot(): number {
    if (this.identity < 0 || !this.owned(this.identity)) {
      const p = this.free.pop() ?? (this.reset(), this.free.pop()!);
      const i32 = this.board.i32, at = (p - this.board.ramBase) >>> 2;
      i32.fill(0, at, at + 1024);
      for (let gpa = this.ramBase; gpa < this.ramBase + this.ramSize; gpa += MEGA) {
        const entry = this.megapage(gpa, PTE.V | PTE.R | PTE.W | PTE.X);
        if (entry === undefined) {
          // The pool ran out: empty it and start again (a root and a split table per megapage always fit).
          this.free.push(p);
          this.reset();
          return this.identityRoot();
        }
        i32[at + (gpa >>> 22)] = entry;
      }
      this.identity = p;
      this.special.add(p);
    }
    return this.identity;
  }

  /** A root that maps nothing: for a satp whose root is not the VM's memory (every access page-faults, in the guest). */
  emptyRoot(): number {
    if (this.empty < 0 || !this.owned(this.empty)) {
      const p = this.free.pop() ?? (this.reset(), this.free.pop()!);
      const at = (p - this.board.ramBase) >>> 2;
      this.board.i32.fill(0, at, at + 1024);
      this.empty = p;
      this.special.add(p);
    }
    return this.empty;
  }

  private identity = -1;
  private empty = -1;
  /** Pages handed out as the identity and empty roots, which `reset` takes back. */
  private readonly special = new Set<number>();

  private owned(p: number): boolean {
    return this.special.has(p);
  }

  /** Drop every shadow (pool exhausted); the caller rebuilds its current root. */
  reset(): void {
    for (const s of this.shadows.values()) this.free.push(s);
    for (const s of this.special) this.free.push(s);
    for (const s of this.splits.values()) this.free.push(s);
    for (const key of this.clean) {
      const host = this.toHost(Math.floor(key / 2) * PAGE);
      if (host !== NONE) this.watch(host, false);
    }
    this.clean.clear();
    this.splits.clear();
    this.shadows.clear();
    this.copies.clear();
    this.special.clear();
    this.identity = this.empty = -1;
    this.resets++;
  }

  /** Shadow pages in use. */
  get size(): number {
    return this.shadows.size;
  }

  /** Build (or rebuild) the shadow of guest table page `gpa` at `level`; its host address, or -1. */
  private build(gpa: number, level: 0 | 1): number {
    const key = Math.floor((gpa >>> 0) / PAGE) * 2 + level;
    let s = this.shadows.get(key);
    if (s === undefined) {
      const p = this.free.pop();
      if (p === undefined) return -1;
      s = p;
      this.shadows.set(key, s);
    }
    this.builds++;
    this.entries += 1024;
    const src = (this.toHost(gpa) - this.board.ramBase) >>> 2;
    const dst = (s - this.board.ramBase) >>> 2;
    const i32 = this.board.i32;
    if (level === 1 && this.clean.delete(key)) this.watch(this.toHost(pageOf(gpa)), false);
    this.copies.delete(key);
    for (let i = 0; i < 1024; i++) {
      // A root built whole names its tables anew (fresh): each is brought up to date with what it
      // holds, as a page that was another process's table, freed with its entries in place and then
      // zeroed and filled by plain stores, still has its old shadow (only roots are watched).
      const v = this.translate(i32[src + i] >>> 0, level, level === 1);
      if (v === undefined) return -1;
      i32[dst + i] = v;
    }
    this.copies.set(key, i32.slice(src, src + 1024));
    if (level === 1) this.validated(gpa, key);
    return s;
  }

  /**
   * A guest PTE as the hart must see it, or undefined when the pool ran
   * out. Invalid or refused entries become 0 (the guest takes the page fault
   * it would take on an unmapped page). Pointers are to the child's shadow:
   * built when first seen, and brought up to date with the guest's page
   * (resync) when `fresh` (the guest just installed the pointer: by
   * mmu_update, in a root built whole, or in a root entry that changed).
   */
  private translate(value: number, level: 0 | 1, fresh: boolean): number | undefined {
    if (this.validate(value) !== 'ok' || !(value & PTE.V)) return 0;
    const gpa = ptePa(value);
    const leaf = (value & PTE_LEAF) !== 0;
    // A pointer in a leaf table, or a megapage not wholly in the VM's RAM, maps nothing (the hart faults).
    if (level === 0 && !leaf) return 0;
    if (level === 1 && leaf && !this.inRam(gpa - (gpa % MEGA), MEGA)) return 0;
    if (!this.p2m.identity) {
      if (level === 1 && leaf) return gpa % MEGA !== 0 ? 0 : this.megapage(gpa, value & PTE_FLAGS); // misaligned: a fault either way
      if (!this.p2m.has(gpa)) return 0; // a frame handed back maps nothing, and holds no table
    }
    if (!leaf) {
      const child = this.leafTable(gpa, fresh);
      if (child < 0) return undefined;
      return ((Math.floor(child / PAGE) << PTE_PPN_SHIFT) | PTE.V) | 0;
    }
    const host = this.toHost(gpa);
    return ((Math.floor(host / PAGE) << PTE_PPN_SHIFT) | (value & PTE_FLAGS) | PTE.A | PTE.D) | 0;
  }

  /**
   * The shadow of the leaf table at guest `gpa`: built when first seen;
   * when `fresh`, brought up to date with the guest's page (resync; built
   * again if it has no copy). Its host address, or -1 (the pool ran out).
   */
  private leafTable(gpa: number, fresh: boolean): number {
    const key = (gpa / PAGE) * 2;
    const known = this.shadows.get(key);
    if (known === undefined) return this.build(gpa, 0);
    if (!fresh) return known;
    const copy = this.copies.get(key);
    if (copy === undefined || !this.resync(gpa, 0, known, copy)) return this.build(gpa, 0);
    this.entries += 1024; // the work of a build in the work meter's units, as refresh counts it
    return known;
  }

  /**
   * The shadow entry of a megapage leaf at guest `gpa` (4 MiB aligned) with
   * the guest's `flags`: the machine megapage when the p2m keeps it whole,
   * else a pointer to a leaf table mapping each populated frame (made once
   * per megapage and flags); undefined when the pool ran out.
   */
  private megapage(gpa: number, flags: number): number | undefined {
    const host = this.p2m.megaHost(gpa);
    if (host !== NONE) return ((Math.floor(host / PAGE) << PTE_PPN_SHIFT) | flags | PTE.A | PTE.D) | 0;
    const key = Math.floor(gpa / MEGA) * 1024 + flags;
    let s = this.splits.get(key);
    if (s === undefined) {
      const p = this.free.pop();
      if (p === undefined) return undefined;
      s = p;
      this.splits.set(key, s);
      this.entries += 1024;
      const at = (s - this.board.ramBase) >>> 2;
      for (let i = 0; i < 1024; i++) {
        const frame = this.p2m.toHost(gpa + i * PAGE);
        this.board.i32[at + i] = frame === NONE ? 0 : ((Math.floor(frame / PAGE) << PTE_PPN_SHIFT) | flags | PTE.A | PTE.D) | 0;
      }
    }
    return ((Math.floor(s / PAGE) << PTE_PPN_SHIFT) | PTE.V) | 0;
  }

  private toHost(gpa: number): number {
    return this.p2m.toHost(gpa);
  }
}
