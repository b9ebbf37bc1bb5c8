/**
 * CSR semantics: what each implemented CSR reads as and what a write does
 * (privileged specification §2, §3.1, §4.1; Sstc; Zicntr). Keyed by the CSR
 * table's names, so numbers, privilege and read-only-ness come from there.
 * An access to a CSR missing here, or one the current privilege may not
 * make, is an illegal instruction.
 */
import {
  ALL_INTERRUPTS, COUNTEREN, CSRS, DELEGABLE_EXCEPTIONS, IRQ, MENVCFGH_STCE, MSTATUS, MSTATUS_WRITABLE, PRIV, SSTATUS_MASK, S_INTERRUPTS,
  csrByName, irqBit,
} from '@pvlab/assembler';
import type { Hart } from './hart.js';

interface CsrBehaviour {
  read(h: Hart): number;
  /** Absent: writes are ignored (a WARL field fixed at its value). */
  write?(h: Hart, v: number): void;
  /** Extra access rule beyond the number's privilege bits; true = allowed. */
  allowed?(h: Hart): boolean;
  /**
   * A CSR that is only storage — a hart field, no gate, no side effect — which compiled code reads and
   * writes in place instead of calling the hart (jit/codegen.ts; a trap handler's sscratch swap and its
   * scause, stval and sepc reads were a tenth of a null system call's host time). `epc`: written with
   * bit 0 clear, read with the bits IALIGN clears also clear (the read and write above say the same).
   */
  plain?: { readonly field: 'sscratch' | 'sepc' | 'scause' | 'stval'; readonly epc: boolean };
}

/** misa of an RV32IMA hart with S and U modes; the board sets a hart's own from its ISA. */
export const DEFAULT_MISA = ((1 << 30) | (1 << 0) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20)) >>> 0; // RV32 A I M S U

/** Counter access from S and U modes (§3.1.11, §4.1.5): mcounteren, then scounteren. */
function counterAllowed(bit: number) {
  return (h: Hart) => h.priv === PRIV.M || (((h.mcounteren >>> bit) & 1) === 1 && (h.priv === PRIV.S || ((h.scounteren >>> bit) & 1) === 1));
}

/** misa.C, the compressed-instruction extension. */
export const MISA_C = 1 << 2;

/**
 * A write to misa (§3.1.1, WARL): only the bits the hart lets software
 * change (`misaWritable`: C on a hart that has it) move. "If an
 * instruction that would write misa increases IALIGN, and the subsequent
 * instruction's address is not IALIGN-bit aligned, the write to misa is
 * suppressed": turning C off from a CSR instruction at pc ≡ 2 (mod 4) —
 * whose successor is at pc + 4 ≡ 2 — changes nothing. (QEMU 7.2 drops
 * every misa write unless its experimental `x-misa-w` is set; both are
 * WARL-legal.)
 */
function writeMisa(h: Hart, v: number): void {
  const next = (h.misa & ~h.misaWritable) | (v & h.misaWritable);
  if ((h.misa & MISA_C) !== 0 && (next & MISA_C) === 0 && ((h.pc + 4) & 2) !== 0) return;
  h.setMisa(next);
}

/** xEPC: bit 0 is always zero; bit 1 is stored but reads as zero while IALIGN = 32 (§3.1.14). */
const epc = (v: number) => (v & ~1) >>> 0;
export const readEpc = (h: Hart, v: number): number => (v & ~h.ialignBits) >>> 0;

const lo32 = (x: number) => x >>> 0;
const hi32 = (x: number) => Math.floor(x / 2 ** 32) >>> 0;
// 64-bit counters as bigints (CSR accesses are a slow path).
const lo = (x: bigint) => Number(x & 0xffffffffn);
const hi = (x: bigint) => Number((x >> 32n) & 0xffffffffn);
const setLo = (x: bigint, v: number) => (x & ~0xffffffffn) | BigInt(v >>> 0);
const setHi = (x: bigint, v: number) => (BigInt(v >>> 0) << 32n) | (x & 0xffffffffn);

