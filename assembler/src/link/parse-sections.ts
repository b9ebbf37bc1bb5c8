/**
 * The `SECTIONS { ... }` command: assignments, output section descriptions
 * and their bodies.
 *
 *   .name [address] [(NOLOAD)] : [AT(lma)] [ALIGN(a)] [SUBALIGN(s)]
 *   { items } [> region] [AT> lma_region] [:phdr] [= fill] [,]
 */
import type { Expr, OutputSectionStatement, SectionItem, Statement } from './layout-types.js';
import { parseWrappedStatement, peekWrappedStatement, tryParseAssignment } from './parse-assignment.js';
import { parseExpression } from './parse-expression.js';
import { parseInputSpec } from './parse-input-spec.js';
import type { ScriptScanner } from './script-scanner.js';

/** Data statements and their sizes in bytes. */
const DATA_SIZES: Readonly<Record<string, 1 | 2 | 4 | 8>> = { BYTE: 1, SHORT: 2, LONG: 4, QUAD: 8, SQUAD: 8 };

/** Output section types in `(TYPE)` after the name. */
const SECTION_TYPES: Readonly<Record<string, 'noload' | 'unsupported' | 'ignored'>> = {
  NOLOAD: 'noload',
  DSECT: 'unsupported',
  COPY: 'unsupported',
  INFO: 'unsupported',
  OVERLAY: 'unsupported',
  READONLY: 'unsupported',
  TYPE: 'unsupported',
};

/** Commands inside SECTIONS this subset rejects, and why. */
const UNSUPPORTED_IN_SECTIONS: Readonly<Record<string, string>> = {
  OVERLAY: 'overlays need load addresses',
  INCLUDE: 'scripts must be self-contained',
  INSERT: 'scripts must be complete',
};

/** Keywords inside a section body that are accepted and ignored (no effect without C++ / -r). */
const IGNORED_BODY_WORDS = new Set(['CREATE_OBJECT_SYMBOLS', 'CONSTRUCTORS']);

/** Parse the braces of `SECTIONS { ... }` (the keyword is already consumed). */
export function parseSectionsCommand(s: ScriptScanner, out: Statement[], setEntry: (name: string) => void): void {
  s.expect('{', 'after SECTIONS');
  while (!s.atEnd() && s.peek() !== '}') {
    if (s.eat(';') || s.eat(',')) continue;
    const start = s.pos;
    const word = s.peekWord('section');
    if (word === 'ENTRY') {
      s.readWord('section');
      s.expect('(');
      const name = s.readWord('symbol');
      if (name !== undefined) setEntry(name);
      s.expect(')');
      continue;
    }
    if (word in UNSUPPORTED_IN_SECTIONS) {
      s.error(`\`${word}' is not supported: ${UNSUPPORTED_IN_SECTIONS[word]}`);
      s.readWord('section');
      if (word === 'OVERLAY') s.skipConstruct('{');
      else s.readWord('wild');
      continue;
    }
    if (peekWrappedStatement(s)) {
      const st = parseWrappedStatement(s);
      if (st) out.push(st);
      continue;
    }
    const a = tryParseAssignment(s);
    if (a) {
      out.push(a);
      continue;
    }
    const os = parseOutputSection(s);
    if (os) out.push(os);
    if (s.pos === start) s.recover();
  }
  s.expect('}', 'to close SECTIONS');
}

