/**
 * The programs of the differential tests, each a set of source files, a
 * linker script and the options both assemblers get: the hand-written corpus
 * (_fixtures/corpus), the C-preprocessed riscv-tests-style program
 * (_fixtures/rvtest) and the seeded random instruction lines.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from './contract.js';
import { randomProgram } from './random-lines.js';

export const FIXTURES = fileURLToPath(new URL('../_fixtures/', import.meta.url));
export const CORPUS_DIR = join(FIXTURES, 'corpus');
export const CORPUS_INCLUDE_DIR = join(CORPUS_DIR, 'include');
export const RVTEST_DIR = join(FIXTURES, 'rvtest');
export const GOLDEN_DIR = join(FIXTURES, 'golden');

/** The random-lines program of the acceptance criterion: seed 1, 10,000 lines. */
export const RANDOM_SEED = 1;
export const RANDOM_COUNT = 10_000;

export interface ProgramSpec {
  /** Also the golden file's name: `_fixtures/golden/<name>.json`. */
  readonly name: string;
  /** Sources with their text loaded; paths relative to the working directory. */
  readonly files: readonly SourceFile[];
  /** Linker script text. */
  readonly script: string;
  readonly includePaths: readonly string[];
  readonly defsym: Readonly<Record<string, number>>;
  /** -march for both assemblers; absent: rv32ima_zicsr_zifencei. */
  readonly march?: string;
}

const source = (abs: string): SourceFile => ({ path: relative(process.cwd(), abs), text: readFileSync(abs, 'utf8') });

interface CorpusEntry {
  readonly name: string;
  readonly files: readonly string[];
  readonly include?: boolean;
  readonly defsym?: Record<string, number>;
  readonly march?: string;
  /** Another build of files that belong to a program above. */
  readonly again?: boolean;
}

/** The architecture of the programs with compressed code. */
export const RVC_MARCH = 'rv32imac_zicsr_zifencei';

/** Corpus programs; file names are relative to _fixtures/corpus. */
const CORPUS: readonly CorpusEntry[] = [
  { name: '01-instructions', files: ['01-instructions.s'] },
  { name: '02-pseudo', files: ['02-pseudo.s'] },
  { name: '03-sections-data', files: ['03-sections-data.s'] },
  { name: '04-macros-conditionals', files: ['04-macros-conditionals.s'], include: true, defsym: { CORPUS_DEFSYM: 0x2a } },
  { name: '05-syntax', files: ['05-syntax.s'] },
  { name: '06-multi', files: ['06-multi-main.s', '06-multi-lib.s'] },
  { name: '07-branch-relax', files: ['07-branch-relax.s'] },
  { name: '08-compiler-output', files: ['08-compiler-output.s'] },
  { name: '09-compressed', files: ['09-compressed.s'], march: RVC_MARCH },
  { name: '10-compressed-relax', files: ['10-compressed-relax.s'], march: RVC_MARCH },
  // The whole corpus again with C on: every instruction GNU as would compress, compressed.
  ...(['01-instructions', '02-pseudo', '03-sections-data', '05-syntax', '07-branch-relax', '08-compiler-output'] as const)
    .map((name) => ({ name: `${name}-rvc`, files: [`${name}.s`], march: RVC_MARCH, again: true })),
];

/** Every `.s` file of the corpus directory (to check that none is left out). */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.s')).sort();
}

/** The names of the corpus entries' files, flattened. */
export const corpusFilesInPrograms = (): string[] => CORPUS.filter((p) => !p.again).flatMap((p) => p.files).sort();

export function corpusPrograms(): ProgramSpec[] {
  const script = readFileSync(join(CORPUS_DIR, 'corpus.ld'), 'utf8');
  return CORPUS.map((p) => ({
    name: p.name,
    files: p.files.map((f) => source(join(CORPUS_DIR, f))),
    script,
    includePaths: p.include ? [relative(process.cwd(), CORPUS_INCLUDE_DIR)] : [],
    defsym: p.defsym ?? {},
    ...(p.march ? { march: p.march } : {}),
  }));
}

/** The riscv-tests-style program: the committed output of `cpp -P` on selftest.S. */
export const RVTEST = {
  name: 'rvtest-selftest',
  source: join(RVTEST_DIR, 'selftest.S'),
  preprocessed: join(RVTEST_DIR, 'selftest.s'),
  script: join(RVTEST_DIR, 'link.ld'),
} as const;

export function rvtestProgram(): ProgramSpec {
  return {
    name: RVTEST.name,
    files: [source(RVTEST.preprocessed)],
    script: readFileSync(RVTEST.script, 'utf8'),
    includePaths: [],
    defsym: {},
  };
}

/** The random-lines program for a seed, laid out with the corpus script; `rvc`: with the C extension on. */
export function randomLinesProgram(seed = RANDOM_SEED, count = RANDOM_COUNT, rvc = false): ProgramSpec {
  const name = `random-lines${rvc ? '-rvc' : ''}-seed${seed}`;
  return {
    name,
    files: [{ path: `${name}.s`, text: randomProgram(seed, count, rvc).text }],
    script: readFileSync(join(CORPUS_DIR, 'corpus.ld'), 'utf8'),
    includePaths: [],
    defsym: {},
    ...(rvc ? { march: RVC_MARCH } : {}),
  };
}

/** Every program that has golden data. */
export const allPrograms = (): ProgramSpec[] => [...corpusPrograms(), rvtestProgram(), randomLinesProgram(), randomLinesProgram(RANDOM_SEED, RANDOM_COUNT, true)];

/** GNU as's flags for a program. */
export const gnuAsFlags = (p: ProgramSpec): string[] => [`-march=${p.march ?? 'rv32ima_zicsr_zifencei'}`, '-mabi=ilp32', '-mno-relax'];

/**
 * A digest of everything that determines a program's bytes: sources, script,
 * options and the files the include paths hold. Stored in its golden file so
 * a stale golden file is noticed even where GNU as is absent.
 */
export function inputsDigest(p: ProgramSpec): string {
  const includes = p.includePaths.flatMap((dir) =>
    readdirSync(dir).sort().map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') })),
  );
  const files = p.files.map((f) => ({ name: f.path.split(/[\\/]/).pop(), text: f.text }));
  const payload = JSON.stringify({ files, script: p.script, includes, defsym: p.defsym, ...(p.march ? { march: p.march } : {}) });
  return createHash('sha256').update(payload).digest('hex');
}
