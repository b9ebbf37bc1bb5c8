/**
 * One RV32IMA(C) hart: registers, privilege, the CSR state and the slow
 * paths of the interpreter (CSR instructions, faults, MMIO, fetches that
 * cross a page). The hot loop lives in interpreter.ts and works on the
 * fields below; the trap path (trap entry, xRET, WFI, sfence.vma) is
 * trap.ts, the atomics atomics.ts, instruction fetch off the fast path
 * fetch.ts.
 */
import { EXC, IRQ, MENVCFGH_STCE, MPP_SHIFT, MSTATUS, PRIV, irqBit, type Priv } from '@pvlab/assembler';
import { LINE, LINE_SHIFT, type Bus, type RamWatcher } from '../bus.js';
import { DEFAULT_MISA, MISA_C, csrOp } from './csr.js';
import { Mmu, FETCH, LOAD, STORE } from './mmu.js';
import { Pmp } from './pmp.js';
import { DecodeCache, lengthOf, slotOf } from './decode-cache.js';
import { fetchSlow, translateFetch } from './fetch.js';
import { runHart } from './run.js';
import { CodeCache } from './jit/code-cache.js';
import { amo } from './atomics.js';
import { crossesPage, loadAcross, storeAcross } from './page-crossing.js';
import { mret, pendingInterrupt, sfenceVma, sret, takeTrap, wfi } from './trap.js';

/** A loaded value of `len` bytes as a register holds it. */
const extend = (v: number, len: number, signed: boolean): number => (!signed || len === 4 ? v | 0 : len === 1 ? (v << 24) >> 24 : (v << 16) >> 16);

/** 64-bit counters wrap (minstret, mcycle). */
const COUNTER_MASK = (1n << 64n) - 1n;

/** Virtual time, in mtime ticks. */
export interface HartClock {
  now(): number;
}

/** Why `run` returned. */
export type StopReason = 'budget' | 'wfi' | 'halt' | 'yield';

/**
 * The monitor seam: when attached, every trap that would enter M-mode goes
 * to the monitor instead. The monitor decides how the hart resumes by
 * setting its state (`pc`, `priv`, registers) before returning.
 */
export interface Monitor {
  trap(hart: Hart, mcause: number, tval: number): void;
}

/** How accesses at privilege `p` are made: 0 direct, 1 S through the TLB, 2 U through the TLB, 3 M with PMP checks. */
function accessMode(p: Priv, pmpLocked: boolean): number {
  return p === PRIV.M ? (pmpLocked ? 3 : 0) : p === PRIV.S ? 1 : 2;
}

export class Hart implements RamWatcher {
  /** x0..x31, plus x[32]: the sink for writes to x0, so x[0] stays zero without a test (64 entries, so masked indexes need no bounds check). */
  readonly x = new Int32Array(64);
  pc = 0;
  priv: Priv = PRIV.M;
  readonly hartId = 0;

  /** misa: RV32IMA unless the board says otherwise (board.ts, `misaOf`); change it with `setMisa`. */
  misa = DEFAULT_MISA;
  /** The misa bits software may change: C on a hart that has it (csr.ts, `writeMisa`). */
  misaWritable = 0;
  /**
   * The pc bits a jump target must have clear: 1 with the C extension on
   * (IALIGN = 16), 3 without (IALIGN = 32). Also the bits xEPC reads masked
   * (priv §3.1.14: "whenever IALIGN=32, bit mepc[1] is masked on reads").
   */
  ialignBits = 3;
  /** misa.C: 16-bit instructions execute (the decode cache reads the parcels that way). */
  rvc = false;
  mstatus = 0;
  medeleg = 0;
  mideleg = 0;
  mie = 0;
  /** Interrupt-pending bits written by software (SSIP, STIP, SEIP). */
  mipSw = 0;
  /** Interrupt-pending bits driven by devices (MSIP, MTIP, MEIP, SEIP). */
  mipHw = 0;
  mtvec = 0;
  stvec = 0;
  mepc = 0;
  sepc = 0;
  mcause = 0;
  scause = 0;
  mtval = 0;
  stval = 0;
  mscratch = 0;
  sscratch = 0;
  mcounteren = 0;
  scounteren = 0;
  menvcfg = 0;
  menvcfgh = 0;
  senvcfg = 0;
  satp = 0;
  /**
   * Sstc supervisor timer compare, in mtime ticks (2^64 − 1 at reset), kept
   * as exact 32-bit halves: a double cannot hold all 64 bits, and software
   * writes the halves one at a time.
   */
  stimecmpLo = 0xffff_ffff;
  stimecmpHi = 0xffff_ffff;

