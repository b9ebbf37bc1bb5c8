/**
 * Conditional assembly: `.if` and its relatives, `.elseif`, `.else`,
 * `.endif`. Conditions are evaluated when read, so they may use only what is
 * known at that point (GNU as: "absolute expression required").
 */
import type { FileAssembler } from '../file-assembler.js';
import { toNumber } from '../values.js';
import { exprList, splitTokens, type DirectiveCall, type DirectiveHandler } from './call.js';

function condition(fa: FileAssembler, call: DirectiveCall): boolean | undefined {
  const n = call.name;
  if (n === '.ifdef' || n === '.ifndef' || n === '.ifnotdef') {
    const tok = call.tokens[0];
    if (!tok || tok.type !== 'ident' || call.tokens.length !== 1) {
      fa.error(`${n} needs one symbol name`, tok?.col ?? call.col);
      return undefined;
    }
    const s = fa.symbols.get(tok.text);
    const defined = s !== undefined && s.kind !== 'undef';
    return n === '.ifdef' ? defined : !defined;
  }
  if (n === '.ifb' || n === '.ifnb') return (call.text.trim() === '') === (n === '.ifb');
  if (n === '.ifc' || n === '.ifnc') {
    const parts = splitTokens(call.tokens);
    const text = (i: number) => (parts[i] ?? []).map((t) => t.text).join('').replace(/^'(.*)'$|^"(.*)"$/, '$1$2');
    return (text(0) === text(1)) === (n === '.ifc');
  }
  const exprs = exprList(fa, call);
  if (!exprs) return undefined;
  if (exprs.length !== 1) {
    fa.error(`${n} takes one expression`, call.col);
    return undefined;
  }
  const v = fa.absolute(exprs[0], `the ${n} condition`);
  if (v === undefined) return undefined;
  const x = toNumber(v);
  switch (n) {
    case '.if': case '.ifne': case '.elseif': return x !== 0;
    case '.ifeq': return x === 0;
    case '.ifgt': return x > 0;
    case '.ifge': return x >= 0;
    case '.iflt': return x < 0;
    case '.ifle': return x <= 0;
  }
  return undefined;
}

const open: DirectiveHandler = (fa, call) => {
  const parentActive = !fa.skipping;
  // Inside a skipped block the condition is not evaluated: it may use
  // symbols that exist only on the other branch.
  const c = parentActive ? condition(fa, call) ?? false : false;
  fa.conds.push({ active: c, taken: c, parentActive, sawElse: false, at: { ...fa.at, column: call.headCol + 1 } });
};

const elseif: DirectiveHandler = (fa, call) => {
  const top = fa.conds[fa.conds.length - 1];
  if (!top) return fa.error('.elseif without .if', call.headCol);
  if (top.sawElse) return fa.error('.elseif after .else', call.headCol);
  if (top.taken || !top.parentActive) {
    top.active = false;
    return;
  }
  top.active = condition(fa, call) ?? false;
  top.taken = top.active;
};

const otherwise: DirectiveHandler = (fa, call) => {
  const top = fa.conds[fa.conds.length - 1];
  if (!top) return fa.error('.else without .if', call.headCol);
  if (top.sawElse) return fa.error('duplicate .else', call.headCol);
  top.sawElse = true;
  top.active = !top.taken;
  top.taken = true;
};

const endif: DirectiveHandler = (fa, call) => {
  if (!fa.conds.pop()) fa.error('.endif without .if', call.headCol);
};

export const CONDITIONAL_DIRECTIVES_TABLE: Record<string, DirectiveHandler> = {
  '.if': open, '.ifne': open, '.ifeq': open, '.ifgt': open, '.ifge': open, '.iflt': open, '.ifle': open,
  '.ifdef': open, '.ifndef': open, '.ifnotdef': open, '.ifb': open, '.ifnb': open, '.ifc': open, '.ifnc': open,
  '.elseif': elseif, '.else': otherwise, '.endif': endif,
};
