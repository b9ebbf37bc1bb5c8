/**
 * The API contract of `assemble` from `@pvlab/assembler`, written down on the
 * test side so the differential tests compile and run (and fail with a clear
 * message) before the assembler core exists. When the package exports
 * `assemble`, `loadAssemble` hands it back typed as this contract.
 */
import * as asm from '@pvlab/assembler';

/** One input file; `text` omitted means "read `path` from disk". */
export interface SourceFile {
  readonly path: string;
  readonly text?: string;
}

export interface AssembleOptions {
  /** GNU ld linker script text. */
  readonly layout?: string;
  readonly includePaths?: readonly string[];
  readonly defsym?: Readonly<Record<string, number>>;
  /** -march; default rv32ima_zicsr_zifencei. */
  readonly march?: string;
}

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface ProgramSection {
  readonly name: string;
  readonly addr: number;
  readonly size: number;
  readonly nobits: boolean;
  readonly flags: { readonly alloc: boolean; readonly write: boolean; readonly exec: boolean };
  readonly data: Uint8Array;
}

export interface ProgramSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly bind: 'local' | 'global' | 'weak';
}

export interface Program {
  readonly entry: number;
  readonly sections: readonly ProgramSection[];
  readonly symbols: readonly ProgramSymbol[];
  /** The linked program as an ELF32 ET_EXEC image. */
  elf(): Uint8Array;
}

export interface AssembleResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly program?: Program;
}

export type Assemble = (files: readonly SourceFile[], options?: AssembleOptions) => AssembleResult;

/** `assemble` from the package, or `undefined` while it is not exported yet. */
export function loadAssemble(): Assemble | undefined {
  const candidate = (asm as unknown as Record<string, unknown>).assemble;
  return typeof candidate === 'function' ? (candidate as Assemble) : undefined;
}

/** The message a test fails with while `assemble` is missing. */
export const MISSING_ASSEMBLE = '@pvlab/assembler does not export `assemble` yet (see test/_helpers/contract.ts for the expected API)';

/** Diagnostics as GNU prints them: `file:line:column: severity: message`. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], limit = 20): string {
  const shown = diagnostics.slice(0, limit).map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
  if (diagnostics.length > limit) shown.push(`… and ${diagnostics.length - limit} more`);
  return shown.join('\n');
}
