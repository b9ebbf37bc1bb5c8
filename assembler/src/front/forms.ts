/**
 * Operand forms: the instruction table's and the pseudo table's syntax
 * strings, compiled once into slots that source operands are matched against.
 */
import type { Expr, Operand } from '../parse/ast.js';
import { registerNumber } from '../isa/registers.js';

/**
 * A slot of a syntax string: `rd`, `imm12`, `imm12(rs1)`, `(rs1)`, or a
 * fixed register written by name (`sp` in `c.addi16sp sp, nzimm10`); a
 * fixed register as a memory base (`lwsp8(sp)`) binds nothing.
 */
export type Slot =
  | { readonly k: 'reg'; readonly name: string }
  | { readonly k: 'fixed'; readonly reg: number }
  | { readonly k: 'imm'; readonly name: string }
  | { readonly k: 'mem'; readonly imm: string; readonly reg: string }
  | { readonly k: 'preg'; readonly reg: string };

/** Operand values by slot name (`rd`, `imm12`, …). */
export type Binds = Record<string, Arg>;

/** What a slot binds: a register number or an expression. */
export type Arg = { readonly reg: number; readonly col: number } | { readonly expr: Expr; readonly col: number };

/** Register operand names: the 32-bit table's and the compressed table's. */
const REGISTER_SLOTS = new Set(['rd', 'rs1', 'rs2', 'crd', 'crs2', 'rdp', 'rs1p', 'rs2p']);

/** A register written by name in a syntax string (`sp`), not an operand slot. */
const fixedRegister = (t: string): number | undefined => (REGISTER_SLOTS.has(t) ? undefined : registerNumber(t));

export function compileSyntax(syntax: string): Slot[] {
  if (syntax.trim() === '') return [];
  return syntax.split(',').map((s) => {
    const t = s.trim();
    let m = /^([a-z0-9]+)\(([a-z0-9]+)\)$/.exec(t);
    if (m) return { k: 'mem', imm: m[1], reg: m[2] };
    m = /^\(([a-z0-9]+)\)$/.exec(t);
    if (m) return { k: 'preg', reg: m[1] };
    const fixed = fixedRegister(t);
    if (fixed !== undefined) return { k: 'fixed', reg: fixed };
    return REGISTER_SLOTS.has(t) ? { k: 'reg', name: t } : { k: 'imm', name: t };
  });
}

/** The register an expression names, if it is just a register name. */
export function asRegister(e: Expr): number | undefined {
  if (e.k === 'sym') return registerNumber(e.name);
  return undefined;
}

const isZero = (e: Expr) => e.k === 'num' && (e.value === 0 || e.value === 0n);

/** Bind source operands to slots, or `undefined` if they do not fit. */
export function matchSlots(slots: readonly Slot[], ops: readonly Operand[]): Binds | undefined {
  if (slots.length !== ops.length) return undefined;
  const binds: Binds = {};
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i];
    const o = ops[i];
    switch (s.k) {
      case 'reg': {
        if (o.k !== 'expr') return undefined;
        const r = asRegister(o.expr);
        if (r === undefined) return undefined;
        binds[s.name] = { reg: r, col: o.col };
        break;
      }
      case 'fixed':
        if (o.k !== 'expr' || asRegister(o.expr) !== s.reg) return undefined;
        break;
      case 'imm':
        if (o.k !== 'expr' || asRegister(o.expr) !== undefined) return undefined;
        binds[s.name] = { expr: o.expr, col: o.col };
        break;
      case 'mem':
      case 'preg': {
        let base: number | undefined;
        let offset: Expr | undefined;
        if (o.k === 'mem') {
          base = asRegister(o.base.k === 'paren' ? o.base.inner : o.base);
          offset = o.offset;
        } else if (o.expr.k === 'paren') {
          base = asRegister(o.expr.inner);
          offset = { k: 'num', value: 0, col: o.col };
        }
        if (base === undefined || offset === undefined) return undefined;
        if (s.k === 'preg') {
          if (!isZero(offset)) return undefined;
        } else binds[s.imm] = { expr: offset, col: o.col };
        const fixed = fixedRegister(s.reg);
        if (fixed !== undefined) {
          if (base !== fixed) return undefined;
        } else binds[s.reg] = { reg: base, col: o.col };
        break;
      }
    }
  }
  return binds;
}
