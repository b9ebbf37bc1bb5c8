/**
 * Regenerate the differential tests' golden data from GNU as + GNU ld.
 *
 *   npx tsx --conditions=source assembler/test/_fixtures/golden/generate.ts
 *
 * 1. Re-runs `cpp -P` on _fixtures/rvtest/selftest.S into selftest.s (when a
 *    C preprocessor exists; otherwise keeps the committed output).
 * 2. Builds every corpus program, the riscv-tests-style program and the
 *    random lines (seed 1, 10,000 lines) with the GNU tools, exactly as the
 *    tests do, and writes each loadable image to _fixtures/golden/<name>.json
 *    with the digest of its inputs and the tool versions.
 *
 * Fails (exit 1) if the GNU tools are missing or any program does not build.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { findCpp, preprocess } from '../../_helpers/cpp.js';
import { gnuBuild, gnuVersions, hasGnuTools } from '../../_helpers/gnu.js';
import { goldenOf, writeGolden } from '../../_helpers/golden.js';
import { allPrograms, gnuAsFlags, RVTEST } from '../../_helpers/programs.js';

/** The issue asks for modest golden data. */
const SIZE_LIMIT = 3 * 1024 * 1024;

function refreshPreprocessed(): void {
  if (!findCpp()) {
    console.log(`no C preprocessor: keeping the committed ${relative(process.cwd(), RVTEST.preprocessed)}`);
    return;
  }
  const text = preprocess(RVTEST.source);
  if (!existsSync(RVTEST.preprocessed) || readFileSync(RVTEST.preprocessed, 'utf8') !== text) {
    writeFileSync(RVTEST.preprocessed, text);
    console.log(`updated ${relative(process.cwd(), RVTEST.preprocessed)}`);
  }
}

function main(): number {
  if (!hasGnuTools()) {
    console.error('riscv64-unknown-elf-as / riscv64-unknown-elf-ld not found: cannot generate golden data');
    return 1;
  }
  refreshPreprocessed();
  const tools = gnuVersions();
  let total = 0;
  let failures = 0;
  for (const program of allPrograms()) {
    const build = gnuBuild(program.files, program.script, { includePaths: program.includePaths, defsym: program.defsym, asFlags: gnuAsFlags(program) });
    const stderr = build.stderr.trim();
    if (!build.ok) {
      console.error(`${program.name}: GNU build failed\n${stderr}`);
      failures++;
      continue;
    }
    const path = writeGolden(goldenOf(program, build, tools));
    const size = statSync(path).size;
    total += size;
    const loaded = build.sections.reduce((n, s) => n + s.bytes.length / 2, 0);
    console.log(`${program.name}: ${loaded} bytes loaded, ${relative(process.cwd(), path)} (${size} bytes)`);
    if (stderr) console.log(`  GNU tools said:\n  ${stderr.split('\n').join('\n  ')}`);
  }
  console.log(`total golden data: ${total} bytes (${tools})`);
  if (total > SIZE_LIMIT) {
    console.error(`golden data exceeds ${SIZE_LIMIT} bytes`);
    failures++;
  }
  return failures === 0 ? 0 : 1;
}

process.exit(main());