const tvec = (v: number) => ((v & 3) >= 2 ? v & ~3 : v) >>> 0; // MODE 2/3 reserved: direct

const B: Record<string, CsrBehaviour> = {
  // Machine information (read-only zero but mhartid, which is ours: 0).
  mvendorid: { read: () => 0 }, marchid: { read: () => 0 }, mimpid: { read: () => 0 }, mhartid: { read: (h) => h.hartId }, mconfigptr: { read: () => 0 },

  mstatus: { read: (h) => h.mstatus >>> 0, write: (h, v) => h.setMstatus((h.mstatus & ~MSTATUS_WRITABLE) | (v & MSTATUS_WRITABLE)) },
  mstatush: { read: () => 0 },
  misa: { read: (h) => h.misa, write: writeMisa },
  medeleg: { read: (h) => h.medeleg, write: (h, v) => (h.medeleg = v & DELEGABLE_EXCEPTIONS) },
  mideleg: { read: (h) => h.mideleg, write: (h, v) => ((h.mideleg = v & S_INTERRUPTS), h.interruptsChanged()) },
  mie: { read: (h) => h.mie, write: (h, v) => ((h.mie = v & ALL_INTERRUPTS), h.interruptsChanged()) },
  mip: {
    read: (h) => h.mip(),
    // M-mode may set SSIP, STIP (unless Sstc drives it) and SEIP (ORed with the PLIC's line).
    write: (h, v) => {
      const mask = irqBit(IRQ.ssi) | irqBit(IRQ.sei) | (h.stce() ? 0 : irqBit(IRQ.sti));
      h.mipSw = (h.mipSw & ~mask) | (v & mask);
      h.interruptsChanged();
    },
  },
  mtvec: { read: (h) => h.mtvec, write: (h, v) => (h.mtvec = tvec(v)) },
  mcounteren: { read: (h) => h.mcounteren, write: (h, v) => (h.mcounteren = v >>> 0) },
  mcountinhibit: { read: () => 0 }, // counting is never inhibited (WARL, hardwired to zero)
  menvcfg: { read: (h) => h.menvcfg & 1, write: (h, v) => (h.menvcfg = v & 1) }, // FIOM
  menvcfgh: { read: (h) => h.menvcfgh, write: (h, v) => ((h.menvcfgh = (v & MENVCFGH_STCE) >>> 0), h.interruptsChanged()) },
  mscratch: { read: (h) => h.mscratch, write: (h, v) => (h.mscratch = v >>> 0) },
  mepc: { read: (h) => readEpc(h, h.mepc), write: (h, v) => (h.mepc = epc(v)) },
  mcause: { read: (h) => h.mcause, write: (h, v) => (h.mcause = v >>> 0) },
  mtval: { read: (h) => h.mtval, write: (h, v) => (h.mtval = v >>> 0) },
  mseccfg: { read: () => 0 }, mseccfgh: { read: () => 0 },

  // Trigger module (Sdtrig): the CSRs exist but hold no trigger. tselect is read-only 0 (the only
  // index) and tdata1 reads type 0, "there is no trigger at this tselect" (RISC-V Debug
  // Specification 1.0, Sdtrig, tdata1.type); tdata2/3 of a missing trigger read 0. Writes are ignored (WARL). Software probing for triggers,
  // as riscv-tests' breakpoint test does, finds none.
  tselect: { read: () => 0, write: () => {} },
  tdata1: { read: () => 0, write: () => {} },
  tdata2: { read: () => 0, write: () => {} },
  tdata3: { read: () => 0, write: () => {} },

  // Counters (Zicntr): what software reads is the board's count plus an offset that writes set, modulo
  // 2^64, so a write never moves mtime or the run's budget. A CSR instruction reads them as they were
  // before it executed, and a write takes the place of its own increment (unpriv "Zicsr", CSR
  // instructions: "a value written to instret by one instruction will be the value read by the following
  // instruction").
  mcycle: { read: (h) => lo(h.counterCycle()), write: (h, v) => h.setCounterCycle(setLo(h.counterCycle(), v)) },
  mcycleh: { read: (h) => hi(h.counterCycle()), write: (h, v) => h.setCounterCycle(setHi(h.counterCycle(), v)) },
  minstret: { read: (h) => lo(h.counterInstret()), write: (h, v) => h.setCounterInstret(setLo(h.counterInstret(), v)) },
  minstreth: { read: (h) => hi(h.counterInstret()), write: (h, v) => h.setCounterInstret(setHi(h.counterInstret(), v)) },
  cycle: { read: (h) => lo(h.counterCycle()), allowed: counterAllowed(0) },
  cycleh: { read: (h) => hi(h.counterCycle()), allowed: counterAllowed(0) },
  time: { read: (h) => lo32(h.clock.now()), allowed: counterAllowed(1) },
  timeh: { read: (h) => hi32(h.clock.now()), allowed: counterAllowed(1) },
  instret: { read: (h) => lo(h.counterInstret()), allowed: counterAllowed(2) },
  instreth: { read: (h) => hi(h.counterInstret()), allowed: counterAllowed(2) },

  // Supervisor.
  sstatus: { read: (h) => h.mstatus & SSTATUS_MASK, write: (h, v) => h.setMstatus((h.mstatus & ~SSTATUS_MASK) | (v & SSTATUS_MASK)) },
  sie: { read: (h) => h.mie & h.mideleg, write: (h, v) => ((h.mie = (h.mie & ~h.mideleg) | (v & h.mideleg)), h.interruptsChanged()) },
  sip: {
    read: (h) => h.mip() & h.mideleg,
    write: (h, v) => {
      const mask = h.mideleg & irqBit(IRQ.ssi); // only SSIP is writable from S
      h.mipSw = (h.mipSw & ~mask) | (v & mask);
      h.interruptsChanged();
    },
  },
  stvec: { read: (h) => h.stvec, write: (h, v) => (h.stvec = tvec(v)) },
  scounteren: { read: (h) => h.scounteren, write: (h, v) => (h.scounteren = v >>> 0) },
  senvcfg: { read: (h) => h.senvcfg, write: (h, v) => (h.senvcfg = v & 1) },
  sscratch: { read: (h) => h.sscratch, write: (h, v) => (h.sscratch = v >>> 0), plain: { field: 'sscratch', epc: false } },
  sepc: { read: (h) => readEpc(h, h.sepc), write: (h, v) => (h.sepc = epc(v)), plain: { field: 'sepc', epc: true } },
  scause: { read: (h) => h.scause, write: (h, v) => (h.scause = v >>> 0), plain: { field: 'scause', epc: false } },
  stval: { read: (h) => h.stval, write: (h, v) => (h.stval = v >>> 0), plain: { field: 'stval', epc: false } },
  // satp: MODE (bit 31: Sv32), ASID (30:22), PPN (21:0); TVM traps S-mode access (§3.1.6.5).
  satp: { read: (h) => h.satp, write: (h, v) => h.setSatp(v >>> 0), allowed: (h) => !(h.priv === PRIV.S && (h.mstatus & MSTATUS.TVM) !== 0) },
  // Sstc (§ "Sstc" extension): S-mode access needs menvcfg.STCE and mcounteren.TM.
  stimecmp: { read: (h) => h.stimecmpLo, write: (h, v) => h.setStimecmpHalves(v, h.stimecmpHi), allowed: (h) => h.priv === PRIV.M || (h.stce() && (h.mcounteren & COUNTEREN.TM) !== 0) },
  stimecmph: { read: (h) => h.stimecmpHi, write: (h, v) => h.setStimecmpHalves(h.stimecmpLo, v), allowed: (h) => h.priv === PRIV.M || (h.stce() && (h.mcounteren & COUNTEREN.TM) !== 0) },
};

