/**
 * The statement lexer (moo). GNU as lexical rules for RISC-V: symbols may
 * contain `.` and `$`; numbers are decimal, 0x hex, 0b binary or 0-prefixed
 * octal; `1b`/`1f` refer to numeric local labels; `'a` and `'a'` are
 * character constants; `%hi(` starts a relocation operator. Whitespace is
 * dropped here so the grammar never sees it (a whitespace token in the
 * grammar costs about 2× in parse time).
 */
import moo from 'moo';
import { fastTokenize } from './fast-lexer.js';

// Operators: one moo rule (its single-character literals take moo's fast
// path); each token's type is then set to its text, as the grammar expects.
const OPERATORS = ['<<', '>>', '<=', '>=', '==', '!=', '<>', '&&', '||', '+', '-', '*', '/', '%', '&', '|', '^', '~', '!', '<', '>', '(', ')', ':', '=', '@', '\\'];

// Rule order is priority; the common tokens (names, blanks, commas) come first
// so the combined regex usually matches on its first alternatives.
const rules: moo.Rules = {
  ident: /[A-Za-z_.$][A-Za-z0-9_.$]*/,
  // A comma swallows the blanks after it: one token where there would be two.
  comma: /,[ \t\r\f\v]*/,
  ws: { match: /[ \t\r\f\v]+/, lineBreaks: false },
  reloc: /%[a-z_][a-z0-9_]*(?=[ \t]*\()/,
  op: OPERATORS,
  // A digit run followed by b/f is a local label reference (`1b`), unless it is `0b101`.
  number: /0[xX][0-9a-fA-F]+|0[bB][01]+(?![0-9a-zA-Z_$.])|[0-9]+(?![0-9bf])/,
  localref: /[0-9]+[bf](?![0-9a-zA-Z_$.])/,
  string: /"(?:[^"\\\n]|\\.)*"/,
  char: /'(?:\\(?:[0-7]{1,3}|x[0-9a-fA-F]+|.)|[^\\\n])'?/,
  error: moo.error,
};

const lexer = moo.compile(rules);

/** A token with the line-relative column (0-based) where it starts. */
export interface Token {
  /** Grammar type: `ident`, `number`, `localref`, `reloc`, `string`, `char`, or the operator text. */
  readonly type: string;
  readonly text: string;
  readonly col: number;
}

/** The kinds of leaf tokens; operators and punctuation use their text as type. */
export type LeafType = 'ident' | 'number' | 'localref' | 'reloc' | 'string' | 'char';

/**
 * Split one statement into tokens. Returns the tokens, or the column of the
 * first character that is not a valid token. Most statements take the
 * hand-written fast path (fast-lexer.ts); the rest are lexed by moo, whose
 * tokens are its own objects with a `col` added.
 */
export function tokenize(text: string, col0 = 0): { tokens: Token[]; badColumn?: number } {
  const fast = fastTokenize(text, col0);
  if (fast !== undefined) return { tokens: fast };
  return mooTokenize(text, col0);
}

/** {@link tokenize} by moo alone (exported for the fast path's equivalence test). */
export function mooTokenize(text: string, col0 = 0): { tokens: Token[]; badColumn?: number } {
  // Leading blanks (indentation) never reach moo.
  let start = 0;
  while (start < text.length && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
  if (start > 0) {
    text = text.slice(start);
    col0 += start;
  }
  lexer.reset(text);
  const tokens: Token[] = [];
  for (let t = lexer.next() as (moo.Token & { col: number }) | undefined; t !== undefined; t = lexer.next() as (moo.Token & { col: number }) | undefined) {
    if (t.type === 'ws') continue;
    if (t.type === 'error') return { tokens, badColumn: col0 + t.offset };
    t.col = col0 + t.offset;
    if (t.type === 'op') t.type = t.text;
    else if (t.type === 'comma') {
      t.type = ',';
      t.text = ',';
    }
    tokens.push(t as unknown as Token);
  }
  return { tokens };
}
