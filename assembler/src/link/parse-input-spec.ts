/**
 * Input section descriptions inside an output section:
 * `*(.text .text.*)`, `KEEP(*(.init))`, `crt0.o(.text)`,
 * `EXCLUDE_FILE(a.o) *(.data)`, `*(EXCLUDE_FILE(b.o) .rodata)`,
 * `*(SORT_BY_NAME(.ctors.*))`, `*(COMMON)`, and a bare `file.o`.
 */
import type { InputStatement, SectionPattern, SortKind } from './layout-types.js';
import type { ScriptScanner } from './script-scanner.js';

/** The sort keywords and the order each stands for. */
const SORTS: Readonly<Record<string, SortKind>> = {
  SORT: 'name',
  SORT_BY_NAME: 'name',
  SORT_BY_ALIGNMENT: 'alignment',
  SORT_NONE: 'none',
  SORT_BY_INIT_PRIORITY: 'name',
  REVERSE: 'name',
};

// SORT_BY_NAME(SORT_BY_ALIGNMENT(x)) and the reverse nest into combined orders.
const NESTED: Readonly<Record<string, SortKind>> = {
  'name/alignment': 'name-alignment',
  'alignment/name': 'alignment-name',
  'name/name': 'name',
  'alignment/alignment': 'alignment',
};

/** Parse one input section description (the parser saw no assignment here). */
export function parseInputSpec(s: ScriptScanner): InputStatement | undefined {
  const loc = s.loc();
  let keep = false;
  if (peekKeyword(s, 'KEEP')) {
    s.readWord('section');
    s.expect('(');
    keep = true;
  }
  let excludeFiles: string[] | undefined;
  if (peekKeyword(s, 'EXCLUDE_FILE')) excludeFiles = parseExcludeList(s);
  const fileWord = s.peekWord('wild');
  if (fileWord in SORTS && peekParenAfterWord(s)) {
    s.error(`sorting input files (\`${fileWord}' around a file name) is not supported`);
    s.recover();
    return undefined;
  }
  if (fileWord === 'INPUT_SECTION_FLAGS') {
    s.error('`INPUT_SECTION_FLAGS\' is not supported');
    s.recover();
    return undefined;
  }
  const file = s.readWord('wild');
  if (file === undefined) {
    s.error(`expected an input section description, found \`${s.peek() || 'end of file'}'`);
    s.recover();
    return undefined;
  }
  const sections: SectionPattern[] = [];
  if (s.eat('(')) {
    while (!s.atEnd() && s.peek() !== ')') {
      if (s.eat(',')) continue;
      const p = parseSectionPattern(s);
      if (!p) break;
      sections.push(...p);
    }
    s.expect(')', 'after the section list');
  }
  if (keep) s.expect(')', 'to close KEEP');
  return { kind: 'input', file, ...(excludeFiles ? { excludeFiles } : {}), sections, ...(keep ? { keep } : {}), loc };
}

function parseSectionPattern(s: ScriptScanner): SectionPattern[] | undefined {
  if (peekKeyword(s, 'EXCLUDE_FILE')) {
    const excludeFiles = parseExcludeList(s);
    // EXCLUDE_FILE applies to the one pattern that follows it
    const next = parseSectionPattern(s);
    if (!next || next.length === 0) return next;
    const [first, ...rest] = next;
    return [{ ...first, excludeFiles }, ...rest];
  }
  const word = s.peekWord('wild');
  if (word in SORTS && peekParenAfterWord(s)) {
    s.readWord('wild');
    s.expect('(');
    if (word === 'SORT_BY_INIT_PRIORITY' || word === 'REVERSE') s.warning(`\`${word}' is treated as SORT_BY_NAME`);
    let sort = SORTS[word];
    const inner = s.peekWord('wild');
    let inners: SectionPattern[] | undefined;
    if (inner in SORTS && peekParenAfterWord(s)) {
      inners = parseSectionPattern(s);
      sort = NESTED[`${sort}/${inners?.[0]?.sort ?? 'none'}`] ?? sort;
    } else inners = parseSectionList(s);
    s.expect(')', `to close ${word}`);
    return inners?.map((p) => ({ ...p, sort }));
  }
  const pattern = s.readWord('wild');
  if (pattern === undefined) {
    s.error(`expected a section name pattern, found \`${s.peek() || 'end of file'}'`);
    return undefined;
  }
  return [{ pattern }];
}

// Inside SORT(...): one or more patterns.
function parseSectionList(s: ScriptScanner): SectionPattern[] {
  const out: SectionPattern[] = [];
  while (!s.atEnd() && s.peek() !== ')') {
    if (s.eat(',')) continue;
    const p = parseSectionPattern(s);
    if (!p) break;
    out.push(...p);
  }
  return out;
}

function parseExcludeList(s: ScriptScanner): string[] {
  s.readWord('section');
  s.expect('(');
  const files: string[] = [];
  while (!s.atEnd() && s.peek() !== ')') {
    const f = s.readWord('wild');
    if (f === undefined) {
      s.error('expected a file name in EXCLUDE_FILE');
      break;
    }
    files.push(f);
    s.eat(',');
  }
  s.expect(')', 'to close EXCLUDE_FILE');
  return files;
}

function peekKeyword(s: ScriptScanner, kw: string): boolean {
  return s.peekWord('section') === kw && peekParenAfterWord(s);
}

function peekParenAfterWord(s: ScriptScanner): boolean {
  const save = s.pos;
  s.readWord('wild');
  const paren = s.peek() === '(';
  s.pos = save;
  return paren;
}