// PMP: up to 16 entries (pmpcfg0-3, pmpaddr0-15); the rest of the 64 read as zero (§3.7.1).
// A hart built without PMP has none of these CSRs: illegal, as QEMU's with pmp=false.
const hasPmp = (h: Hart) => h.pmp.count > 0;
for (let i = 0; i < 16; i++) {
  if (i < 4) B[`pmpcfg${i}`] = { read: (h) => h.pmp.readCfg(i), write: (h, v) => (h.pmp.writeCfg(i, v), h.pmpChanged()), allowed: hasPmp };
  B[`pmpaddr${i}`] = { read: (h) => h.pmp.readAddr(i), write: (h, v) => (h.pmp.writeAddr(i, v), h.pmpChanged()), allowed: hasPmp };
}
for (let i = 4; i < 16; i++) B[`pmpcfg${i}`] = { read: () => 0, allowed: hasPmp };
for (let i = 16; i < 64; i++) B[`pmpaddr${i}`] = { read: () => 0, allowed: hasPmp };
// Hardware performance counters 3-31 and their events: read-only zero (Zihpm WARL).
for (let i = 3; i < 32; i++) {
  B[`mhpmcounter${i}`] = { read: () => 0 };
  B[`mhpmcounter${i}h`] = { read: () => 0 };
  B[`mhpmevent${i}`] = { read: () => 0 };
  B[`hpmcounter${i}`] = { read: () => 0, allowed: counterAllowed(i) };
  B[`hpmcounter${i}h`] = { read: () => 0, allowed: counterAllowed(i) };
}

