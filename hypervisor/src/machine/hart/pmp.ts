/**
 * Physical memory protection, up to 16 entries (privileged specification §3.7).
 *
 *   pmpcfg byte:  7   6:5   4:3   2   1   0
 *                 L   0     A     X   W   R      A: 0 OFF, 1 TOR, 2 NA4, 3 NAPOT
 *
 * The lowest-numbered entry that matches all bytes of an access decides. S-
 * and U-mode accesses that match no entry fail — even when every entry is
 * OFF, since entries are implemented (§3.7.1);
 * M-mode accesses are checked only against locked entries. Granularity is
 * 4 bytes (G = 0).
 *
 * The board chooses how many entries are implemented (`setCount`, 0..16;
 * `pvlab run --pmp N`): the others are read-only zero (§3.7.1 lets a hart
 * implement 0, 16 or 64 entries and the unimplemented ones be WARL zero).
 * With none, nothing is checked: S and U accesses succeed, as on a hart
 * without PMP (QEMU's `-cpu rv32,pmp=false`).
 */
import { PMP, PMP_A_SHIFT, PMP_MATCH, type Priv } from '@pvlab/assembler';

/** Permission bits, as the MMU asks for them. */
export const PMP_R = PMP.R, PMP_W = PMP.W, PMP_X = PMP.X;
const PMP_A = PMP.A, PMP_L = PMP.L;
const { OFF, TOR, NA4 } = PMP_MATCH;
export const PMP_ENTRIES = 16;

/** The PMP's state, as a snapshot holds it. */
export interface PmpState {
  readonly count: number;
  readonly cfg: readonly number[];
  readonly addr: readonly number[];
  /** The change count: a hypervisor compares it with the one it saw (trap mode's shadow entries). */
  readonly generation: number;
}

export class Pmp {
  readonly cfg = new Uint8Array(PMP_ENTRIES);
  /** pmpaddr: bits 33:2 of the address (RV32: 32 bits hold physical address bits 33..2). */
  readonly addr = new Uint32Array(PMP_ENTRIES);
  /** Decoded ranges [lo, hi) in bytes, as numbers (34-bit physical space). */
  private readonly lo = new Float64Array(PMP_ENTRIES);
  private readonly hi = new Float64Array(PMP_ENTRIES);
  /** Any entry active (A != OFF)? */
  active = false;
  /** Any locked active entry (then M-mode is checked too)? */
  lockedActive = false;
  /** Bumped on every change, so cached translations know to re-check. */
  generation = 0;
  /** Entries implemented: 0..PMP_ENTRIES; the rest are read-only zero. */
  count = PMP_ENTRIES;

  /** Implement `n` entries (0..16), all OFF: the board does this at reset. */
  setCount(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > PMP_ENTRIES) throw new RangeError(`a hart has 0 to ${PMP_ENTRIES} PMP entries, not ${n}`);
    this.count = n;
    this.cfg.fill(0);
    this.addr.fill(0);
    this.decode();
  }

  /** Entries as a snapshot holds them: the implemented count, every cfg byte and pmpaddr. */
  save(): PmpState {
    return { count: this.count, cfg: [...this.cfg], addr: [...this.addr], generation: this.generation };
  }

  /** Take saved entries (locks included, as they were). */
  load(s: PmpState): void {
    if (!Number.isInteger(s.count) || s.count < 0 || s.count > PMP_ENTRIES || s.cfg.length !== PMP_ENTRIES || s.addr.length !== PMP_ENTRIES) throw new RangeError('PMP state: 16 entries');
    this.count = s.count;
    this.cfg.set(s.cfg);
    this.addr.set(s.addr);
    this.decode();
    this.generation = s.generation;
  }

  readCfg(reg: number): number {
    const c = this.cfg;
    return (c[4 * reg] | (c[4 * reg + 1] << 8) | (c[4 * reg + 2] << 16) | (c[4 * reg + 3] << 24)) >>> 0;
  }

  writeCfg(reg: number, v: number): void {
    for (let k = 0; k < 4; k++) {
      const i = 4 * reg + k;
      if (i >= this.count || this.cfg[i] & PMP_L) continue; // not implemented, or locked: writes ignored
      let b = (v >>> (8 * k)) & 0x9f;
      if ((b & (PMP_R | PMP_W)) === PMP_W) b &= ~PMP_W; // R=0, W=1 is reserved: WARL to no access
      this.cfg[i] = b;
    }
    this.decode();
  }

  readAddr(i: number): number {
    return this.addr[i];
  }

  writeAddr(i: number, v: number): void {
    if (i >= this.count || this.cfg[i] & PMP_L) return;
    // A locked TOR entry also locks the pmpaddr below it (§3.7.1).
    if (i + 1 < PMP_ENTRIES && (this.cfg[i + 1] & PMP_L) && ((this.cfg[i + 1] & PMP_A) >> PMP_A_SHIFT) === TOR) return;
    this.addr[i] = v >>> 0;
    this.decode();
  }

  private decode(): void {
    this.active = false;
    this.lockedActive = false;
    for (let i = 0; i < PMP_ENTRIES; i++) {
      const a = (this.cfg[i] & PMP_A) >> PMP_A_SHIFT;
      const base = this.addr[i] * 4;
      if (a === OFF) {
        this.lo[i] = this.hi[i] = 0;
        continue;
      }
      this.active = true;
      if (this.cfg[i] & PMP_L) this.lockedActive = true;
      if (a === TOR) {
        this.lo[i] = i === 0 ? 0 : this.addr[i - 1] * 4;
        this.hi[i] = base;
      } else if (a === NA4) {
        this.lo[i] = base;
        this.hi[i] = base + 4;
      } else {
        // NAPOT: trailing ones of pmpaddr give the size: yyy…y0111 → 2^(3+3) bytes.
        let ones = 0;
        while (ones < 32 && ((this.addr[i] >>> ones) & 1) === 1) ones++;
        const size = 2 ** (ones + 3);
        const start = Math.floor(base / size) * size;
        this.lo[i] = start;
        this.hi[i] = start + size;
      }
    }
    this.generation++;
  }

  /**
   * Whether an access of `len` bytes at physical `pa` with permission `perm`
   * (PMP_R/W/X) is allowed at privilege `priv`.
   */
  check(pa: number, len: number, perm: number, priv: Priv): boolean {
    if (priv === 3 && !this.lockedActive) return true;
    const end = pa + len;
    for (let i = 0; i < PMP_ENTRIES; i++) {
      const c = this.cfg[i];
      if ((c & PMP_A) === 0) continue;
      const lo = this.lo[i], hi = this.hi[i];
      if (end <= lo || pa >= hi) continue; // no byte matches
      if (pa < lo || end > hi) return false; // only some bytes match: fails (§3.7.1.3)
      if (priv === 3 && !(c & PMP_L)) return true;
      return (c & perm) !== 0;
    }
    return priv === 3 || this.count === 0; // no match: M succeeds, S/U fail — unless no entry is implemented (§3.7.1)
  }

  /** Whether the whole 4 KiB page at `page` gets one answer for `perm`/`priv` (so it may be cached per page). */
  uniformOnPage(page: number, perm: number, priv: Priv): boolean {
    if (priv === 3 && !this.lockedActive) return true;
    for (let i = 0; i < PMP_ENTRIES; i++) {
      if ((this.cfg[i] & PMP_A) === 0) continue;
      const lo = this.lo[i], hi = this.hi[i];
      if (hi <= page || lo >= page + 4096) continue;
      if (lo > page || hi < page + 4096) return false; // an entry boundary inside the page
      return true; // the first matching entry covers the page
    }
    return true;
  }
}