  /** stimecmp as a number, for comparisons with mtime (exact below 2^53, never below it when rounded). */
  get stimecmp(): number {
    return this.stimecmpHi * 2 ** 32 + this.stimecmpLo;
  }

  /** Instructions retired before the current run (the interpreter adds its own count). */
  instret = 0;
  /** Cycles beyond one per instruction (one per trap taken, idle time in WFI, cycles a monitor adds). */
  extraCycles = 0;
  /** minstret and mcycle as software sees them are the counts plus these offsets, mod 2^64 (set by CSR writes). */
  instretOffset = 0n;
  cycleOffset = 0n;
  /**
   * Steps run: instructions the hart retired itself, plus each trap taken,
   * counted as the cycles it cost (a monitor's emulation included), at least
   * one. A run's budget is in steps, so that it never runs past a timer
   * deadline and a trap storm still ends (run.ts).
   */
  steps = 0;
  /** 1 while a CSR instruction of this hart runs: it is in `running` but has not retired yet. */
  private csrRetiring = 0;
  /** LR/SC reservation: a physical address, or -1 (see `reserve`). */
  reservation = -1;

  readonly pmp = new Pmp();
  readonly mmu: Mmu;
  readonly decoded = new DecodeCache();
  /** Compiled regions (jit/). */
  readonly code: CodeCache;
  /** A write just dropped decoded or compiled code: the running region must end. */
  codeChanged = false;
  monitor: Monitor | undefined;

  /** A pending synchronous exception raised by a slow path (cause, tval), or -1. */
  excCause = -1;
  excTval = 0;
  /** Set when something may have made an interrupt deliverable: the loop leaves to check. */
  checkInterrupts = true;
  /** Set by WFI; cleared when an interrupt becomes pending. */
  waiting = false;
  /** Traps taken, by cause code: exceptions, then interrupts (arrays: counting is on the trap path). */
  readonly exceptionCounts = new Float64Array(32);
  readonly interruptCounts = new Float64Array(32);

  /** Traps taken, by mcause value (statistics). */
  get trapCounts(): Map<number, number> {
    const m = new Map<number, number>();
    this.exceptionCounts.forEach((n, code) => n && m.set(code, n));
    this.interruptCounts.forEach((n, code) => n && m.set((0x8000_0000 | code) >>> 0, n));
    return m;
  }
  /**
   * Set when the board must get control back before the batch ends: a timer
   * deadline moved (mtimecmp, stimecmp), so the batch length is stale.
   */
  yieldRequested = false;
  /** Set to stop the current run (the machine has shut down). */
  halted = false;

  /** The count of the run in progress, kept by the interpreter for CSR reads mid-run. */
  running = 0;

  constructor(
    readonly bus: Bus,
    readonly clock: HartClock,
  ) {
    this.mmu = new Mmu(this);
    this.code = new CodeCache(this);
    bus.watch(this);
  }

  /**
   * Set misa (the board at build time, CSR writes through csr.ts). Turning
   * C on or off changes how every parcel decodes and the alignment compiled
   * code checks (a constant of each region): the decode cache and the
   * compiled regions are dropped, and a running region leaves.
   */
  setMisa(v: number): void {
    v >>>= 0;
    const rvc = (v & MISA_C) !== 0;
    this.misa = v;
    if (rvc !== this.rvc) {
      this.rvc = rvc;
      this.ialignBits = rvc ? 1 : 3;
      this.decoded.clear();
      this.code.clear();
      this.codeChanged = true;
    }
  }

  // ---- counters ---------------------------------------------------------

