/**
 * A hart's architectural state as plain data, for a snapshot: every
 * register and CSR, the privilege, the LR reservation, the counters and
 * their offsets, the Sstc compare, the PMP, what the interpreter keeps
 * between instructions (a WFI wait, an interrupt to look at) and the trap
 * statistics. Not state, and dropped on restore: the TLB, the decode cache
 * and the compiled regions — caches, refilled from memory as the hart runs
 * (a restored hart walks again and recompiles; no count depends on them).
 *
 * A snapshot is taken between runs (`running` is 0, no exception pending),
 * never inside an instruction.
 */
import type { Priv } from '@pvlab/assembler';
import type { Hart } from './hart.js';
import type { PmpState } from './pmp.js';

/** The CSR-like fields of a hart, saved and restored by name. */
const FIELDS = [
  'pc', 'mstatus', 'medeleg', 'mideleg', 'mie', 'mipSw', 'mipHw', 'mtvec', 'stvec', 'mepc', 'sepc', 'mcause', 'scause',
  'mtval', 'stval', 'mscratch', 'sscratch', 'mcounteren', 'scounteren', 'menvcfg', 'menvcfgh', 'senvcfg', 'satp',
  'stimecmpLo', 'stimecmpHi', 'instret', 'extraCycles', 'steps', 'misaWritable',
] as const;

type Field = (typeof FIELDS)[number];

/** A hart as a snapshot holds it. */
export interface HartState extends Readonly<Record<Field, number>> {
  /** x1..x31. */
  readonly x: readonly number[];
  readonly priv: Priv;
  readonly misa: number;
  /** minstret and mcycle offsets (64-bit, decimal). */
  readonly instretOffset: string;
  readonly cycleOffset: string;
  readonly reservation: number;
  readonly pmp: PmpState;
  readonly waiting: boolean;
  readonly halted: boolean;
  readonly checkInterrupts: boolean;
  readonly yieldRequested: boolean;
  readonly exceptionCounts: readonly number[];
  readonly interruptCounts: readonly number[];
}

/** The hart's state (between runs). */
export function saveHart(h: Hart): HartState {
  if (h.running !== 0 || h.excCause !== -1) throw new Error('a hart is saved between runs, not inside an instruction');
  const fields = Object.fromEntries(FIELDS.map((f) => [f, h[f]])) as Record<Field, number>;
  return {
    ...fields,
    x: Array.from(h.x.subarray(1, 32)),
    priv: h.priv,
    misa: h.misa,
    instretOffset: h.instretOffset.toString(),
    cycleOffset: h.cycleOffset.toString(),
    reservation: h.reservation,
    pmp: h.pmp.save(),
    waiting: h.waiting,
    halted: h.halted,
    checkInterrupts: h.checkInterrupts,
    yieldRequested: h.yieldRequested,
    exceptionCounts: Array.from(h.exceptionCounts),
    interruptCounts: Array.from(h.interruptCounts),
  };
}

/**
 * Put a saved state on `h` (a hart of a board built the same way). The
 * caches are dropped: decoded instructions, compiled regions, the TLB.
 */
export function loadHart(h: Hart, s: HartState): void {
  if (s.x.length !== 31 || s.exceptionCounts.length !== 32 || s.interruptCounts.length !== 32) throw new RangeError('hart state: 31 registers, 32 trap counts of each kind');
  for (const f of FIELDS) {
    if (typeof s[f] !== 'number' || !Number.isFinite(s[f])) throw new RangeError(`hart state: ${f} is not a number`);
    (h as unknown as Record<Field, number>)[f] = s[f];
  }
  h.x.fill(0);
  h.x.set(s.x, 1);
  h.setMisa(s.misa);
  h.decoded.clear();
  h.code.clear();
  h.codeChanged = true;
  h.instretOffset = BigInt.asUintN(64, BigInt(s.instretOffset));
  h.cycleOffset = BigInt.asUintN(64, BigInt(s.cycleOffset));
  h.pmp.load(s.pmp);
  h.release();
  if (s.reservation >= 0) h.reserve(s.reservation);
  ({ waiting: h.waiting, halted: h.halted, checkInterrupts: h.checkInterrupts, yieldRequested: h.yieldRequested } = s);
  h.exceptionCounts.set(s.exceptionCounts);
  h.interruptCounts.set(s.interruptCounts);
  h.setPriv(s.priv);
  h.pmpChanged(); // the TLB flushed, the access modes from priv, mstatus and the PMP
  h.running = 0;
  h.excCause = -1;
}
