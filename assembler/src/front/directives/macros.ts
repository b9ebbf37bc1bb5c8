/**
 * Macros and repeated blocks. Bodies are collected as raw lines, and an
 * invocation substitutes `\param`, `\@` (the expansion count) and `\()` as
 * text before the lines are read again — GNU as's textual macro model.
 */
import type { FileAssembler } from '../file-assembler.js';
import { arrayReader, splitMacroArgs, substituteMacro, type MacroDef } from '../input.js';
import type { Line } from '../source.js';
import { isMnemonic } from '../instruction.js';
import { toNumber } from '../values.js';
import { exprList, splitTokens, type DirectiveHandler } from './call.js';

const macro: DirectiveHandler = (fa, call) => {
  const m = /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\s*,?\s*(.*)$/.exec(call.text);
  if (!m) return fa.error('.macro needs a name', call.col);
  const name = m[1].toLowerCase();
  const params: MacroDef['params'][number][] = [];
  for (const p of splitMacroArgs(m[2])) {
    const pm = /^([A-Za-z_][A-Za-z0-9_]*)(?::(req|vararg))?(?:\s*=\s*(.*))?$/.exec(p.trim());
    if (!pm) return fa.error(`invalid macro parameter '${p}'`, call.col);
    if (params.some((q) => q.name === pm[1])) return fa.error(`duplicate macro parameter '${pm[1]}'`, call.col);
    params.push({ name: pm[1], required: pm[2] === 'req', vararg: pm[2] === 'vararg', default: pm[3] });
  }
  const at = { ...fa.at, column: call.headCol + 1 };
  if (fa.macros.has(name)) fa.error(`macro '${m[1]}' is already defined`, call.col);
  else if (isMnemonic(name)) fa.warning(`macro '${m[1]}' hides the instruction of the same name`, call.col);
  fa.collecting = {
    kind: 'macro', depth: 1, body: [], at,
    done: (body) => {
      if (!fa.macros.has(name)) fa.macros.set(name, { name, params, body, at });
    },
  };
};

/** Expand a macro invocation: bind arguments, substitute, and read the body next. */
export function expandMacro(fa: FileAssembler, def: MacroDef, argText: string, line: Line): void {
  const args = splitMacroArgs(argText);
  const values = new Map<string, string>();
  let pos = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const named = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/s.exec(a);
    if (named && def.params.some((p) => p.name === named[1])) {
      values.set(named[1], named[2]);
      continue;
    }
    const p = def.params[pos++];
    if (!p) return fa.error(`too many arguments to macro '${def.name}' (it takes ${def.params.length})`);
    if (p.vararg) {
      values.set(p.name, args.slice(i).join(', '));
      break;
    }
    if (a !== '') values.set(p.name, a);
  }
  for (const p of def.params) {
    if (values.has(p.name)) continue;
    if (p.required) return fa.error(`missing value for required parameter '${p.name}' of macro '${def.name}'`);
    values.set(p.name, p.default ?? '');
  }
  const body = substituteMacro(def.body, values, fa.macroCounter++);
  fa.pushFrame({ next: arrayReader(body), kind: 'macro', from: { file: line.file, line: line.line, column: fa.at.column, sourceLine: line.text } });
}

const exitm: DirectiveHandler = (fa, call) => {
  const i = fa.frames.map((f) => f.kind).lastIndexOf('macro');
  if (i < 0) return fa.error('.exitm outside a macro', call.headCol);
  fa.conds.length = fa.frames[i].condDepth;
  fa.frames.length = i;
  fa.framesVersion++;
};

const purgem: DirectiveHandler = (fa, call) => {
  const name = call.text.trim().toLowerCase();
  if (!fa.macros.delete(name)) fa.error(`.purgem: no macro named '${call.text.trim()}'`, call.col);
};

/** Collect a repeated body and push its copies when `.endr` is read. */
function repeat(fa: FileAssembler, expand: (body: Line[]) => Line[]): void {
  const at = { ...fa.at };
  fa.collecting = {
    kind: 'repeat', depth: 1, body: [], at,
    done: (body) => {
      fa.pushFrame({ next: arrayReader(expand(body)), kind: 'repeat', from: at });
    },
  };
}

const rept: DirectiveHandler = (fa, call) => {
  const exprs = exprList(fa, call);
  const n = exprs && exprs.length === 1 ? fa.absolute(exprs[0], 'the .rept count') : undefined;
  const count = n === undefined ? 0 : Math.max(0, toNumber(n));
  if (count > 1_000_000) return fa.error(`.rept count too large (${count})`, call.col);
  repeat(fa, (body) => Array.from({ length: count }, () => body).flat());
};

const irp = (chars: boolean): DirectiveHandler => (fa, call) => {
  const parts = splitTokens(call.tokens);
  const param = parts[0]?.[0];
  if (!param || param.type !== 'ident') return fa.error(`${call.name} needs a parameter name`, call.col);
  const after = call.text.slice(call.text.indexOf(param.text) + param.text.length).replace(/^\s*,?/, '');
  const items = chars ? [...after.trim()] : splitMacroArgs(after);
  repeat(fa, (body) => (items.length ? items : ['']).flatMap((v) => substituteMacro(body, new Map([[param.text, v]]), fa.macroCounter)));
};

const stray = (what: string): DirectiveHandler => (fa, call) => fa.error(`${call.name} without ${what}`, call.headCol);

export const MACRO_DIRECTIVES: Record<string, DirectiveHandler> = {
  '.macro': macro, '.endm': stray('.macro'), '.exitm': exitm, '.purgem': purgem,
  '.rept': rept, '.irp': irp(false), '.irpc': irp(true), '.endr': stray('.rept, .irp or .irpc'),
};