  retired(): number {
    return this.instret + this.running;
  }
  setRetired(v: number): void {
    this.instret = v - this.running;
  }
  /** Modeled cycles: one per instruction plus idle and monitor-added cycles. */
  cycles(): number {
    return this.retired() + this.extraCycles;
  }
  setCycles(v: number): void {
    this.extraCycles = v - this.retired();
  }

  /**
   * minstret as software reads it: instructions retired before the current
   * one, plus what writes added, modulo 2^64 (unpriv "Zicsr": a CSR
   * instruction reads the value prior to its execution).
   */
  counterInstret(): bigint {
    return (BigInt(this.retired() - this.csrRetiring) + this.instretOffset) & COUNTER_MASK;
  }
  /** A write to minstret(h): takes the place of the writing instruction's increment, so the next instruction reads `v`. */
  setCounterInstret(v: bigint): void {
    this.instretOffset = (v - BigInt(this.retired())) & COUNTER_MASK;
  }
  /** mcycle as software reads it (like minstret: the cycles before the current instruction, plus writes). */
  counterCycle(): bigint {
    return (BigInt(this.cycles() - this.csrRetiring) + this.cycleOffset) & COUNTER_MASK;
  }
  setCounterCycle(v: bigint): void {
    this.cycleOffset = (v - BigInt(this.cycles())) & COUNTER_MASK;
  }

  // ---- interrupts ---------------------------------------------------------

  /** Sstc is on: stimecmp drives STIP. */
  stce(): boolean {
    return (this.menvcfgh & MENVCFGH_STCE) !== 0;
  }

  mip(): number {
    let stip = 0;
    if (this.stce() && this.clock.now() >= this.stimecmp) stip = irqBit(IRQ.sti);
    return (this.mipSw | this.mipHw | stip) >>> 0;
  }

  /** A device line changed (MSIP, MTIP, MEIP, SEIP). */
  setHwInterrupt(bit: number, level: boolean): void {
    const m = 1 << bit;
    const next = level ? this.mipHw | m : this.mipHw & ~m;
    if (next !== this.mipHw) {
      this.mipHw = next;
      this.interruptsChanged();
    }
  }

  interruptsChanged(): void {
    this.checkInterrupts = true;
  }

  /** Set stimecmp to a value (2^64 − 1 or more: all ones). */
  setStimecmp(v: number): void {
    if (v >= 2 ** 64 - 1) this.setStimecmpHalves(0xffff_ffff, 0xffff_ffff);
    else this.setStimecmpHalves(v % 2 ** 32, Math.floor(v / 2 ** 32));
  }

  /** Set stimecmp's halves (the CSRs stimecmp and stimecmph). */
  setStimecmpHalves(lo: number, hi: number): void {
    this.stimecmpLo = lo >>> 0;
    this.stimecmpHi = hi >>> 0;
    this.interruptsChanged();
    this.yieldRequested = true; // the board must recompute its next deadline
  }

  /** The interrupt to take now, as an mcause value, or -1 (trap.ts). */
  pendingInterrupt(): number {
    return pendingInterrupt(this);
  }

  // ---- traps (trap.ts) ----------------------------------------------------


  /** Record an exception for the interpreter to take; returns -1 for convenient use in slow paths. */
  fault(cause: number, tval: number): -1 {
    this.excCause = cause;
    this.excTval = tval >>> 0;
    return -1;
  }

  /** Take a trap at `pc`: to S, M or the monitor (trap.ts); it counts as the steps it cost, at least one. */
  trap(mcause: number, tval: number, pc: number): void {
    const before = this.instret + this.extraCycles;
    takeTrap(this, mcause, tval, pc);
    this.steps += Math.max(1, this.instret + this.extraCycles - before);
  }

  /** mret; false when illegal here. */
  mret(): boolean {
    return mret(this);
  }

  /** sret; false when illegal here. */
  sret(): boolean {
    return sret(this);
  }

  /** wfi; false when illegal here. */
  wfi(): boolean {
    return wfi(this);
  }

  /** sfence.vma of all (`undefined`) or one page; false when illegal here. */
  sfenceVma(va: number | undefined): boolean {
    return sfenceVma(this, va);
  }

