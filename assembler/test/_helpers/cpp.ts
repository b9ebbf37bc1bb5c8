/**
 * The C preprocessor step of "C-preprocessed bare-metal test suites": the
 * riscv-tests-style fixture is written as a .S file with #define macros and
 * committed together with its `cpp -P` output, which is what the assemblers
 * read. The golden generator refreshes that output; the differential test
 * checks it is current where cpp exists.
 */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';

/** Host cpp first (the tool), the RISC-V one as a fallback. */
const CANDIDATES = ['cpp', 'riscv64-unknown-elf-cpp'] as const;

/** First line of the committed output, marking it generated. */
export const GENERATED_HEADER = '# generated from selftest.S by `cpp -P -x assembler-with-cpp` — do not edit';

let found: string | null | undefined;

/** The preprocessor to use, or `null` when none is installed. */
export function findCpp(): string | null {
  found ??= CANDIDATES.find((c) => spawnSync(c, ['--version']).status === 0) ?? null;
  return found;
}

/**
 * `cpp -P` in assembler-with-cpp mode, without system headers or
 * predefined macros (so the output is the same on every host), with the
 * source's directory on the include path. Throws on preprocessor errors.
 */
export function preprocess(sourcePath: string): string {
  const cpp = findCpp();
  if (!cpp) throw new Error('no C preprocessor found');
  const r = spawnSync(cpp, ['-P', '-x', 'assembler-with-cpp', '-nostdinc', '-undef', '-I', dirname(sourcePath), sourcePath], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cpp} failed on ${sourcePath}:\n${r.stderr}`);
  return `${GENERATED_HEADER}\n${r.stdout}`;
}
