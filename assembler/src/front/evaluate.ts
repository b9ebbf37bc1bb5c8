/**
 * Expression evaluation, shared by the first pass (what is known now: `.if`,
 * `.rept`, `li`, constant operands) and the final pass (everything, once
 * every label has an address). The difference is only in how the context
 * resolves symbols.
 */
import type { Expr } from '../parse/ast.js';
import { binary, sub, unary, add, type Value } from './values.js';

/** Why an expression has no value here. */
export type EvalFailure = { readonly error: string; readonly col: number } | { readonly unknown: true; readonly col: number };

export type EvalResult = Value | EvalFailure;

export interface EvalContext {
  /** The value of a symbol, `undefined` if not known (yet). */
  symbol(name: string, col: number): Value | EvalFailure;
  /** The value of `.`. */
  location(): Value;
  /** The internal name that `Nb`/`Nf` stands for. */
  localLabel(n: number, dir: 'b' | 'f', col: number): string | EvalFailure;
  /** Apply `%hi`, `%lo`, `%pcrel_hi`, `%pcrel_lo` … to a value. */
  reloc(fn: string, arg: Value, col: number): EvalResult;
}

/** Relocation functions: GNU's for absolute and pc-relative addressing, and the internal `call`. */
const RELOCATIONS = new Set(['hi', 'lo', 'pcrel_hi', 'pcrel_lo', 'call']);

export const isFailure = (r: EvalResult): r is EvalFailure => 'error' in r || 'unknown' in r;

export function evaluate(e: Expr, ctx: EvalContext): EvalResult {
  switch (e.k) {
    case 'num':
      return { v: e.value };
    case 'sym':
      return e.name === '.' ? ctx.location() : ctx.symbol(e.name, e.col);
    case 'local': {
      const name = ctx.localLabel(e.label, e.dir, e.col);
      return typeof name === 'string' ? ctx.symbol(name, e.col) : name;
    }
    case 'paren':
      return evaluate(e.inner, ctx);
    case 'str':
      return { error: 'a string is not a number here', col: e.col };
    case 'unary': {
      const a = evaluate(e.arg, ctx);
      if (isFailure(a)) return a;
      if (a.base !== undefined) return e.op === '+' ? a : { error: `operator '${e.op}' needs an absolute value`, col: e.col };
      return { v: unary(e.op, a.v) };
    }
    case 'reloc': {
      if (!RELOCATIONS.has(e.fn)) return { error: `unknown relocation function '%${e.fn}' (pvlab supports %hi, %lo, %pcrel_hi, %pcrel_lo)`, col: e.col };
      const a = evaluate(e.arg, ctx);
      return isFailure(a) ? a : ctx.reloc(e.fn, a, e.col);
    }
    case 'binary': {
      const a = evaluate(e.left, ctx);
      if (isFailure(a)) return a;
      const b = evaluate(e.right, ctx);
      if (isFailure(b)) return b;
      return combine(e.op, a, b, e.col);
    }
  }
}

function combine(op: string, a: Value, b: Value, col: number): EvalResult {
  if (a.base === undefined && b.base === undefined) {
    const r = binary(op, a.v, b.v);
    return r === undefined ? { error: 'division by zero', col } : { v: r };
  }
  // Relocatable arithmetic: sym + n, n + sym, sym - n, and sym - sym of one base.
  if (op === '+' && b.base === undefined) return { v: add(a.v, b.v), base: a.base };
  if (op === '+' && a.base === undefined) return { v: add(a.v, b.v), base: b.base };
  if (op === '-' && b.base === undefined) return { v: sub(a.v, b.v), base: a.base };
  if (op === '-' && a.base === b.base) return { v: sub(a.v, b.v) };
  if (op === '-' || op === '+') return { unknown: true, col };
  return { error: `operator '${op}' needs absolute values`, col };
}