/** CSR behaviour by number, for every CSR the table marks implemented. */
export const CSR_BEHAVIOUR: readonly (CsrBehaviour | undefined)[] = (() => {
  const out: (CsrBehaviour | undefined)[] = new Array(4096).fill(undefined);
  for (const [name, b] of Object.entries(B)) {
    const spec = csrByName(name);
    if (!spec) throw new Error(`csr.ts: '${name}' is not in the CSR table`);
    out[spec.number] = b;
  }
  return out;
})();

/** Implemented CSRs without behaviour, and behaviours for unimplemented ones: both are table bugs. */
export function csrTableMismatches(): string[] {
  return CSRS.filter((c) => c.implemented !== (CSR_BEHAVIOUR[c.number] !== undefined)).map((c) => c.name);
}

/**
 * A CSR instruction's access: returns the old value, or undefined when the
 * access is illegal (§2.1: privilege from bits 9:8, read-only from 11:10).
 */
export function csrAccess(h: Hart, csr: number, write: boolean, value: (old: number) => number): number | undefined {
  const b = allowedBehaviour(h, csr, write);
  if (!b) return undefined;
  const old = b.read(h) >>> 0;
  if (write && b.write) b.write(h, value(old) >>> 0);
  return old;
}

/**
 * A CSR instruction's access without a callback (the hart's own path, on
 * every CSR instruction): `op` 1 = RW, 2 = RS, 3 = RC with `src`; returns
 * the old value, or undefined when the access is illegal.
 */
export function csrOp(h: Hart, csr: number, write: boolean, op: number, src: number): number | undefined {
  const b = allowedBehaviour(h, csr, write);
  if (!b) return undefined;
  const old = b.read(h) >>> 0;
  if (write && b.write) b.write(h, (op === 1 ? src : op === 2 ? old | src : old & ~src) >>> 0);
  return old;
}

/** The CSR's behaviour if this access is legal (§2.1: privilege from bits 9:8, read-only from 11:10). */
function allowedBehaviour(h: Hart, csr: number, write: boolean): CsrBehaviour | undefined {
  const b = CSR_BEHAVIOUR[csr];
  if (!b) return undefined;
  if (((csr >>> 8) & 3) > h.priv) return undefined;
  if (write && csr >>> 10 === 3) return undefined;
  if (b.allowed && !b.allowed(h)) return undefined;
  return b;
}
