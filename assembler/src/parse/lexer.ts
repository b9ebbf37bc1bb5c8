/**
 * The statement lexer (moo). GNU as lexical rules for RISC-V: symbols may
 * contain `.` and `$`; numbers are decimal, 0x hex, 0b binary or 0-prefixed
 * octal; `1b`/`1f` refer to numeric local labels; `'a` and `'a'` are
 * character constants; `%hi(` starts a relocation operator. Whitespace is
 * dropped here so the grammar never sees it (a whitespace token in the
 * grammar costs about 2× in parse time).
 */
import moo from 'moo';

const rules = {
  ws: { match: /[ \t\r\f\v]+/, lineBreaks: false },
  hex: /0[xX][0-9a-fA-F]+/,
  bin: /0[bB][01]+(?![0-9a-zA-Z_$.])/,
  localref: /[0-9]+[bf](?![0-9a-zA-Z_$.])/,
  dec: /[0-9]+/,
  reloc: /%[a-z_][a-z0-9_]*(?=[ \t]*\()/,
  ident: /[A-Za-z_.$][A-Za-z0-9_.$]*/,
  string: /"(?:[^"\\\n]|\\.)*"/,
  char: /'(?:\\(?:[0-7]{1,3}|x[0-9a-fA-F]+|.)|[^\\\n])'?/,
  op: ['<<', '>>', '<=', '>=', '==', '!=', '<>', '&&', '||', '+', '-', '*', '/', '%', '&', '|', '^', '~', '!', '<', '>', '(', ')', ',', ':', '=', '@', '\\'],
  error: moo.error,
} satisfies moo.Rules;

const lexer = moo.compile(rules);

/** A token with the statement-relative column (0-based) where it starts. */
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
 * first character that is not a valid token.
 */
export function tokenize(text: string, col0 = 0): { tokens: Token[]; badColumn?: number } {
  lexer.reset(text);
  const tokens: Token[] = [];
  for (let t = lexer.next(); t !== undefined; t = lexer.next()) {
    switch (t.type) {
      case 'ws':
        continue;
      case 'error':
        return { tokens, badColumn: col0 + t.offset };
      case 'hex':
      case 'bin':
      case 'dec':
        tokens.push({ type: 'number', text: t.text, col: col0 + t.offset });
        break;
      case 'op':
        tokens.push({ type: t.text, text: t.text, col: col0 + t.offset });
        break;
      default:
        tokens.push({ type: t.type!, text: t.text, col: col0 + t.offset });
    }
  }
  return { tokens };
}
