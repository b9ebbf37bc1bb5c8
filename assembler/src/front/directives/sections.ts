/**
 * Section directives: `.text`/`.data`/`.bss`/`.rodata` with an optional
 * subsection number, `.section name[, "flags"[, @type]]`, and the section
 * stack (`.pushsection`, `.popsection`, `.previous`).
 */
import type { Token } from '../../parse/lexer.js';
import { stringValue } from '../../parse/operand-parser.js';
import type { FileAssembler } from '../file-assembler.js';
import { toNumber } from '../values.js';
import { exprList, splitTokens, type DirectiveCall, type DirectiveHandler } from './call.js';

function subsectionOf(fa: FileAssembler, call: DirectiveCall, tokens: readonly Token[]): number | undefined {
  if (tokens.length === 0) return 0;
  const exprs = exprList(fa, { ...call, tokens });
  if (!exprs || exprs.length !== 1) return undefined;
  const n = fa.absolute(exprs[0], 'the subsection number');
  return n === undefined ? undefined : toNumber(n);
}

const named = (name: string): DirectiveHandler => (fa, call) => {
  const sub = subsectionOf(fa, call, call.tokens);
  if (sub !== undefined) fa.switchSection(name, sub);
};

/** Parse `name[, "flags"[, @type[, …]]][ subsection]` and switch to it. */
function enterSection(fa: FileAssembler, call: DirectiveCall): boolean {
  const parts = splitTokens(call.tokens);
  if (parts.length === 0 || parts[0].length === 0) {
    fa.error(`${call.name} needs a section name`, call.col);
    return false;
  }
  // The name is the raw text of the first part (`.text.init`, `"name"`).
  const first = parts[0];
  const name = first.length === 1 && first[0].type === 'string' ? stringValue(first[0].text) : first.map((t) => t.text).join('');
  const existed = fa.sections.has(name);
  const section = fa.switchSection(name, 0);
  const flagsTok = parts[1]?.[0];
  if (flagsTok) {
    if (flagsTok.type !== 'string') {
      fa.error(`section flags must be a string such as "ax"`, flagsTok.col);
      return true;
    }
    const flags = stringValue(flagsTok.text);
    for (const c of flags) {
      if (!'awxMSGTRdoe?'.includes(c)) fa.error(`unknown section flag '${c}' (use a, w, x)`, flagsTok.col);
    }
    const type = parts[2]?.map((t) => t.text).join('') ?? '';
    const nobits = /^[@%]nobits$/.test(type) ? true : /^[@%]progbits$/.test(type) ? false : section.nobits;
    if (type && !/^[@%](progbits|nobits|note|init_array|fini_array|preinit_array)$/.test(type)) fa.error(`unknown section type '${type}'`, parts[2][0].col);
    const next = { alloc: flags.includes('a'), write: flags.includes('w'), exec: flags.includes('x') };
    if (existed && (next.alloc !== section.flags.alloc || next.write !== section.flags.write || next.exec !== section.flags.exec)) {
      fa.warning(`section ${name} redefined with other flags; keeping the first`, flagsTok.col);
    } else {
      section.flags = next;
      section.nobits = nobits;
    }
  }
  return true;
}

const section: DirectiveHandler = (fa, call) => {
  enterSection(fa, call);
};

const pushsection: DirectiveHandler = (fa, call) => {
  const saved: [typeof fa.section, number] = [fa.section, fa.subsection];
  if (enterSection(fa, call)) fa.sectionStack.push(saved);
};

const popsection: DirectiveHandler = (fa, call) => {
  const top = fa.sectionStack.pop();
  if (!top) return fa.error('.popsection without .pushsection', call.headCol);
  fa.switchSection(top[0].name, top[1]);
};

const previous: DirectiveHandler = (fa, call) => {
  const prev = fa.previous;
  if (!prev) return fa.error('.previous with no previous section', call.headCol);
  fa.switchSection(prev[0].name, prev[1]);
};

/** `.subsection n`: switch subsection within the current section. */
const subsection: DirectiveHandler = (fa, call) => {
  const sub = subsectionOf(fa, call, call.tokens);
  if (sub !== undefined) fa.switchSection(fa.section.name, sub);
};

export const SECTION_DIRECTIVES: Record<string, DirectiveHandler> = {
  '.text': named('.text'),
  '.data': named('.data'),
  '.bss': named('.bss'),
  '.rodata': named('.rodata'),
  '.section': section,
  '.subsection': subsection,
  '.pushsection': pushsection,
  '.popsection': popsection,
  '.previous': previous,
};
