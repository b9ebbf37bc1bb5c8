/**
 * Diagnostics, GNU style: `path.s:12:9: error: message`, then the source line
 * and a caret under the column. Every error of a run is collected; nothing
 * here throws.
 */
export type Severity = 'error' | 'warning' | 'note';

/** A place in a source file (1-based line and column). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The whole source line, for the caret display. */
  readonly sourceLine?: string;
}

export interface Diagnostic extends SourceLocation {
  readonly severity: Severity;
  readonly message: string;
  /** Where a macro or `.include` was expanded from, innermost first. */
  readonly expansion?: readonly SourceLocation[];
}

/** Format one diagnostic with its source line and caret, as GNU tools do. */
export function formatDiagnostic(d: Diagnostic, color = false): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sev = d.severity === 'error' ? paint('1;31', 'error') : d.severity === 'warning' ? paint('1;35', 'warning') : paint('1;36', 'note');
  const lines = [`${paint('1', `${d.file}:${d.line}:${d.column}:`)} ${sev}: ${d.message}`];
  if (d.sourceLine !== undefined) {
    const text = d.sourceLine.replace(/\t/g, ' ');
    lines.push(` ${text}`, ` ${' '.repeat(Math.max(0, d.column - 1))}${paint('1;32', '^')}`);
  }
  const notes = d.expansion ?? [];
  for (const e of notes.slice(0, 3)) lines.push(`${e.file}:${e.line}:${e.column}: note: in expansion from here`);
  if (notes.length > 3) lines.push(`(${notes.length - 3} more expansion levels)`);
  return lines.join('\n');
}

/** Collects diagnostics; `--Werror` turns warnings into errors as they arrive. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  constructor(private readonly werror = false) {}

  add(severity: Severity, message: string, at: SourceLocation, expansion?: readonly SourceLocation[]): void {
    const sev = severity === 'warning' && this.werror ? 'error' : severity;
    this.items.push({ severity: sev, message, file: at.file, line: at.line, column: at.column, sourceLine: at.sourceLine, expansion });
  }
  error(message: string, at: SourceLocation, expansion?: readonly SourceLocation[]): void {
    this.add('error', message, at, expansion);
  }
  warning(message: string, at: SourceLocation, expansion?: readonly SourceLocation[]): void {
    this.add('warning', message, at, expansion);
  }
  get errorCount(): number {
    return this.items.filter((d) => d.severity === 'error').length;
  }
}
