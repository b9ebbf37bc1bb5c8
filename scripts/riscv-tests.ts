/**
 * `npx tsx --conditions=source scripts/riscv-tests.ts --dir PATH` (or with
 * `PVLAB_RISCV_TESTS=PATH`): build the official riscv-tests suites rv32ui,
 * rv32um, rv32ua, rv32uc, rv32mi and rv32si in the physical-memory
 * environment (`p`), and the user-mode suites also in the virtual-memory
 * environment (`v`: the test runs in U-mode under Sv32 with its pages
 * scattered by env/v/vm.c, whose M-mode handler serves its faults), as
 * upstream's isa/Makefile builds them, with Debian's riscv64-unknown-elf-gcc; run each program
 * on pvlab's board through `runBare` twice — with the C extension
 * (`rv32imac`, the board's default) and without (`rv32ima`) — print a table
 * and a summary, and exit 1 if any fails. The programs are built without C
 * (as upstream builds them, `-march=rv32g`): the 16-bit code is what the
 * sources ask for with `.option rvc` (rv32uc, ma_fetch), so the same ELF
 * tests both harts; rv32uc is skipped on the hart without C.
 *
 * PATH is a riscv-tests checkout with its `env` submodule (riscv-test-env):
 * `isa/<suite>/*.S`, `isa/macros/scalar/test_macros.h`, `env/p/riscv_test.h`,
 * `env/p/link.ld`, `env/encoding.h` (and for `v`: `env/v/entry.S`, `vm.c`,
 * `string.c`, `riscv_test.h`, `link.ld`). Which tests a suite has comes from its
 * `isa/<suite>/Makefrag` (`<suite>_sc_tests`, as the upstream Makefile
 * builds them; `v` where it defines `<suite>_v_tests`), or from the `.S`
 * files when there is no Makefrag (`v` then for the rv32u* suites, as
 * upstream). Nothing of riscv-tests is committed here: the checkout is the
 * user's; hypervisor/test/machine/isa/_fixtures/riscv-tests-standin tests
 * this runner's plumbing without one.
 *
 * A program passes when it writes 1 to `tohost` (exit code 0); it fails with
 * the number of the failing test case, when the budget runs out, or when it
 * does not build.
 *
 * Each program runs twice more, virtualized (`runVirtualized`: in a VM under
 * trap and emulate, its own M-mode virtual — the machine `trap` of a result):
 * it passes there when it passes and retires exactly the instructions it
 * retires on the bare board (Popek and Goldberg's equivalence).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runBare, runVirtualized } from '@pvlab/hypervisor';

/** The suites the board is judged on (issues 3 and 15), in the order they are reported. */
export const SUITES = ['rv32ui', 'rv32um', 'rv32ua', 'rv32uc', 'rv32mi', 'rv32si'] as const;
export type Suite = (typeof SUITES)[number];

/** The test environments: physical memory, M-mode (`p`); virtual memory, U-mode under Sv32 (`v`). */
export const TEST_ENVS = ['p', 'v'] as const;
export type TestEnv = (typeof TEST_ENVS)[number];

/** The hart's ISAs every test runs on: C on (the default), then off. */
export const TEST_ISAS = ['rv32imac', 'rv32ima'] as const;
export type TestIsa = (typeof TEST_ISAS)[number];

/** Where a program runs: on the board alone, or virtualized under trap and emulate. */
export const TEST_MACHINES = ['bare', 'trap'] as const;
export type TestMachine = (typeof TEST_MACHINES)[number];

/** Suites that need an extension one of the ISAs lacks: not run there, reported as skipped. */
const NEEDS: Partial<Record<Suite, { letter: string; why: string }>> = { rv32uc: { letter: 'c', why: 'the C extension' } };

/**
 * Tests of extensions the board does not have (it is RV32IMA + Zicsr +
 * Zifencei): listed by recent Makefrags, reported as skipped, never run.
 */
export const NOT_ON_THIS_BOARD = [
  { pattern: /^amo\w+_[bh]$/, why: 'Zabha (byte and halfword AMOs)' },
  { pattern: /^amocas_/, why: 'Zacas (compare-and-swap)' },
  { pattern: /^zalasr$/, why: 'Zalasr (load-acquire, store-release)' },
  { pattern: /^spmp/, why: 'SPMP (S-mode PMP, not ratified)' },
] as const satisfies readonly { pattern: RegExp; why: string }[];

const GCC = 'riscv64-unknown-elf-gcc';
/** The upstream Makefile's options, with the board's ISA. */
const GCC_FLAGS = ['-march=rv32ima_zicsr_zifencei', '-mabi=ilp32', '-static', '-mcmodel=medany', '-fvisibility=hidden', '-nostdlib', '-nostartfiles'];
/** More than any of these programs needs (the longest retires a few thousand instructions). */
const MAX_INSTRUCTIONS = 10_000_000;

