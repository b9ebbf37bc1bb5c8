/**
 * Address translation: Sv32 page walks (privileged specification §10.3) and
 * PMP checks, with a software TLB in front of them.
 *
 * Sv32 virtual address and PTE:
 *
 *   VA:   31      22 21      12 11        0        PTE: 31     20 19    10 9:8  7 6 5 4 3 2 1 0
 *        | VPN[1]   | VPN[0]   |  offset   |            | PPN[1] | PPN[0] | RSW  D A G U X W R V
 *
 * The TLB caches, per access kind (fetch, load, store) and per effective
 * privilege (S or U), a whole page's translation *after* its permission and
 * PMP checks passed, for pages of RAM only, so a hit is one compare and one
 * add (the way QEMU's softmmu does it):
 *
 *   tag[set][e] = the virtual page's address (va & ~0xfff), or EMPTY
 *   off[set][e] = RAM offset − virtual address, for any byte of the page
 *   e           = VPN[7:0]
 *
 *   hit: (va & (~0xfff | (width − 1))) === tag[set][e]   — the page matches and the access is aligned
 *   then the byte is RAM[va + off[set][e]]
 *
 * Entries for stores exist only when the PTE's D bit is already set; a
 * store that hits still looks at its RAM line, which may be slow for stores
 * (code, a device overlay, a reservation: see bus.ts), as in direct mode.
 * Anything that could change an answer (satp, sfence.vma, MPRV, PMP)
 * flushes the TLB and bumps `epoch`; SUM or MXR cleared flushes only the
 * data entries they decide (`narrowed`).
 */
import { EXC, MEGAPAGE_SIZE, MSTATUS, PAGE_SIZE, PTE, PTE_LEAF, PTE_PPN_SHIFT, PRIV, satpPaging, satpRoot, type Priv } from '@pvlab/assembler';
import type { Hart } from './hart.js';
import { PMP_R, PMP_W, PMP_X } from './pmp.js';
export const FETCH = 0, LOAD = 1, STORE = 2;
export type AccessKind = typeof FETCH | typeof LOAD | typeof STORE;

const { V: PTE_V, R: PTE_R, W: PTE_W, X: PTE_X, U: PTE_U, A: PTE_A, D: PTE_D } = PTE;
const PAGE_FAULT = [EXC.instructionPage, EXC.loadPage, EXC.storePage];
const ACCESS_FAULT = [EXC.instructionAccess, EXC.loadAccess, EXC.storeAccess];
const PMP_PERM = [PMP_X, PMP_R, PMP_W];

/** TLB sets: 256 entries each, indexed by VPN[7:0]; set = kind * 2 + (U ? 1 : 0). */
export const TLB_ENTRIES = 256;
/** The TLB set of an access of `kind` at S or U privilege. */
const setOf = (kind: AccessKind, priv: Priv) => kind * 2 + (priv === PRIV.U ? 1 : 0);
/** An empty tag: no masked address equals it (bits 2..11 are set). */
export const TLB_EMPTY = -1;
/** Fills a flush clears one by one; past this many it clears every set whole. */
const FILL_LOG = 64;
/** A TLB set that never hits: for accesses that are not translated (M-mode's), in code that reads a set. */
export const NO_TLB = new Int32Array(TLB_ENTRIES).fill(TLB_EMPTY);
/** The mask that makes a tag compare check alignment too: ~0xfff | (width − 1), as an int32. */
export const tlbMask = (width: number): number => (~0xfff | (width - 1)) | 0;

export class Mmu {
  /** Virtual page address, per set (TLB_EMPTY: no entry). */
  readonly tag = [0, 1, 2, 3, 4, 5].map(() => new Int32Array(TLB_ENTRIES).fill(TLB_EMPTY));
  /** RAM offset − virtual address, wrapping 32-bit, per set. */
  readonly off = [0, 1, 2, 3, 4, 5].map(() => new Int32Array(TLB_ENTRIES));
  /** Statistics for the curious (and the benchmark). */
  walks = 0;

  constructor(private readonly h: Hart) {}

  /** Bumped on every flush: a translation remembered outside the TLB is valid while it is unchanged. */
  epoch = 0;

