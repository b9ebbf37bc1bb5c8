/**
 * The lexer's fast path: the tokens of nearly every statement (names,
 * decimal and hex numbers, commas, blanks, operators) scanned by hand,
 * without moo's combined regex and its large token objects.
 *
 * It is a subset of lexer.ts's moo rules, never a second definition: for
 * anything else — a string, a character constant, `%hi(`, `0b101`, `1b`/`1f`,
 * a character no rule takes — it gives up (returns `undefined`) and the
 * statement is lexed by moo. `test/parse/fast-lexer.test.ts` checks that
 * whenever it does not give up, its tokens are moo's.
 */
import type { Token } from './lexer.js';

// Character classes (ASCII only; anything else gives up).
const IDENT_START = 1; // [A-Za-z_.$]
const IDENT_PART = 2; // [A-Za-z0-9_.$]
const DIGIT = 4; // [0-9]
const HEX = 8; // [0-9a-fA-F]
const BLANK = 16; // [ \t\r\f\v]: moo's `ws` and what a comma swallows
const OP1 = 32; // a one-character operator

const CLASS = new Uint8Array(128);
const mark = (chars: string, bit: number) => {
  for (const c of chars) CLASS[c.charCodeAt(0)] |= bit;
};
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
mark(LOWER + UPPER + '_.$', IDENT_START | IDENT_PART);
mark('0123456789', DIGIT | IDENT_PART | HEX);
mark('abcdefABCDEF', HEX);
mark(' \t\r\f\v', BLANK);
// '%' is left out: `%hi(` is a relocation; moo decides.
mark('+-*/&|^~!<>():=@\\', OP1);

/** The two-character operators (lexer.ts's OPERATORS), which win over their first character. */
const OP2 = new Set(['<<', '>>', '<=', '>=', '==', '!=', '<>', '&&', '||']);

const classOf = (c: number): number => (c < 128 ? CLASS[c] : 0);

/**
 * The tokens of `text` (its first character is at column `col0`), or
 * `undefined` when moo must decide.
 */
export function fastTokenize(text: string, col0: number): Token[] | undefined {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const cls = classOf(c);
    const start = i;
    if (cls & IDENT_START) {
      for (i++; i < n && classOf(text.charCodeAt(i)) & IDENT_PART; i++);
      tokens.push({ type: 'ident', text: text.slice(start, i), col: col0 + start });
    } else if (cls & BLANK) {
      for (i++; i < n && classOf(text.charCodeAt(i)) & BLANK; i++);
    } else if (c === 44 /* , */) {
      for (i++; i < n && classOf(text.charCodeAt(i)) & BLANK; i++);
      tokens.push({ type: ',', text: ',', col: col0 + start });
    } else if (cls & DIGIT) {
      const end = numberEnd(text, i);
      if (end < 0) return undefined;
      i = end;
      tokens.push({ type: 'number', text: text.slice(start, i), col: col0 + start });
    } else if (cls & OP1) {
      const two = i + 1 < n ? text.slice(i, i + 2) : '';
      i += OP2.has(two) ? 2 : 1;
      const op = i - start === 2 ? two : text[start];
      tokens.push({ type: op, text: op, col: col0 + start });
    } else return undefined;
  }
  return tokens;
}

/**
 * Where a number starting at `i` ends, by moo's `number` rule, or -1 when
 * the rule's other alternatives or `localref` might apply (binary `0b…`,
 * `1b`/`1f`, `0x` without a hex digit).
 */
function numberEnd(text: string, i: number): number {
  const n = text.length;
  const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
  if (text.charCodeAt(i) === 48 /* 0 */ && (next === 120 || next === 88) /* x X */) {
    let j = i + 2;
    while (j < n && classOf(text.charCodeAt(j)) & HEX) j++;
    return j > i + 2 ? j : -1; // /0[xX][0-9a-fA-F]+/, no lookahead
  }
  if (text.charCodeAt(i) === 48 && (next === 98 || next === 66) /* b B */) return -1;
  let j = i + 1;
  while (j < n && classOf(text.charCodeAt(j)) & DIGIT) j++;
  // /[0-9]+(?![0-9bf])/: a run followed by b or f is a local label reference, or an error.
  const after = j < n ? text.charCodeAt(j) : 0;
  return after === 98 || after === 102 ? -1 : j;
}
