/**
 * Builds the ISA test programs with pvlab's own assembler: each program is
 * `runtime.s` + `<name>.s`, linked with `layout.ld`, `.include`s resolved
 * in this folder. GNU as is never involved (the assembler's own
 * differential tests make the two byte-identical anyway).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble, type Program } from '@pvlab/assembler';

/** This folder: the sources, the layout and the golden transcripts. */
export const PROGRAMS_DIR = dirname(fileURLToPath(import.meta.url));

/** The test programs, one concept each, in the order a reader should meet them. */
export const PROGRAMS = [
  'alu', 'shifts', 'branches', 'jumps', 'loads-stores', 'muldiv', 'atomics',
  'csr', 'traps', 'privilege', 'interrupts', 'sv32', 'pmp',
] as const;

export type ProgramName = (typeof PROGRAMS)[number];

/** Source files of a program, runtime first (its `_start` is at 0x80000000). */
export function sourcesOf(name: string): string[] {
  return [join(PROGRAMS_DIR, 'runtime.s'), join(PROGRAMS_DIR, `${name}.s`)];
}

/** The ELF executable of test program `name`; throws with GNU-style diagnostics if it does not assemble. */
export function buildProgram(name: string): Uint8Array {
  // No DWARF: its absolute paths would make the bytes (and the goldens' hashes) depend on the checkout.
  return programOf(name).elf({ debug: false });
}

/** The linked program (sections, symbols, line map) of test program `name`. */
export function programOf(name: string): Program {
  return link(sourcesOf(name));
}

/** Runtime-based programs from elsewhere (experiments): assemble and link `paths` with this folder's layout. */
export function buildSources(paths: readonly string[]): Uint8Array {
  return link(paths).elf({ debug: false });
}

function link(paths: readonly string[]): Program {
  const layoutFile = join(PROGRAMS_DIR, 'layout.ld');
  const result = assemble(
    paths.map((path) => ({ path })),
    { layout: readFileSync(layoutFile, 'utf8'), layoutFile, includePaths: [PROGRAMS_DIR], werror: true },
  );
  if (!result.ok || !result.program) throw new Error(`${paths[paths.length - 1]} does not assemble:\n${result.formatDiagnostics()}`);
  return result.program;
}