  /**
   * The entries filled since the last flush, as set × TLB_ENTRIES + index,
   * while there are at most FILL_LOG of them (`filled` counts on past it):
   * a flush empties just those. Address-space switches and sfence.vma come
   * every few hundred instructions in a kernel, which touch a few pages
   * each, and clearing all 1,536 tags each time cost more than the switch.
   */
  private readonly fillLog = new Int32Array(FILL_LOG);
  private filled = 0;

  flush(): void {
    this.epoch++;
    const n = this.filled;
    if (n === 0) return;
    this.filled = 0;
    if (n > FILL_LOG) {
      for (const t of this.tag) t.fill(TLB_EMPTY);
      return;
    }
    const log = this.fillLog, tag = this.tag;
    for (let k = 0; k < n; k++) {
      const i = log[k];
      tag[(i / TLB_ENTRIES) | 0][i % TLB_ENTRIES] = TLB_EMPTY;
    }
  }

  /** The valid entries, for a debugger's look: access kind, U or S, virtual and physical page. */
  entries(): { kind: AccessKind; user: boolean; va: number; pa: number }[] {
    const out: { kind: AccessKind; user: boolean; va: number; pa: number }[] = [];
    this.tag.forEach((tags, set) =>
      tags.forEach((t, i) => {
        if (t !== TLB_EMPTY) out.push({ kind: (set >> 1) as AccessKind, user: (set & 1) === 1, va: t >>> 0, pa: (t + this.off[set][i] + this.h.bus.ramBase) >>> 0 });
      }),
    );
    return out;
  }

  /**
   * Empty the store entries only (a dirty-page log starts a round: the next
   * store to each page translates again, and the bus hears of it). Loads and
   * fetches keep theirs; nothing a program can see changes.
   */
  flushStores(): void {
    this.epoch++;
    this.tag[STORE * 2].fill(TLB_EMPTY);
    this.tag[STORE * 2 + 1].fill(TLB_EMPTY);
  }

  /**
   * sstatus.SUM or MXR went from 1 to 0: S-mode loads and stores may no
   * longer reach U pages, or loads execute-only pages. Entries are made only
   * for accesses allowed, so only such a narrowing leaves stale ones (setting
   * either flushes nothing), and only in the data sets it decides: fetches
   * keep theirs, and `epoch` stays, so compiled code goes on past the CSR
   * write (a kernel that opens and closes user access around each copy left
   * its region twice a system call, and walked its own pages again).
   */
  narrowed(sum: boolean, mxr: boolean): void {
    if (sum) this.tag[STORE * 2].fill(TLB_EMPTY);
    if (sum || mxr) this.tag[LOAD * 2].fill(TLB_EMPTY);
    if (mxr) this.tag[LOAD * 2 + 1].fill(TLB_EMPTY);
  }

  /** Flush one virtual page (sfence.vma with an address). */
  flushPage(va: number): void {
    this.epoch++;
    const page = (va & ~0xfff) | 0, e = (va >>> 12) & 255;
    for (const t of this.tag) if (t[e] === page) t[e] = TLB_EMPTY;
  }

  /**
   * Where `va` is for an access of `len` bytes of `kind` at S or U privilege
   * if the TLB holds its page — what `translate` returned when it made the
   * entry, which it makes only for a page it allowed whole (RAM, one PMP
   * answer, the permissions, D set for stores) and which every change that
   * could alter the answer flushes — without the walk; -1 if not.
   */
  cached(va: number, len: number, kind: AccessKind, priv: Priv): number {
    const set = setOf(kind, priv), e = (va >>> 12) & 255;
    if (this.tag[set][e] !== (va & ~0xfff) || (va & 0xfff) + len > PAGE_SIZE) return -1;
    return this.h.bus.ramBase + ((va + this.off[set][e]) | 0);
  }

