/**
 * The assembler's programmatic API: `assemble(files, options)`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DiagnosticBag, formatDiagnostic, type Diagnostic } from './diagnostics/diagnostic.js';
import { FileAssembler, type FileSystem } from './front/file-assembler.js';
import { link } from './emit/link.js';
import { Program } from './emit/program.js';
import { defaultLayout, parseLinkerScript, type Layout } from './link/index.js';
import { DEFAULT_ARCH_STRING, parseArch } from './isa/arch.js';

/** A source file: its path (used in diagnostics) and, optionally, its text. */
export interface SourceInput {
  readonly path: string;
  /** The text; read from `path` when omitted. */
  readonly text?: string;
}

export interface AssembleOptions {
  /** Directories searched by `.include` after the including file's own. */
  readonly includePaths?: readonly string[];
  /** Symbols defined before assembly, as `--defsym NAME=VALUE`. */
  readonly defsym?: Readonly<Record<string, number>>;
  /** A layout, or the text of a GNU ld linker script. Default: `defaultLayout()`. */
  readonly layout?: Layout | string;
  /** The name of the linker script, for its diagnostics. */
  readonly layoutFile?: string;
  /** Treat warnings as errors. */
  readonly werror?: boolean;
  /** Keep what `Program.listing()` needs (costs time on big programs; default false). */
  readonly listing?: boolean;
  /** Read files from somewhere other than the disk (tests, the browser). */
  readonly fs?: FileSystem;
  /**
   * The architecture, as GNU as's `-march`: `rv32ima_zicsr_zifencei` (the
   * default, what pvlab's kernel is built for), `rv32imac_zicsr_zifencei`
   * for compressed code, … Instructions of extensions it lacks are errors;
   * with C, instructions are compressed as GNU as compresses them.
   */
  readonly march?: string;
}

export interface AssembleResult {
  /** True when there is no error (there may be warnings). */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** The linked program; absent when there are errors. */
  readonly program?: Program;
  /** Lines printed by `.print`. */
  readonly printed: readonly string[];
  /** All diagnostics formatted GNU-style, with source lines and carets. */
  formatDiagnostics(color?: boolean): string;
}

/** Files from the disk. */
export const diskFileSystem: FileSystem = {
  read: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  resolveInclude: (name, fromFile, includePaths) => {
    // GNU as looks in the current directory and then the -I directories
    // (not next to the including file); pvlab adds that directory last.
    for (const dir of ['.', ...includePaths, dirname(fromFile)]) {
      const p = resolve(dir, name);
      if (existsSync(p)) return p;
    }
    return existsSync(name) ? name : undefined;
  },
};

/** Assemble and link source files into one program. */
export function assemble(files: readonly SourceInput[], options: AssembleOptions = {}): AssembleResult {
  const diags = new DiagnosticBag(options.werror ?? false);
  const fs = options.fs ?? diskFileSystem;
  const assemblers: FileAssembler[] = [];
  const march = parseArch(options.march ?? DEFAULT_ARCH_STRING);
  if (march.error !== undefined) diags.error(`-march: ${march.error}`, { file: '<command line>', line: 0, column: 0 });
  for (const f of march.arch ? files : []) {
    const text = f.text ?? fs.read(f.path);
    if (text === undefined) {
      diags.error(`cannot read source file '${f.path}'`, { file: f.path, line: 0, column: 0 });
      continue;
    }
    const fa = new FileAssembler(f.path, diags, { includePaths: options.includePaths ?? [], defsym: options.defsym ?? {}, fs, listing: options.listing ?? false, arch: march.arch });
    fa.run(text);
    fa.finish();
    assemblers.push(fa);
  }
  let layout: Layout;
  if (typeof options.layout === 'string') {
    const parsed = parseLinkerScript(options.layout, options.layoutFile ?? '<linker script>');
    for (const d of parsed.diagnostics) diags.add(d.severity, d.message, d);
    layout = parsed.layout;
  } else layout = options.layout ?? defaultLayout();
  let program: Program | undefined;
  if (diags.errorCount === 0) {
    const linked = link(assemblers, layout, diags);
    if (linked && diags.errorCount === 0) program = new Program(linked, assemblers);
  }
  const diagnostics = [...diags.items].sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : 0));
  return {
    ok: diags.errorCount === 0,
    diagnostics,
    program: diags.errorCount === 0 ? program : undefined,
    printed: assemblers.flatMap((a) => a.printed),
    formatDiagnostics: (color = false) => diagnostics.map((d) => formatDiagnostic(d, color)).join('\n'),
  };
}
