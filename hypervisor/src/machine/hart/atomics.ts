/**
 * The A extension (unprivileged specification §14): LR/SC and the AMOs.
 * One hart, in order, so the ordering bits (aq, rl) need nothing; the one
 * reservation is a physical address that any store to its word, any trap
 * and any other SC clear (hart.ts, trap.ts).
 */
import { EXC } from '@pvlab/assembler';
import type { Hart } from './hart.js';

/** The A extension's operations, by the id the interpreter passes to `Hart.amo`. */
export const AMO_LR = 0, AMO_SC = 1, AMO_SWAP = 2, AMO_ADD = 3, AMO_XOR = 4, AMO_AND = 5, AMO_OR = 6, AMO_MIN = 7, AMO_MAX = 8, AMO_MINU = 9, AMO_MAXU = 10;

/** new value = op(old, src), for the read-modify-write AMOs (unprivileged specification §14.4). */
export const AMO_OPS: readonly ((old: number, src: number) => number)[] = [
  () => 0,
  () => 0,
  (_o, s) => s,
  (o, s) => (o + s) | 0,
  (o, s) => o ^ s,
  (o, s) => o & s,
  (o, s) => o | s,
  (o, s) => (o < s ? o : s),
  (o, s) => (o > s ? o : s),
  (o, s) => ((o >>> 0) < (s >>> 0) ? o : s),
  (o, s) => ((o >>> 0) > (s >>> 0) ? o : s),
];

/**
 * Execute LR/SC or an AMO. The address must be 4-byte aligned (a
 * misaligned LR is a load-address-misaligned exception, anything else a
 * store/AMO-address-misaligned one); AMOs and SC need write permission.
 * Always returns true: faults are reported through the hart's pending exception.
 */
export function amo(h: Hart, fn: number, va: number, src: number, rd: number): boolean {
  const lr = fn === AMO_LR;
  if (va & 3) return h.fault(lr ? EXC.loadMisaligned : EXC.storeMisaligned, va), true;
  const pa = h.translateData(va, 4, !lr);
  if (pa < 0) return true;
  if (lr) {
    const v = h.bus.read(pa, 4);
    if (v === undefined) return h.fault(EXC.loadAccess, va), true;
    h.x[rd] = v | 0;
    h.reserve(pa);
    return true;
  }
  if (fn === AMO_SC) {
    const ok = h.reservation === pa;
    h.release();
    if (ok && !h.bus.write(pa, 4, src)) return h.fault(EXC.storeAccess, va), true;
    h.x[rd] = ok ? 0 : 1;
    return true;
  }
  const old = h.bus.read(pa, 4);
  if (old === undefined) return h.fault(EXC.storeAccess, va), true;
  // The bus drops code there and clears a reservation of the word (Hart.ramWritten).
  if (!h.bus.write(pa, 4, AMO_OPS[fn](old | 0, src) >>> 0)) return h.fault(EXC.storeAccess, va), true;
  h.x[rd] = old | 0;
  return true;
}
