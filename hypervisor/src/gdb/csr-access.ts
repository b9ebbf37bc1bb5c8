/**
 * CSRs as a debugger reads and writes them: with the hart's own CSR
 * semantics (machine/hart/csr.ts, keyed by the assembler's CSR table), but
 * from outside the program — no privilege check (a debugger has the access
 * of a debug module), no instruction retiring. Read-only CSRs (number bits
 * 11:10 = 0b11) cannot be written, as from software.
 */
import { csrByNumber } from '@pvlab/assembler';
import type { Hart } from '../machine/hart/hart.js';
import { CSR_BEHAVIOUR } from '../machine/hart/csr.js';

/** A CSR of `h`, or undefined when the hart has none by that number. */
export function readCsr(h: Hart, number: number): number | undefined {
  const b = CSR_BEHAVIOUR[number];
  return b ? b.read(h) >>> 0 : undefined;
}

/** Write a CSR of `h` with its own semantics (WARL fields keep their rules); false when it cannot be written. */
export function writeCsr(h: Hart, number: number, value: number): boolean {
  const b = CSR_BEHAVIOUR[number];
  if (!b || csrByNumber(number)?.readOnly) return false;
  b.write?.(h, value >>> 0);
  return true;
}
