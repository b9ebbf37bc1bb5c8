/**
 * Number formatting and plain-text tables shared by the terminal table and
 * `--compare`: right-aligned columns, colour added after padding so that
 * escape codes never shift a column.
 */

/** 1,234 for large values, 12.5 / 0.25 for small ones, 0 for zero. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  const digits = a >= 100 || Number.isInteger(x) ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: Number.isInteger(x) ? 0 : Math.min(digits, 1) });
}

/** `1.00x`: a ratio to native. */
export const fmtRatio = (r: number): string => (Number.isFinite(r) ? `${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}x` : '-');

/** ANSI styles, or nothing. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  good(s: string): string;
  warn(s: string): string;
  bad(s: string): string;
}

const ansi = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
const plain = (s: string) => s;
export const paint = (color: boolean): Paint =>
  color ? { bold: ansi('1'), dim: ansi('2'), good: ansi('32'), warn: ansi('33'), bad: ansi('31') } : { bold: plain, dim: plain, good: plain, warn: plain, bad: plain };

/** A cell: its text and how to colour it once padded. */
export interface Cell {
  readonly text: string;
  readonly style?: (s: string) => string;
  /** Columns this cell spans (header cells). */
  readonly span?: number;
  readonly left?: boolean;
}

export const cell = (text: string, style?: (s: string) => string, left?: boolean): Cell => ({ text, style, left });

/**
 * Render rows of cells: column widths from the single-span cells, the first
 * column left-aligned, the others right-aligned, two spaces between.
 */
export function renderTable(rows: readonly (readonly Cell[])[], gap = 2): string[] {
  const widths: number[] = [];
  for (const r of rows) {
    let c = 0;
    for (const x of r) {
      if ((x.span ?? 1) === 1) widths[c] = Math.max(widths[c] ?? 0, x.text.length);
      c += x.span ?? 1;
    }
  }
  // A spanning cell wider than its columns widens the last of them.
  for (const r of rows) {
    let c = 0;
    for (const x of r) {
      const span = x.span ?? 1;
      if (span > 1) {
        const have = widths.slice(c, c + span).reduce((a, b) => a + (b ?? 0), 0) + gap * (span - 1);
        if (x.text.length > have) widths[c + span - 1] = (widths[c + span - 1] ?? 0) + x.text.length - have;
      }
      c += span;
    }
  }
  return rows.map((r) => {
    let c = 0;
    const parts = r.map((x) => {
      const span = x.span ?? 1;
      const w = widths.slice(c, c + span).reduce((a, b) => a + b, 0) + gap * (span - 1);
      const left = x.left ?? c === 0;
      c += span;
      const padded = left ? x.text.padEnd(w) : x.text.padStart(w);
      return x.style ? x.style(padded) : padded;
    });
    return parts.join(' '.repeat(gap)).trimEnd();
  });
}