export interface TestResult {
  readonly suite: Suite;
  readonly env: TestEnv;
  /** The upstream name, e.g. `rv32ui-p-add`, `rv32ui-v-add`. */
  readonly name: string;
  /** The hart's ISA for this run. */
  readonly isa: TestIsa;
  /** On the board alone, or virtualized. */
  readonly machine: TestMachine;
  readonly outcome: 'pass' | 'fail' | 'skip';
  /** Why it failed or was skipped. */
  readonly detail: string;
  readonly instructions: number;
}

/** A riscv-tests checkout that lacks what the build needs: the one-line reason. */
export function checkoutProblem(dir: string): string | undefined {
  for (const f of ['isa/macros/scalar/test_macros.h', 'env/p/riscv_test.h', 'env/p/link.ld', 'env/encoding.h']) {
    if (!existsSync(join(dir, f))) return `${dir}: not a riscv-tests checkout with its env submodule (no ${f})`;
  }
  return undefined;
}

/** The files the `v` environment needs: its reason when one is missing. */
export function vEnvProblem(dir: string): string | undefined {
  for (const f of ['entry.S', 'vm.c', 'riscv_test.h', 'link.ld']) {
    if (!existsSync(join(dir, 'env', 'v', f))) return `no env/v/${f} in the checkout`;
  }
  return undefined;
}

/** The environments `suite` is built in: `p` always; `v` where its Makefrag names v tests (without one, the user-mode suites). */
export function suiteEnvs(dir: string, suite: Suite): TestEnv[] {
  const makefrag = join(dir, 'isa', suite, 'Makefrag');
  const v = existsSync(makefrag) ? new RegExp(`^${suite}_v_tests\\s*=`, 'm').test(readFileSync(makefrag, 'utf8')) : /^rv32u/.test(suite);
  return v ? ['p', 'v'] : ['p'];
}

/** The single-core tests of `suite`, from its Makefrag (`<suite>_sc_tests = a b \ ...`), else its .S files. */
export function suiteTests(dir: string, suite: Suite): string[] {
  const makefrag = join(dir, 'isa', suite, 'Makefrag');
  if (!existsSync(makefrag)) {
    const src = join(dir, 'isa', suite);
    return existsSync(src) ? readdirSync(src).filter((f) => f.endsWith('.S')).map((f) => f.slice(0, -2)).sort() : [];
  }
  const lines = readFileSync(makefrag, 'utf8').split('\n');
  const start = lines.findIndex((l) => new RegExp(`^${suite}_sc_tests\\s*=`).test(l));
  if (start < 0) return [];
  const names: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i].replace(/#.*/, '');
    const body = i === start ? line.slice(line.indexOf('=') + 1) : line;
    names.push(...body.replace(/\\\s*$/, '').split(/\s+/).filter(Boolean));
    if (!/\\\s*$/.test(lines[i])) break;
  }
  return names;
}

/**
 * The compiler's arguments for one test, as upstream's isa/Makefile gives
 * them: `p` assembles the test alone; `v` links it with the environment's
 * entry.S and C files, compiled with -O2, and an ENTROPY seed (the first 7
 * hex digits of the MD5 of the test's name and a newline, `echo $@ |
 * md5sum`) from which vm.c scatters the test's pages.
 */
export function buildArgs(dir: string, suite: Suite, test: string, env: TestEnv, out: string): string[] {
  const src = join(dir, 'isa', suite, `${test}.S`);
  const envDir = join(dir, 'env', env);
  const common = [`-I${envDir}`, `-I${join(dir, 'isa', 'macros', 'scalar')}`, `-T${join(envDir, 'link.ld')}`];
  if (env === 'p') return [...GCC_FLAGS, ...common, src, '-o', out];
  const entropy = createHash('md5').update(`${suite}-v-${test}\n`).digest('hex').slice(0, 7);
  const c = readdirSync(envDir).filter((f) => f.endsWith('.c')).sort().map((f) => join(envDir, f));
  return [...GCC_FLAGS, `-DENTROPY=0x${entropy}`, '-std=gnu99', '-O2', ...common, join(envDir, 'entry.S'), ...c, src, '-o', out];
}

function build(dir: string, suite: Suite, test: string, env: TestEnv, out: string): string | undefined {
  const src = join(dir, 'isa', suite, `${test}.S`);
  if (!existsSync(src)) return `no source ${src}`;
  try {
    execFileSync(GCC, buildArgs(dir, suite, test, env, out), { stdio: ['ignore', 'ignore', 'pipe'] });
    return undefined;
  } catch (e) {
    const err = String((e as { stderr?: Buffer }).stderr ?? e).split('\n').find((l) => /error/i.test(l)) ?? 'build failed';
    return err.trim();
  }
}