  // ---- mode-dependent state ---------------------------------------------

  /**
   * How fetches and data accesses are translated right now: 0 direct
   * (physical, no checks needed), else through the TLB for privilege
   * 1 (S) or 2 (U). Recomputed when privilege, mstatus, satp or PMP change.
   */
  fetchMode = 0;
  dataMode = 0;
  /** Effective privilege of data accesses (MPRV). */
  dataPriv: Priv = PRIV.M;

  setPriv(p: Priv): void {
    this.priv = p;
    this.updateModes();
  }

  setMstatus(v: number): void {
    const changed = (this.mstatus ^ v) & (MSTATUS.MPRV | MSTATUS.MPP); // the modes' inputs (updateModes)
    // MPP is WARL: the reserved value 2 (H) reads back as U.
    if (((v & MSTATUS.MPP) >>> MPP_SHIFT) === 2) v &= ~MSTATUS.MPP;
    // Only enabling an interrupt can make one deliverable: then the hart must look (SIE, MIE 0 -> 1).
    const enabled = ~this.mstatus & v & (MSTATUS.SIE | MSTATUS.MIE);
    const cleared = this.mstatus & ~v;
    this.mstatus = v >>> 0;
    if (cleared & (MSTATUS.SUM | MSTATUS.MXR)) this.mmu.narrowed((cleared & MSTATUS.SUM) !== 0, (cleared & MSTATUS.MXR) !== 0);
    if (changed) this.updateModes();
    if (enabled) this.checkInterrupts = true;
  }

  setSatp(v: number): void {
    this.satp = v & 0xffffffff; // MODE, ASID (9 bits), PPN (22 bits): all writable
    this.mmu.flush();
    this.updateModes();
  }

  updateModes(): void {
    // S and U accesses always go through PMP (and the TLB); M only when an entry is locked.
    const locked = this.pmp.lockedActive;
    this.fetchMode = accessMode(this.priv, locked);
    this.dataPriv = this.priv === PRIV.M && (this.mstatus & MSTATUS.MPRV) ? (((this.mstatus & MSTATUS.MPP) >>> MPP_SHIFT) as Priv) : this.priv;
    this.dataMode = accessMode(this.dataPriv, locked);
  }

  /** The PMP changed: cached translations are stale. */
  pmpChanged(): void {
    this.mmu.flush();
    this.updateModes();
  }

  // ---- code and memory coherence (bus.ts) ---------------------------------

  /**
   * Decode the instruction whose parcels `bits` (the first in the low half)
   * were fetched from physical `pa` in RAM; the lines of its bytes now hold
   * code (a 32-bit one may end in the next line). Returns the decode-cache slot.
   */
  decode(pa: number, bits: number): number {
    const slot = this.decoded.fill(pa, bits, this.rvc);
    this.bus.markLine(pa, LINE.code);
    if (lengthOf(this.decoded.fields[slot]) === 4 && this.bus.isRam(pa, 4)) this.bus.markLine(pa + 3, LINE.code);
    return slot;
  }

  /** RAM at `pa .. pa + length - 1` was written through the bus: drop what was decoded or compiled from it. */
  ramWritten(pa: number, length: number): void {
    const bus = this.bus, ram = bus.ramBase;
    if (this.reservation >= 0 && this.reservation >= (pa & ~3) && this.reservation < pa + length) this.release();
    const first = (pa - ram) >>> LINE_SHIFT, last = (pa + length - 1 - ram) >>> LINE_SHIFT;
    for (let line = first; line <= last; line++) {
      if ((bus.slowLines[line] & LINE.code) === 0) continue;
      // Every instruction of the line that the decode cache holds — one per halfword, and a 32-bit one
      // that starts at the previous line's last halfword — then every region built from it.
      const base = ram + (line << LINE_SHIFT), dc = this.decoded;
      for (let a = base - 2; a < base + (1 << LINE_SHIFT); a += 2) {
        const slot = slotOf(a);
        if (dc.tag[slot] === (a | 1)) dc.tag[slot] = 0;
      }
      this.code.dropLine(line);
      bus.unmarkLine(base, LINE.code);
      this.codeChanged = true;
    }
  }