function parseOutputSection(s: ScriptScanner): OutputSectionStatement | undefined {
  const loc = s.loc();
  const name = s.readWord('section');
  if (name === undefined) {
    s.error(`expected an output section or assignment, found \`${s.peek()}'`);
    return undefined;
  }
  let address: Expr | undefined;
  let noload = false;
  if (s.peek() !== ':') {
    if (!peekType(s)) address = parseExpression(s);
    if (peekType(s)) noload = parseType(s);
  }
  if (!s.expect(':', `after output section \`${name}'`)) {
    s.recover();
    return undefined;
  }
  let align: Expr | undefined;
  let subalign: Expr | undefined;
  for (;;) {
    const w = s.peekWord('section');
    if (w === 'AT') {
      s.error(`\`AT(...)' load addresses are not supported: \`${name}' is loaded at its run address`);
      s.readWord('section');
      s.expect('(');
      parseExpression(s);
      s.expect(')');
    } else if (w === 'ALIGN') {
      s.readWord('section');
      s.expect('(');
      align = parseExpression(s);
      s.expect(')');
    } else if (w === 'SUBALIGN') {
      s.readWord('section');
      s.expect('(');
      subalign = parseExpression(s);
      s.expect(')');
    } else if (w === 'ALIGN_WITH_INPUT' || w === 'SPECIAL') s.readWord('section');
    else if (w === 'ONLY_IF_RO' || w === 'ONLY_IF_RW') {
      s.error(`\`${w}' is not supported`);
      s.readWord('section');
    } else break;
  }
  const body = parseBody(s);
  let region: string | undefined;
  let fill: Expr | undefined;
  if (s.eat('>')) region = s.readWord('section');
  s.skipSpace();
  if (s.text.startsWith('AT>', s.pos) || /^AT\s+>/.test(s.text.slice(s.pos, s.pos + 8))) {
    s.error(`\`AT>' load regions are not supported: \`${name}' is loaded at its run address`);
    s.pos = s.text.indexOf('>', s.pos) + 1;
    s.readWord('section');
  }
  while (s.peek() === ':' && s.text[s.pos + 1] !== ':') {
    s.pos++;
    const phdr = s.readWord('section');
    s.error(`program header assignment \`:${phdr ?? ''}' is not supported (PHDRS)`);
  }
  if (s.peek() === '=' && s.text[s.pos + 1] !== '=') {
    s.pos++;
    fill = parseExpression(s);
  }
  s.eat(',');
  return {
    kind: 'section', name, body, loc,
    ...(address ? { address } : {}), ...(align ? { align } : {}), ...(subalign ? { subalign } : {}),
    ...(noload ? { noload } : {}), ...(region !== undefined ? { region } : {}), ...(fill ? { fill } : {}),
  };
}

// `(NOLOAD)` and friends, as opposed to a parenthesised address expression.
function peekType(s: ScriptScanner): boolean {
  if (s.peek() !== '(') return false;
  const save = s.pos;
  s.pos++;
  const w = s.readWord('section') ?? '';
  s.pos = save;
  return w in SECTION_TYPES;
}

function parseType(s: ScriptScanner): boolean {
  s.expect('(');
  const start = s.pos;
  const w = s.readWord('section') ?? '';
  if (w === 'TYPE') {
    s.expect('=');
    parseExpression(s);
  }
  s.expect(')');
  const kind = SECTION_TYPES[w];
  if (kind === 'unsupported') s.error(`output section type \`${w}' is not supported`, start);
  return kind === 'noload';
}

function parseBody(s: ScriptScanner): SectionItem[] {
  const items: SectionItem[] = [];
  if (!s.expect('{')) return items;
  while (!s.atEnd() && s.peek() !== '}') {
    if (s.eat(';') || s.eat(',')) continue;
    const start = s.pos;
    const item = parseBodyItem(s);
    if (item) items.push(item);
    if (s.pos === start) s.recover();
  }
  s.expect('}', 'to close the output section');
  return items;
}

function parseBodyItem(s: ScriptScanner): SectionItem | undefined {
  const word = s.peekWord('section');
  const loc = s.loc();
  if (word in DATA_SIZES && afterWordIs(s, '(')) {
    s.readWord('section');
    s.expect('(');
    const expr = parseExpression(s);
    s.expect(')');
    s.eat(';');
    return { kind: 'data', size: DATA_SIZES[word], expr, loc };
  }
  if (word === 'FILL' && afterWordIs(s, '(')) {
    s.readWord('section');
    s.expect('(');
    const expr = parseExpression(s);
    s.expect(')');
    s.eat(';');
    return { kind: 'fill', expr, loc };
  }
  if (IGNORED_BODY_WORDS.has(word)) {
    s.readWord('section');
    return undefined;
  }
  if (word === 'SORT' && s.text.slice(s.pos).replace(/\s+/g, '').startsWith('SORT(CONSTRUCTORS)')) {
    s.skipConstruct('(');
    return undefined;
  }
  if (word === 'INCLUDE') {
    s.error(`\`INCLUDE' is not supported: ${UNSUPPORTED_IN_SECTIONS.INCLUDE}`);
    s.readWord('section');
    s.readWord('wild');
    return undefined;
  }
  if (peekWrappedStatement(s)) return parseWrappedStatement(s);
  return tryParseAssignment(s) ?? parseInputSpec(s);
}

function afterWordIs(s: ScriptScanner, ch: string): boolean {
  const save = s.pos;
  s.readWord('section');
  const ok = s.peek() === ch;
  s.pos = save;
  return ok;
}
