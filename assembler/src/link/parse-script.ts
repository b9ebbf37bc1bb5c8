/**
 * `parseLinkerScript`: the GNU ld script subset a bare-metal RISC-V program
 * needs, into a declarative `Layout`. Unsupported commands are diagnostics
 * with a location, never exceptions.
 */
import { LinkDiagnostics, type LinkDiagnostic } from './diagnostic.js';
import type { Layout, MemoryRegion, Statement } from './layout-types.js';
import { parseWrappedStatement, peekWrappedStatement, tryParseAssignment } from './parse-assignment.js';
import { parseExpression } from './parse-expression.js';
import { parseSectionsCommand } from './parse-sections.js';
import { ScriptScanner } from './script-scanner.js';

/** What `parseLinkerScript` returns: the layout, plus everything it had to say. */
export interface ParsedScript {
  readonly layout: Layout;
  readonly diagnostics: readonly LinkDiagnostic[];
}

interface ScriptState {
  readonly s: ScriptScanner;
  readonly statements: Statement[];
  readonly memory: MemoryRegion[];
  readonly aliases: { alias: string; region: string }[];
  entry?: string;
}

type Command = (st: ScriptState, word: string) => void;

/** Top-level commands, by keyword. */
const COMMANDS: Readonly<Record<string, Command>> = {
  SECTIONS: (st) => parseSectionsCommand(st.s, st.statements, (name) => (st.entry = name)),
  MEMORY: parseMemory,
  ENTRY: (st) => {
    const name = parenthesised(st.s, (s) => s.readWord('symbol'));
    if (name !== undefined) st.entry = name;
  },
  OUTPUT_ARCH: (st) => {
    const start = st.s.pos;
    const arch = parenthesised(st.s, (s) => s.readWord('section'));
    if (arch !== undefined && !/^riscv(:rv32.*)?$/.test(arch)) st.s.warning(`OUTPUT_ARCH(${arch}) is not RISC-V RV32; ignored`, start);
  },
  OUTPUT_FORMAT: (st) => {
    const start = st.s.pos;
    const formats = parenthesised(st.s, (s) => readList(s));
    const first = formats?.[0];
    if (first !== undefined && first !== 'elf32-littleriscv') st.s.warning(`OUTPUT_FORMAT(${first}) ignored: pvlab writes elf32-littleriscv`, start);
  },
  REGION_ALIAS: (st) => {
    const names = parenthesised(st.s, (s) => readList(s));
    if (names?.length === 2) st.aliases.push({ alias: names[0], region: names[1] });
    else st.s.error('REGION_ALIAS takes an alias and a region name');
  },
  SEARCH_DIR: ignored,
  OUTPUT: ignored,
  TARGET: ignored,
  EXTERN: ignored,
  NOCROSSREFS: ignored,
  NOCROSSREFS_TO: ignored,
  FORCE_COMMON_ALLOCATION: ignoredBare,
  INHIBIT_COMMON_ALLOCATION: ignoredBare,
  INPUT: unsupported('input files are given on the command line'),
  GROUP: unsupported('input files are given on the command line'),
  STARTUP: unsupported('input files are given on the command line'),
  INCLUDE: unsupported('scripts must be self-contained'),
  PHDRS: unsupported('program headers are derived from the sections'),
  VERSION: unsupported('symbol versioning needs shared libraries'),
  INSERT: unsupported('scripts must be complete'),
  OVERLAY: unsupported('overlays need load addresses'),
};

/** Parse linker-script `text`; `fileName` is used in diagnostics. */
export function parseLinkerScript(text: string, fileName: string): ParsedScript {
  const diags = new LinkDiagnostics();
  const st: ScriptState = { s: new ScriptScanner(text, fileName, diags), statements: [], memory: [], aliases: [] };
  const s = st.s;
  while (!s.atEnd()) {
    if (s.eat(';')) continue;
    const start = s.pos;
    const word = s.peekWord('section');
    const command = Object.hasOwn(COMMANDS, word) ? COMMANDS[word] : undefined;
    if (command) {
      s.readWord('section');
      command(st, word);
    } else if (peekWrappedStatement(s)) {
      const a = parseWrappedStatement(s);
      if (a) st.statements.push(a);
    } else {
      const a = tryParseAssignment(s);
      if (a) st.statements.push(a);
      else s.error(word ? `unknown command \`${word}'` : `unexpected \`${s.peek()}'`);
    }
    if (s.pos === start) s.recover();
  }
  const layout: Layout = {
    ...(st.entry !== undefined ? { entry: st.entry } : {}),
    memory: st.memory,
    ...(st.aliases.length ? { aliases: st.aliases } : {}),
    statements: st.statements,
  };
  return { layout, diagnostics: diags.items };
}

// MEMORY { NAME [(attrs)] : ORIGIN = expr, LENGTH = expr ... }
function parseMemory(st: ScriptState): void {
  const s = st.s;
  s.expect('{', 'after MEMORY');
  while (!s.atEnd() && s.peek() !== '}') {
    if (s.eat(';') || s.eat(',')) continue;
    const loc = s.loc();
    const name = s.readWord('section');
    if (name === undefined) {
      s.error(`expected a memory region name, found \`${s.peek()}'`);
      s.recover();
      continue;
    }
    let attributes: string | undefined;
    if (s.eat('(')) {
      const end = s.text.indexOf(')', s.pos);
      attributes = s.text.slice(s.pos, end < 0 ? undefined : end).replace(/\s+/g, '');
      s.pos = end < 0 ? s.text.length : end + 1;
      if (!/^[rwxailRWXAIL!]*$/.test(attributes)) s.diags.error(`bad memory region attributes \`${attributes}'`, loc);
    }
    s.expect(':', `after memory region \`${name}'`);
    const origin = regionField(s, ['ORIGIN', 'org', 'o']);
    s.eat(',');
    const length = regionField(s, ['LENGTH', 'len', 'l']);
    if (st.memory.some((m) => m.name === name)) s.diags.error(`region \`${name}' redefined`, loc);
    st.memory.push({ name, origin, length, ...(attributes !== undefined ? { attributes } : {}), loc });
  }
  s.expect('}', 'to close MEMORY');
}

function regionField(s: ScriptScanner, spellings: readonly string[]) {
  const word = s.readWord('symbol');
  if (word === undefined || !spellings.includes(word)) s.error(`expected ${spellings[0]} in a MEMORY region, found \`${word ?? s.peek()}'`);
  s.expect('=');
  return parseExpression(s);
}

function parenthesised<T>(s: ScriptScanner, body: (s: ScriptScanner) => T): T | undefined {
  if (!s.expect('(')) return undefined;
  const v = body(s);
  s.expect(')');
  return v;
}

// Names separated by commas and/or blanks, quoted or not.
function readList(s: ScriptScanner): string[] {
  const out: string[] = [];
  while (!s.atEnd() && s.peek() !== ')') {
    const w = s.readWord('section');
    if (w === undefined) break;
    out.push(w);
    s.eat(',');
  }
  return out;
}

function ignored(st: ScriptState): void {
  parenthesised(st.s, readList);
}

function ignoredBare(): void {}

function unsupported(why: string): Command {
  return (st, word) => {
    st.s.error(`\`${word}' is not supported: ${why}`, st.s.pos - word.length);
    const open = st.s.peek();
    if (open === '(' || open === '{') st.s.skipConstruct(open);
    else st.s.readWord('wild');
  };
}
