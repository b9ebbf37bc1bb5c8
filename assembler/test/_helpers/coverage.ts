/**
 * What the differential corpus must exercise, and a small statement scanner
 * to check that it does. Instructions come from INSTRUCTIONS and pseudo-
 * instructions from PSEUDOS (random-lines.ts); the directive list is the
 * issue's. Once the package exports its own PSEUDOS and DIRECTIVES tables,
 * their names are required too (read dynamically, so this compiles either way).
 */
import * as asm from '@pvlab/assembler';

/** Every directive the issue names (`.rodata` is not one: GNU as rejects it). */
export const DIRECTIVES = [
  '.text', '.data', '.bss', '.section', '.subsection', '.pushsection', '.popsection', '.previous',
  '.globl', '.global', '.local', '.weak', '.hidden', '.type', '.size', '.file', '.ident', '.attribute', '.option',
  '.byte', '.half', '.short', '.2byte', '.word', '.long', '.4byte', '.dword', '.8byte', '.quad',
  '.ascii', '.asciz', '.string', '.zero', '.space', '.skip', '.fill', '.align', '.p2align', '.balign',
  '.equ', '.set', '.equiv', '.macro', '.endm', '.exitm', '.rept', '.irp', '.irpc', '.endr',
  '.if', '.ifdef', '.ifndef', '.ifeq', '.ifne', '.else', '.elseif', '.endif', '.include',
  '.err', '.error', '.warning', '.print', '.insn', '.end',
] as const;

/**
 * Names GNU as 2.40 rejects ("unknown pseudo-op"), which the corpus
 * therefore cannot contain even if pvlab's tables list them.
 */
export const GNU_REJECTS: ReadonlySet<string> = new Set(['.rodata', '.addrsig', '.addrsig_sym']);

/** Names in the package's PSEUDOS / DIRECTIVES tables, when it exports them. */
export function packageTableNames(): { pseudos: string[]; directives: string[] } {
  const pkg = asm as unknown as Record<string, unknown>;
  const names = (table: unknown): string[] => {
    if (table instanceof Map) return [...table.keys()].map(String);
    if (Array.isArray(table)) return table.map((row: { name?: unknown }) => String(row.name));
    return [];
  };
  const unique = (xs: string[]) => [...new Set(xs)].filter((x) => !GNU_REJECTS.has(x)).sort();
  return { pseudos: unique(names(pkg.PSEUDOS)), directives: unique(names(pkg.DIRECTIVES)) };
}

/**
 * The `.option` arguments that are meaningful for RV32IMA without C and
 * leave `la` pc-relative (`pic` would turn it into a GOT load).
 */
export const OPTION_ARGS = ['push', 'pop', 'norvc', 'relax', 'norelax', 'nopic'] as const;

/** Remove block comments (keeping line breaks) and `#` comments outside strings. */
function stripComments(text: string): string {
  const noBlocks = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  return noBlocks
    .split('\n')
    .map((line) => {
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        if (line[i] === '\\' && quoted) i++;
        else if (line[i] === '"') quoted = !quoted;
        else if (line[i] === '#' && !quoted) return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

/** Split on newlines and on `;` outside strings. */
function splitStatements(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) {
      current += c + (text[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    if ((c === ';' && !quoted) || c === '\n') {
      out.push(current);
      current = '';
      quoted = false;
    } else current += c;
  }
  out.push(current);
  return out;
}

export interface Statement {
  /** The mnemonic or directive, lower-cased (`addi`, `.word`). */
  readonly op: string;
  /** The operand text after it. */
  readonly rest: string;
}

/** The statements of a source text, labels and comments removed. */
export function statementsOf(text: string): Statement[] {
  const out: Statement[] = [];
  for (const raw of splitStatements(stripComments(text))) {
    const s = raw.replace(/^\s*(?:[A-Za-z_.$0-9]+:\s*)*/, '').trim();
    if (!s) continue;
    const assignment = /^[A-Za-z_.$][\w.$]*\s*=/.exec(s);
    if (assignment) {
      out.push({ op: '=', rest: s });
      continue;
    }
    const m = /^(\S+)\s*(.*)$/.exec(s)!;
    out.push({ op: m[1].toLowerCase(), rest: m[2] });
  }
  return out;
}
