/**
 * Symbol directives: binding (`.globl`, `.local`, `.weak`), ELF type and
 * size, and assignment (`.equ`, `.set`, `=`, `.equiv`).
 */
import type { Expr } from '../../parse/ast.js';
import type { FileAssembler } from '../file-assembler.js';
import { isFailure } from '../evaluate.js';
import { arity, exprList, splitTokens, symbolName, type DirectiveHandler } from './call.js';

const bind = (how: 'global' | 'local' | 'weak'): DirectiveHandler => (fa, call) => {
  const parts = splitTokens(call.tokens);
  if (parts.length === 0) return fa.error(`${call.name} needs at least one symbol name`, call.col);
  for (const p of parts) {
    const name = symbolName(fa, call, p[0]);
    if (!name) continue;
    if (p.length > 1) {
      fa.error(`unexpected '${p[1].text}' after symbol name`, p[1].col);
      continue;
    }
    const s = fa.symbol(name);
    if (how === 'local') s.explicitLocal = true;
    s.bind = how;
  }
};

const TYPES: Record<string, 'func' | 'object' | 'notype'> = {
  function: 'func', STT_FUNC: 'func', object: 'object', STT_OBJECT: 'object', notype: 'notype', STT_NOTYPE: 'notype',
  tls_object: 'object', common: 'object', gnu_indirect_function: 'func',
};

/** `.type sym, @function` (also `%function`, `"function"`, `STT_FUNC`). */
const type: DirectiveHandler = (fa, call) => {
  const parts = splitTokens(call.tokens);
  if (!arity(fa, call, parts.length, 2)) return;
  const name = symbolName(fa, call, parts[0][0]);
  const text = parts[1].map((t) => t.text).join('').replace(/^[@%]|"/g, '');
  const t = TYPES[text];
  if (!t) return fa.error(`unknown symbol type '${text}' (use @function or @object)`, parts[1][0].col);
  if (name) fa.symbol(name).type = t;
};

const size: DirectiveHandler = (fa, call) => {
  const parts = splitTokens(call.tokens);
  if (!arity(fa, call, parts.length, 2)) return;
  const name = symbolName(fa, call, parts[0][0]);
  const exprs = exprList(fa, { ...call, tokens: parts[1] });
  if (!name || !exprs || exprs.length !== 1) return;
  // `.size f, . - f` is resolved when addresses are known: capture `.` now.
  fa.symbol(name).size = captureDot(fa, exprs[0]);
};

/** Replace `.` by a label at the current location, for later evaluation. */
function captureDot(fa: FileAssembler, e: Expr): Expr {
  const uses = (x: Expr): boolean =>
    x.k === 'sym' ? x.name === '.' : x.k === 'unary' ? uses(x.arg) : x.k === 'binary' ? uses(x.left) || uses(x.right) : x.k === 'paren' ? uses(x.inner) : x.k === 'reloc' ? uses(x.arg) : false;
  if (!uses(e)) return fa.capture(e);
  const here = fa.tempLabel();
  const swap = (x: Expr): Expr => {
    switch (x.k) {
      case 'sym': return x.name === '.' ? { ...x, name: here } : x;
      case 'unary': return { ...x, arg: swap(x.arg) };
      case 'binary': return { ...x, left: swap(x.left), right: swap(x.right) };
      case 'paren': return { ...x, inner: swap(x.inner) };
      case 'reloc': return { ...x, arg: swap(x.arg) };
      default: return x;
    }
  };
  return fa.capture(swap(e));
}

/**
 * `.set sym, expr`: a constant is recorded now (a later `.set` may change
 * it, and uses before that see this value, as in GNU as); anything else is
 * kept as an expression and evaluated when addresses are known.
 */
const assign = (mode: 'set' | 'equiv'): DirectiveHandler => (fa, call) => {
  const parts = splitTokens(call.tokens);
  if (!arity(fa, call, parts.length, 2)) return;
  const name = symbolName(fa, call, parts[0][0]);
  if (!name) return;
  if (parts[0].length > 1) return fa.error(`unexpected '${parts[0][1].text}' after symbol name`, parts[0][1].col);
  const exprs = exprList(fa, { ...call, tokens: parts[1] });
  if (!exprs || exprs.length !== 1) return;
  const s = fa.symbol(name);
  if (s.kind === 'label' || (s.kind === 'equ' && (mode === 'equiv' || s.equiv))) {
    const where = s.definedAt ? ` (first defined at ${s.definedAt.file}:${s.definedAt.line})` : '';
    return fa.error(`symbol '${name}' is already defined${where}`, parts[0][0].col);
  }
  const e = captureDot(fa, exprs[0]);
  const r = fa.evalNow(e);
  if (isFailure(r) && 'error' in r) return fa.error(r.error, r.col);
  s.kind = 'equ';
  s.equiv = mode === 'equiv';
  s.definedAt = { ...fa.at, column: parts[0][0].col + 1 };
  if (!isFailure(r) && r.base === undefined) {
    s.constant = r.v;
    s.expr = undefined;
  } else {
    s.constant = undefined;
    s.expr = e;
  }
};

const visibility: DirectiveHandler = (fa, call) => {
  for (const p of splitTokens(call.tokens)) symbolName(fa, call, p[0]);
};

export const SYMBOL_DIRECTIVES: Record<string, DirectiveHandler> = {
  '.globl': bind('global'), '.global': bind('global'), '.local': bind('local'), '.weak': bind('weak'),
  '.hidden': visibility, '.protected': visibility, '.internal': visibility,
  '.type': type, '.size': size,
  '.equ': assign('set'), '.set': assign('set'), '.equiv': assign('equiv'),
};
