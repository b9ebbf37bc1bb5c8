/**
 * The input stack: source files, included files, macro expansions and
 * repeated blocks are frames of lines read one at a time. Conditional
 * assembly (`.if` … `.endif`) is a stack beside it.
 */
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import type { Line } from './source.js';

export interface Frame {
  /** The next line, or undefined at the end. */
  readonly next: () => Line | undefined;
  readonly kind: 'file' | 'include' | 'macro' | 'repeat' | 'rest';
  /** The included file's path (for cycle detection). */
  readonly path?: string;
  /** Where this expansion was invoked (macros, repeats, includes). */
  readonly from?: SourceLocation;
  /** Depth of the conditional stack when the frame started; `.exitm` unwinds to it. */
  readonly condDepth: number;
}

/** Read an array of lines (macro bodies, repeats). */
export function arrayReader(lines: readonly Line[]): () => Line | undefined {
  let i = 0;
  return () => lines[i++];
}

export interface Conditional {
  /** This branch is being assembled. */
  active: boolean;
  /** Some branch of this `.if` has been taken already. */
  taken: boolean;
  /** The enclosing code is being assembled. */
  readonly parentActive: boolean;
  sawElse: boolean;
  readonly at: SourceLocation;
}

/** A block being collected: a macro body or a `.rept`/`.irp`/`.irpc` body. */
export interface Collecting {
  readonly kind: 'macro' | 'repeat';
  depth: number;
  readonly body: Line[];
  readonly at: SourceLocation;
  /** Called with the body once the closing `.endm`/`.endr` is read. */
  readonly done: (body: Line[]) => void;
}

/** The directive at the head of a raw line (after labels), lower-cased, if any. */
export function lineDirective(text: string): string | undefined {
  const m = /^\s*(?:[A-Za-z0-9_.$]+:\s*)*(\.[A-Za-z0-9_]+)/.exec(text);
  return m ? m[1].toLowerCase() : undefined;
}

export interface MacroDef {
  readonly name: string;
  readonly params: readonly { name: string; default?: string; required: boolean; vararg: boolean }[];
  readonly body: readonly Line[];
  readonly at: SourceLocation;
}

/**
 * Split macro arguments: by commas at paren depth 0, or by blanks when there
 * is no comma. A quoted argument loses its quotes, as in GNU as.
 */
export function splitMacroArgs(text: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let cur = '';
  let sawComma = false;
  const blanks: string[] = [];
  let word = '';
  const flushWord = () => {
    if (word !== '') blanks.push(word);
    word = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) if (text[j] === '\\') j++;
      cur += text.slice(i, j + 1);
      word += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      pieces.push(cur);
      sawComma = true;
      cur = '';
      flushWord();
      continue;
    }
    if ((c === ' ' || c === '\t') && depth === 0) flushWord();
    else word += c;
    cur += c;
  }
  pieces.push(cur);
  flushWord();
  const unquote = (a: string) => (/^".*"$/s.test(a) ? a.slice(1, -1) : a);
  return (sawComma ? pieces.map((p) => p.trim()) : blanks).map(unquote);
}

/** Substitute `\param`, `\@` and `\()` in macro body lines. */
export function substituteMacro(body: readonly Line[], values: ReadonlyMap<string, string>, counter: number): Line[] {
  return body.map((l) => ({
    ...l,
    text: l.text.includes('\\')
      ? l.text.replace(/\\(@|\(\)|[A-Za-z_][A-Za-z0-9_]*)/g, (whole, n: string) =>
          n === '@' ? String(counter) : n === '()' ? '' : values.get(n) ?? whole)
      : l.text,
  }));
}