  /**
   * Translate `va` for an access of `len` bytes at effective privilege
   * `priv`. Returns the physical address, or -1 after setting the hart's
   * pending exception (page fault or access fault) with tval = va.
   */
  translate(va: number, len: number, kind: AccessKind, priv: Priv): number {
    const h = this.h;
    va >>>= 0;
    let pa: number;
    let cacheable = true;
    let dirty = true;
    const satp = h.satp;
    if (priv !== PRIV.M && satpPaging(satp)) {
      const walk = this.walk(va, kind, priv);
      if (walk < 0) return -1;
      pa = walk;
      dirty = this.lastDirty;
    } else pa = va;
    if (pa > 0xffffffff) return h.fault(ACCESS_FAULT[kind], va); // beyond the 32-bit physical bus
    if (!h.pmp.check(pa, len, PMP_PERM[kind], priv)) return h.fault(ACCESS_FAULT[kind], va);
    const page = Math.floor(pa / PAGE_SIZE) * PAGE_SIZE;
    cacheable = h.bus.isRam(page, PAGE_SIZE) && h.pmp.uniformOnPage(page, PMP_PERM[kind], priv) && ((va & 0xfff) + len <= PAGE_SIZE);
    if (kind === STORE) {
      if (!dirty) cacheable = false;
      h.bus.storing(pa, pa + len - 1); // a dirty-page log hears of it before the TLB lets stores through (bus.ts)
    }
    if (cacheable && priv !== PRIV.M) {
      const set = setOf(kind, priv);
      const e = (va >>> 12) & 255;
      this.tag[set][e] = (va & ~0xfff) | 0;
      if (this.filled < FILL_LOG) this.fillLog[this.filled] = set * TLB_ENTRIES + e;
      this.filled++;
      this.off[set][e] = (page - h.bus.ramBase - (va & ~0xfff)) | 0;
    }
    return pa;
  }

  private lastDirty = true;

  /** The Sv32 walk (§10.3.2), setting A and D in the PTE as the hardware may. */
  private walk(va: number, kind: AccessKind, priv: Priv): number {
    const h = this.h;
    this.walks++;
    const mstatus = h.mstatus;
    let a = satpRoot(h.satp);
    for (let level = 1; level >= 0; level--) {
      const vpn = level === 1 ? va >>> 22 : (va >>> 12) & 0x3ff;
      const pteAddr = a + vpn * 4;
      // The walker's own reads are S-mode accesses for PMP (§3.7.1).
      if (pteAddr > 0xfffffffc || !h.pmp.check(pteAddr, 4, PMP_R, 1)) return h.fault(ACCESS_FAULT[kind], va);
      const raw = h.bus.read(pteAddr, 4);
      if (raw === undefined) return h.fault(ACCESS_FAULT[kind], va);
      const pte = raw;
      if (!(pte & PTE_V) || (!(pte & PTE_R) && pte & PTE_W)) return h.fault(PAGE_FAULT[kind], va);
      if (!(pte & PTE_LEAF)) {
        if (level === 0) return h.fault(PAGE_FAULT[kind], va);
        a = (pte >>> PTE_PPN_SHIFT) * PAGE_SIZE;
        continue;
      }
      // A leaf: check permissions (§10.3.2 step 5).
      if (kind === FETCH && !(pte & PTE_X)) return h.fault(PAGE_FAULT[kind], va);
      if (kind === LOAD && !(pte & PTE_R) && !((mstatus & MSTATUS.MXR) && pte & PTE_X)) return h.fault(PAGE_FAULT[kind], va);
      if (kind === STORE && !(pte & PTE_W)) return h.fault(PAGE_FAULT[kind], va);
      if (priv === PRIV.U && !(pte & PTE_U)) return h.fault(PAGE_FAULT[kind], va);
      if (priv === PRIV.S && pte & PTE_U && (kind === FETCH || !(mstatus & MSTATUS.SUM))) return h.fault(PAGE_FAULT[kind], va);
      const ppn = pte >>> PTE_PPN_SHIFT;
      if (level === 1 && ppn & 0x3ff) return h.fault(PAGE_FAULT[kind], va); // misaligned superpage
      // A/D: set them, as QEMU does (Svadu behaviour), rewriting the PTE.
      const want = PTE_A | (kind === STORE ? PTE_D : 0);
      if ((pte & want) !== want) {
        if (!h.pmp.check(pteAddr, 4, PMP_W, 1) || !h.bus.write(pteAddr, 4, (pte | want) >>> 0)) return h.fault(ACCESS_FAULT[kind], va);
      }
      this.lastDirty = ((pte | want) & PTE_D) !== 0;
      const offsetBits = level === 1 ? va & (MEGAPAGE_SIZE - 1) : va & (PAGE_SIZE - 1);
      const base = level === 1 ? (ppn >>> 10) * MEGAPAGE_SIZE : ppn * PAGE_SIZE; // a megapage: PPN[1] only
      return base + offsetBits;
    }
    return h.fault(PAGE_FAULT[kind], va);
  }
}