  /**
   * The word at physical `pa` was written behind the bus's back (straight
   * into its typed arrays, as a debugger's memory write does): drop what was
   * decoded or compiled from it, as a write through the bus would.
   */
  invalidateDecoded(pa: number): void {
    this.bus.written(pa & ~3, 4);
  }

  /** Reserve the word at physical `pa` (LR): stores to its line take the slow path, which clears it. */
  reserve(pa: number): void {
    this.release();
    this.reservation = pa;
    if (this.bus.isRam(pa, 4)) this.bus.markLine(pa, LINE.reserved);
  }

  /** Clear the reservation (SC, a trap, a store to it). */
  release(): void {
    if (this.reservation < 0) return;
    if (this.bus.isRam(this.reservation, 4)) this.bus.unmarkLine(this.reservation, LINE.reserved);
    this.reservation = -1;
  }

  // ---- slow paths used by the interpreter ---------------------------------

  /** Physical address for a fetch at `pc`, or -1 with the exception set (fetch.ts). */
  translateFetch(pc: number): number {
    if (this.fetchMode === 0) return pc;
    return translateFetch(this, pc);
  }

  /**
   * translateFetch for a look ahead (compiled code deciding where to go on):
   * the walk fills the fetch TLB as the fetch would, but a fault is left for
   * the fetch itself to raise (-1, no exception pending).
   */
  probeFetch(pc: number): number {
    const pa = this.translateFetch(pc);
    if (pa === -1) this.excCause = -1;
    return pa;
  }

  /**
   * Decode the instruction at `pc` (physical `pa`) the slow way — outside
   * RAM (the reset ROM), at the end of RAM, or across a page — and return
   * its decode-cache slot, or -1 with the exception set (fetch.ts).
   */
  fetchSlow(pc: number, pa: number): number {
    return fetchSlow(this, pc, pa);
  }

  translateData(va: number, len: number, store: boolean): number {
    if (this.dataMode === 0) return va >>> 0;
    return this.mmu.translate(va, len, store ? STORE : LOAD, this.dataPriv);
  }

  /** A load that missed the fast path: translation, misalignment, MMIO. Sets the exception on failure. */
  loadSlow(va: number, len: 1 | 2 | 4, signed: boolean): number {
    va >>>= 0;
    if (crossesPage(va, len)) return extend(loadAcross(this, va, len) ?? 0, len, signed);
    const pa = this.translateData(va, len, false);
    if (pa < 0) return 0;
    const v = this.bus.read(pa, len);
    if (v === undefined) return this.fault(EXC.loadAccess, va), 0;
    return extend(v, len, signed);
  }

  storeSlow(va: number, len: 1 | 2 | 4, value: number): void {
    va >>>= 0;
    if (crossesPage(va, len)) return storeAcross(this, va, len, value);
    const pa = this.translateData(va, len, true);
    if (pa < 0) return;
    // The bus tells this hart (ramWritten) when the bytes held code or its reservation.
    if (!this.bus.write(pa, len, value)) this.fault(EXC.storeAccess, va);
  }

  /**
   * A CSR instruction (Zicsr): returns false when illegal. `op` is 1 = RW,
   * 2 = RS, 3 = RC; `src` is the register value or the immediate; `writes`
   * is false for RS/RC with x0 or a zero immediate, which do not write.
   */
  csr(csr: number, op: number, src: number, writes: boolean, rd: number): boolean {
    this.csrRetiring = 1;
    const old = csrOp(this, csr, writes, op, src);
    this.csrRetiring = 0;
    if (old === undefined) return false;
    this.x[rd] = old | 0;
    return true;
  }

  /** LR/SC and the AMOs (atomics.ts); faults go through the pending exception. */
  amo(fn: number, va: number, src: number, rd: number): boolean {
    return amo(this, fn, va, src, rd);
  }

  /** Run up to `budget` steps (instructions, and traps taken); see run.ts. */
  run(budget: number): StopReason {
    return runHart(this, budget);
  }
}

export { FETCH, LOAD, STORE, EXC, IRQ };
