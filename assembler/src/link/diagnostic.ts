/**
 * Diagnostics of the linker-script parser and the layout engine, in the
 * GNU shape `file:line:col: error: message`. Nothing in `link/` throws on bad
 * input: every problem becomes one of these and the caller decides.
 */

/** How bad a diagnostic is; errors make the layout unusable. */
export type LinkSeverity = 'error' | 'warning';

/** A place in a linker script (1-based line and column). */
export interface ScriptLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The whole source line, for a caret display. */
  readonly sourceLine?: string;
}

/** One problem found while parsing a script or laying out sections. */
export interface LinkDiagnostic extends ScriptLocation {
  readonly severity: LinkSeverity;
  readonly message: string;
}

/** Where diagnostics about the built-in layout (no script) point. */
export const DEFAULT_LAYOUT_LOCATION: ScriptLocation = { file: '<default layout>', line: 0, column: 0 };

/** Collects diagnostics in the order they are found. */
export class LinkDiagnostics {
  readonly items: LinkDiagnostic[] = [];

  /** Record an error at `at` (or at the default-layout location). */
  error(message: string, at: ScriptLocation | undefined): void {
    this.push('error', message, at);
  }

  /** Record a warning at `at` (or at the default-layout location). */
  warning(message: string, at: ScriptLocation | undefined): void {
    this.push('warning', message, at);
  }

  /** True once any error has been recorded. */
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  private push(severity: LinkSeverity, message: string, at: ScriptLocation | undefined): void {
    const loc = at ?? DEFAULT_LAYOUT_LOCATION;
    const d: LinkDiagnostic = { severity, message, file: loc.file, line: loc.line, column: loc.column };
    this.items.push(loc.sourceLine === undefined ? d : { ...d, sourceLine: loc.sourceLine });
  }
}
