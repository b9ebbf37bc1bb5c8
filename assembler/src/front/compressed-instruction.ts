/**
 * The 16-bit side of an instruction statement (the C extension): a c.*
 * mnemonic written out, and the automatic compression GNU as applies to a
 * 32-bit instruction when C is on (the COMPRESSIONS rules).
 *
 * Compressed branches and jumps with a label become relaxable fragments,
 * as in GNU as: c.beqz/c.bnez take 2 bytes when the label is within ±256
 * bytes, else 4 (beq/bne), 6 (inverted c.bnez/c.beqz over a jal) or 8; c.j
 * and c.jal take 2 bytes within ±2 KiB, else 4 (jal).
 */
import type { Expr } from '../parse/ast.js';
import {
  C_OPERANDS, encodeCompressed, fitsCOperand, matchCompressed, meets,
  type COperandName, type CompressedSpec, type InstructionSpec,
} from '../isa/index.js';
import { applyRule, type CompiledRule } from './compressions.js';
import type { Binds } from './forms.js';
import type { Emitter } from './instruction.js';
import { isFailure } from './evaluate.js';
import { toNumber } from './values.js';

/** Whether a row is one of the compressed branches or jumps (its target is pc-relative). */
const isControl = (c: CompressedSpec): boolean => c.operands.some((o) => C_OPERANDS[o].class === 'pcrel');

/** What each kind of compressed operand accepts, for error messages. */
function describe(o: COperandName): string {
  const k = C_OPERANDS[o];
  if (k.class === 'reg') return k.bias ? 'one of x8..x15 (s0, s1, a0..a5)' : 'a register';
  if (o === 'nzimm18') return '1..0x1f or 0xfffe0..0xfffff (a 6-bit signed upper immediate)';
  const half = 2 ** (k.width - 1);
  const [min, max] = k.class === 'simm' ? [-half, half - 1] : [0, 2 * half - 1];
  const step = 1 << k.shift;
  return `${min}..${max - (step - 1)}${step > 1 ? `, a multiple of ${step}` : ''}`;
}

/** c.lui's immediate as GNU writes it (the 20-bit upper immediate) to the operand's signed value, or undefined. */
const luiImmediate = (v: number): number | undefined => (v >= 0 && v <= 0x1f ? v : v >= 0xfffe0 && v <= 0xfffff ? v - 0x100000 : undefined);

/** Emit a compressed branch or jump, relaxable; `values` are the row's operands with the target left out. */
function emitControl(cspec: CompressedSpec, values: readonly (number | undefined)[], target: Expr, em: Emitter, source?: InstructionSpec): void {
  const e = cspec.expansion!;
  const arg = (i: number): number => {
    const a = e.args[i];
    return typeof a === 'number' ? a : values[cspec.operands.indexOf(a)]!;
  };
  if (e.base.format === 'B') em.emitBranch(source ?? e.base, arg(0), arg(1), target, cspec);
  else em.emitJump(e.base, arg(0), target, cspec);
}

/** Assemble a c.* mnemonic with its operands (binds from its syntax). */
export function emitCompressedForm(cspec: CompressedSpec, binds: Binds, em: Emitter, col: number): void {
  const values: (number | undefined)[] = [];
  let target: Expr | undefined;
  for (const o of cspec.operands) {
    const arg = binds[o]!;
    const kind = C_OPERANDS[o];
    if ('reg' in arg) {
      if (!fitsCOperand(o, arg.reg)) return em.error(`invalid operands for '${cspec.name}': the register must be ${describe(o)}`, arg.col);
      values.push(arg.reg);
      continue;
    }
    if (kind.class === 'pcrel') {
      target = arg.expr;
      values.push(undefined);
      continue;
    }
    const r = em.evalNow(arg.expr);
    if (isFailure(r) || r.base !== undefined) {
      return em.error(isFailure(r) && 'error' in r ? r.error : `invalid operands for '${cspec.name}': the immediate must be a constant known here`, arg.col);
    }
    let v: number | undefined = toNumber(r.v);
    if (o === 'nzimm18') v = luiImmediate(v);
    if (v === undefined || !fitsCOperand(o, v)) {
      return em.error(`invalid operands for '${cspec.name}': immediate ${toNumber(r.v)} is not ${describe(o)}`, arg.col);
    }
    values.push(v);
  }
  if (target) return emitControl(cspec, values, target, em);
  const h = encodeCompressed(cspec, values as number[]);
  const decoded = matchCompressed(h);
  if (decoded !== cspec) {
    const reserved = cspec.reserved.some((c) => meets(cspec, values as number[], c));
    const why = decoded && !reserved ? `that halfword is ${decoded.name}` : 'that is a reserved encoding';
    return em.error(`invalid operands for '${cspec.name}': ${why}`, col);
  }
  em.emitHalf(h);
}

/**
 * Try the compression rules of the source form for an instruction (its row
 * and operand values; `undefined` for a target or value not known yet).
 * Emits the halfword, or the relaxable compressed branch or jump, and
 * returns true; returns false if no rule applies.
 */
export function tryCompress(
  rules: readonly CompiledRule[], spec: InstructionSpec, values: readonly (number | undefined)[], target: Expr | undefined, em: Emitter,
): boolean {
  for (const rule of rules) {
    const applied = applyRule(rule, spec, values);
    if (!applied) continue;
    if (isControl(applied.cspec)) {
      if (!target) continue;
      emitControl(applied.cspec, applied.values, target, em, spec);
      return true;
    }
    if (applied.values.some((v) => v === undefined)) continue;
    em.emitHalf(encodeCompressed(applied.cspec, applied.values as number[]));
    return true;
  }
  return false;
}
