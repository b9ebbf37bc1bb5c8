/**
 * The range of each immediate operand kind, checked when a value is known
 * during the first pass (instructions and `.insn`), with GNU-like names.
 */
import type { Expr } from '../parse/ast.js';
import { OPERANDS, operandRange, type OperandName } from '../isa/operands.js';
import { toNumber, type Num } from './values.js';

/** Range-check an immediate for its operand kind; report and return undefined if out of range. */
export function checkRange(name: OperandName, v: Num, e: Expr, em: { error(m: string, c: number): void }): number | undefined {
  const { min, max } = RANGES[name];
  const n = typeof v === 'number' ? v : toNumber(v);
  if (n < min || n > max) {
    em.error(`immediate ${n} out of range for ${RANGE_NAMES[name] ?? name} (${min}..${max})`, e.col);
    return undefined;
  }
  return n;
}

const RANGES = Object.fromEntries(Object.entries(OPERANDS).map(([n, k]) => [n, operandRange(k)])) as Record<OperandName, { min: number; max: number }>;

const RANGE_NAMES: Partial<Record<OperandName, string>> = {
  imm12: 'a 12-bit signed immediate', simm12: 'a 12-bit signed offset', uimm20: 'a 20-bit upper immediate',
  shamt: 'a shift amount', zimm: 'a 5-bit CSR immediate', csr: 'a CSR number',
  bimm: 'a branch offset', jimm: 'a jump offset',
};