/** Build and run every test of `suites` from the checkout at `dir`, in each environment it has, on each of `isas`. */
export function runRiscvTests(
  dir: string, suites: readonly Suite[] = SUITES, onResult?: (r: TestResult) => void, isas: readonly TestIsa[] = TEST_ISAS, envs: readonly TestEnv[] = TEST_ENVS,
  machines: readonly TestMachine[] = TEST_MACHINES,
): TestResult[] {
  const work = mkdtempSync(join(tmpdir(), 'pvlab-riscv-tests-'));
  const results: TestResult[] = [];
  const report = (r: TestResult) => (results.push(r), onResult?.(r));
  const noV = vEnvProblem(dir);
  try {
    for (const suite of suites) {
      for (const env of suiteEnvs(dir, suite).filter((e) => envs.includes(e))) {
        for (const test of suiteTests(dir, suite)) {
          const name = `${suite}-${env}-${test}`;
          const skip = (detail: string) => {
            for (const isa of isas) for (const machine of machines) report({ suite, env, name, isa, machine, outcome: 'skip', detail, instructions: 0 });
          };
          const missing = NOT_ON_THIS_BOARD.find((x) => x.pattern.test(test));
          if (missing) skip(`needs ${missing.why}`);
          else if (env === 'v' && noV) skip(noV);
          else runOne(dir, suite, env, test, join(work, name), isas, machines, report);
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}

/** Build one test and run it on each ISA, on each machine. */
function runOne(dir: string, suite: Suite, env: TestEnv, test: string, elf: string, isas: readonly TestIsa[], machines: readonly TestMachine[], report: (r: TestResult) => void): void {
  const name = `${suite}-${env}-${test}`;
  const error = build(dir, suite, test, env, elf);
  for (const isa of isas) {
    const needs = NEEDS[suite];
    const each = (r: Omit<TestResult, 'suite' | 'env' | 'name' | 'isa' | 'machine'>) => machines.forEach((machine) => report({ suite, env, name, isa, machine, ...r }));
    if (needs && !isa.slice(4).includes(needs.letter)) {
      each({ outcome: 'skip', detail: `needs ${needs.why}`, instructions: 0 });
      continue;
    }
    if (error) {
      each({ outcome: 'fail', detail: `does not build: ${error}`, instructions: 0 });
      continue;
    }
    const image = readFileSync(elf);
    const bare = runBare(image, { maxInstructions: MAX_INSTRUCTIONS, isa });
    const verdict = (exitCode: number | undefined, stop: string, instructions: number) =>
      exitCode === 0 ? '' : exitCode === undefined ? `no result (${stop} after ${instructions} instructions)` : `fails test case ${exitCode}`;
    for (const machine of machines) {
      if (machine === 'bare') {
        const detail = verdict(bare.exitCode, bare.stop, bare.instructions);
        report({ suite, env, name, isa, machine, outcome: detail ? 'fail' : 'pass', detail, instructions: bare.instructions });
        continue;
      }
      const v = runVirtualized(image, { maxInstructions: MAX_INSTRUCTIONS, isa });
      let detail = verdict(v.exitCode, v.stop, v.instructions);
      if (!detail && v.instructions !== bare.instructions) detail = `retires ${v.instructions} instructions virtualized, ${bare.instructions} bare`;
      report({ suite, env, name, isa, machine, outcome: detail ? 'fail' : 'pass', detail, instructions: v.instructions });
    }
  }
}

function main(argv: string[]): number {
  const at = argv.indexOf('--dir');
  const dir = at >= 0 ? argv[at + 1] : process.env.PVLAB_RISCV_TESTS;
  if (!dir) {
    console.error('riscv-tests: error: give the riscv-tests checkout with --dir PATH or PVLAB_RISCV_TESTS=PATH');
    return 2;
  }
  const problem = checkoutProblem(resolve(dir));
  if (problem) {
    console.error(`riscv-tests: error: ${problem}`);
    return 2;
  }
  try {
    execFileSync(GCC, ['--version'], { stdio: 'ignore' });
  } catch {
    console.error(`riscv-tests: error: ${GCC} not found (Debian: apt-get install gcc-riscv64-unknown-elf)`);
    return 2;
  }
  const width = 36;
  const results = runRiscvTests(resolve(dir), SUITES, (r) => {
    const mark = r.outcome === 'pass' ? 'pass' : r.outcome === 'skip' ? 'skip' : 'FAIL';
    console.log(`${r.name.padEnd(width)} ${r.isa.padEnd(9)} ${r.machine.padEnd(5)} ${mark}  ${r.outcome === 'pass' ? `${r.instructions} instructions` : r.detail}`);
  });
  console.log('');
  for (const suite of SUITES) {
    for (const env of TEST_ENVS) {
      for (const isa of TEST_ISAS) {
        for (const machine of TEST_MACHINES) {
          const mine = results.filter((r) => r.suite === suite && r.env === env && r.isa === isa && r.machine === machine);
          if (!mine.length) continue;
          const n = (o: TestResult['outcome']) => mine.filter((r) => r.outcome === o).length;
          console.log(`${suite}-${env} (${isa}, ${machine}): ${n('pass')}/${mine.length - n('skip')} pass${n('skip') ? `, ${n('skip')} skipped` : ''}`);
        }
      }
    }
  }
  const count = (o: TestResult['outcome']) => results.filter((r) => r.outcome === o).length;
  console.log(`${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
  return count('fail') > 0 || results.length === 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exit(main(process.argv.slice(2)));
