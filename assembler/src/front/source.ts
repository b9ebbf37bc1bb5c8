/**
 * Source text to statements, by GNU as's lexical rules for RISC-V: block
 * comments may span lines (replaced by spaces, so columns and line numbers
 * stay true), `#` starts a comment to the end of the line, and `;` separates
 * statements on one line (C-preprocessed sources put whole macro expansions
 * on one line this way). Quotes protect all three.
 */

/** One line of input and where it came from. */
export interface Line {
  readonly text: string;
  readonly file: string;
  /** 1-based line number in `file`. */
  readonly line: number;
}

/** Replace block comments by spaces, keeping newlines. */
export function stripBlockComments(text: string): string {
  if (!text.includes('/*')) return text;
  let out = '';
  let i = 0;
  let quote = '';
  while (i < text.length) {
    const c = text[i];
    if (quote) {
      out += c;
      if (c === '\\' && i + 1 < text.length) out += text[++i];
      else if (c === quote || c === '\n') quote = '';
      i++;
    } else if (c === '"') {
      quote = c;
      out += c;
      i++;
    } else if (c === '#') {
      // a line comment hides any '/*' after it
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : nl;
      out += text.slice(i, end);
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      out += text.slice(i, end).replace(/[^\n]/g, ' ');
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Read a file's lines one at a time, without keeping them all: a big source
 * would otherwise keep 100,000 line objects alive for the whole pass.
 */
export function lineReader(text: string, file: string): () => Line | undefined {
  const src = stripBlockComments(text);
  let pos = 0;
  let line = 0;
  return () => {
    if (pos >= src.length) return undefined;
    let end = src.indexOf('\n', pos);
    if (end < 0) end = src.length;
    let t = src.slice(pos, end);
    if (t.endsWith('\r')) t = t.slice(0, -1);
    pos = end + 1;
    return { text: t, file, line: ++line };
  };
}

/** Split text into lines. */
export function toLines(text: string, file: string): Line[] {
  const parts = stripBlockComments(text).split('\n');
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((t, i) => ({ text: t.endsWith('\r') ? t.slice(0, -1) : t, file, line: i + 1 }));
}

/** A statement: its text and the 0-based column where it starts in the line. */
export interface Statement {
  readonly text: string;
  readonly col: number;
}

/** Split a line into statements at `;`, dropping a `#` comment. */
export function splitStatements(line: string): Statement[] {
  // Fast path: nothing that needs care.
  if (!/[;#"']/.test(line)) return [{ text: line, col: 0 }];
  const out: Statement[] = [];
  let start = 0;
  let i = 0;
  for (; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === '\\') i++;
    } else if (c === "'") {
      // a character constant: 'x, 'x' or '\n'
      i += line[i + 1] === '\\' ? 2 : 1;
      if (line[i + 1] === "'") i++;
    } else if (c === '#') {
      break;
    } else if (c === ';') {
      out.push({ text: line.slice(start, i), col: start });
      start = i + 1;
    }
  }
  out.push({ text: line.slice(start, Math.min(i, line.length)), col: start });
  return out;
}
