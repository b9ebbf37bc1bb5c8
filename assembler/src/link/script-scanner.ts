/**
 * Character-level scanner for GNU ld scripts. ld's lexer changes what a
 * "name" is by context (in an expression `a-b` is a subtraction, in a file
 * pattern `crt-a.o` is one name), so the parser asks for the kind of word it
 * expects instead of consuming a fixed token stream.
 */
import type { LinkDiagnostics, ScriptLocation } from './diagnostic.js';

/** The character classes of the kinds of words the parser asks for. */
export const WORD_CHARS = {
  /** Symbols in expressions: `_end`, `__global_pointer$`, `.` handled apart. */
  symbol: /[A-Za-z0-9_.$]/,
  /** Keywords and output-section names: `.text.init`, `/DISCARD/`, `.gnu-foo`. */
  section: /[A-Za-z0-9_.$\-+/\\~]/,
  /** File and section globs: `*`, `.text.*`, `lib*.a:crt-[0-9].o`. */
  wild: /[A-Za-z0-9_.$\-+/\\~*?[\]!^:]/,
} as const;

/** Which character class a word is read with. */
export type WordKind = keyof typeof WORD_CHARS;

// Number suffixes ld accepts on decimal and hex numbers: 4K, 1M.
const MULTIPLIERS: Readonly<Record<string, number>> = { K: 1024, k: 1024, M: 1024 * 1024, m: 1024 * 1024 };

/** A cursor over script text with comment skipping and located diagnostics. */
export class ScriptScanner {
  pos = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly file: string,
    readonly diags: LinkDiagnostics,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** The location of `pos` (default: the next non-blank character). */
  loc(pos?: number): ScriptLocation {
    if (pos === undefined) {
      this.skipSpace();
      pos = this.pos;
    }
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    const start = this.lineStarts[lo];
    const end = this.text.indexOf('\n', start);
    const sourceLine = this.text.slice(start, end < 0 ? undefined : end).replace(/\r$/, '');
    return { file: this.file, line: lo + 1, column: pos - start + 1, sourceLine };
  }

  /** Report an error at `pos` (default: the next non-blank character). */
  error(message: string, pos?: number): void {
    this.diags.error(message, this.loc(pos));
  }

  /** Report a warning at `pos` (default: the next non-blank character). */
  warning(message: string, pos?: number): void {
    this.diags.warning(message, this.loc(pos));
  }

  /** Skip blanks and C comments (ld has no `//` comments). */
  skipSpace(): void {
    const t = this.text;
    for (;;) {
      while (this.pos < t.length && /\s/.test(t[this.pos])) this.pos++;
      if (!t.startsWith('/*', this.pos)) return;
      const end = t.indexOf('*/', this.pos + 2);
      if (end < 0) {
        this.error('unterminated comment', this.pos);
        this.pos = t.length;
        return;
      }
      this.pos = end + 2;
    }
  }

  /** True when only blanks and comments remain. */
  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  /** The next non-blank character ('' at the end). */
  peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }

  /** Does the text continue with `s` (after blanks)? */
  peekIs(s: string): boolean {
    this.skipSpace();
    return this.text.startsWith(s, this.pos);
  }

  /** Consume `s` if the text continues with it. */
  eat(s: string): boolean {
    if (!this.peekIs(s)) return false;
    this.pos += s.length;
    return true;
  }

  /** Consume `s` or report "expected `s'" and consume nothing. */
  expect(s: string, context = ''): boolean {
    if (this.eat(s)) return true;
    const found = this.atEnd() ? 'end of file' : `\`${this.text[this.pos]}'`;
    this.error(`expected \`${s}'${context ? ` ${context}` : ''}, found ${found}`);
    return false;
  }

  /** Look at the word of class `kind` ahead without consuming it. */
  peekWord(kind: WordKind): string {
    const save = this.pos;
    const w = this.readWord(kind) ?? '';
    this.pos = save;
    return w;
  }

  /** Read a bare word of class `kind`, or a "quoted string"; undefined if neither. */
  readWord(kind: WordKind): string | undefined {
    if (this.peek() === '"') return this.readQuoted();
    const re = WORD_CHARS[kind];
    const start = this.pos;
    while (this.pos < this.text.length && re.test(this.text[this.pos])) {
      // `/*` opens a comment even inside a glob
      if (this.text.startsWith('/*', this.pos)) break;
      this.pos++;
    }
    return this.pos > start ? this.text.slice(start, this.pos) : undefined;
  }

  /** Read a "quoted string" (no escapes, as in ld). */
  readQuoted(): string | undefined {
    if (this.peek() !== '"') return undefined;
    const end = this.text.indexOf('"', this.pos + 1);
    const stop = end < 0 ? this.text.length : end;
    if (end < 0) this.error('unterminated string', this.pos);
    const s = this.text.slice(this.pos + 1, stop);
    this.pos = Math.min(this.text.length, stop + 1);
    return s;
  }

  /**
   * Read a number as ld writes them: `0x1F`, `$1F`, `017` (octal), `42`,
   * `4K`, `1M`, and the suffixed forms `1Fh`, `17o`, `101b`, `42d`.
   */
  readNumber(): number | undefined {
    this.skipSpace();
    const rest = this.text.slice(this.pos);
    const m = /^(?:(?:0[xX]|\$)([0-9A-Fa-f]+)|([0-9A-Fa-f]+)([hHoObBdD])|([0-9]+))([KkMm])?(?![A-Za-z0-9_$.])/.exec(rest);
    if (!m) return undefined;
    let value: number;
    if (m[1] !== undefined) value = parseInt(m[1], 16);
    else if (m[2] !== undefined) {
      const base = { h: 16, o: 8, b: 2, d: 10 }[m[3].toLowerCase() as 'h' | 'o' | 'b' | 'd'];
      value = parseInt(m[2], base);
      if (Number.isNaN(value) || !new RegExp(`^[${'0123456789abcdef'.slice(0, base)}]+$`, 'i').test(m[2])) return undefined;
    } else value = m[4].length > 1 && m[4][0] === '0' ? parseInt(m[4], 8) : parseInt(m[4], 10);
    if (Number.isNaN(value)) return undefined;
    if (m[5]) value *= MULTIPLIERS[m[5]];
    this.pos += m[0].length;
    return value;
  }

  /**
   * Error recovery: skip to just after the next `;` or to the next `}`,
   * always consuming at least one character so callers' loops progress.
   */
  recover(): void {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length && t[this.pos] !== ';' && t[this.pos] !== '}') this.pos++;
    if (t[this.pos] === ';' || (this.pos === start && this.pos < t.length)) this.pos++;
  }

  /**
   * Skip an unsupported construct: everything up to the first `open`
   * bracket (stopping at `;`), then the balanced group it opens.
   */
  skipConstruct(open: '(' | '{'): void {
    const close = open === '(' ? ')' : '}';
    const t = this.text;
    while (this.pos < t.length && t[this.pos] !== open && t[this.pos] !== ';' && t[this.pos] !== close) this.pos++;
    if (t[this.pos] !== open) return;
    let depth = 0;
    while (this.pos < t.length) {
      const ch = t[this.pos++];
      if (ch === open) depth++;
      else if (ch === close && --depth === 0) return;
    }
  }
}
