/**
 * The riscv-tests runner (scripts/riscv-tests.ts) on a stand-in checkout
 * (_fixtures/riscv-tests-standin: riscv-tests' layout and macro names, tiny
 * programs of our own), so that its plumbing is tested where no checkout is
 * at hand: which suites get the `v` environment (their Makefrag's
 * `_v_tests`), the compiler's arguments for `p` and `v` (upstream's
 * isa/Makefile: the environment's entry.S and C files, -O2, an ENTROPY seed
 * that is `echo NAME | md5sum | cut -c 1-7`), a pass, a failing case's
 * number, and the C extension's suites. The real suites run in
 * riscv-tests.test.ts with PVLAB_RISCV_TESTS set.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildArgs, runRiscvTests, suiteEnvs, suiteTests } from '../../../../scripts/riscv-tests.js';

const STANDIN = join(import.meta.dirname, '_fixtures/riscv-tests-standin');
const gcc = spawnSync('riscv64-unknown-elf-gcc', ['--version']).status === 0;

test('the environments of a suite come from its Makefrag: rv32ui has p and v, rv32mi p only', (t) => {
  t.deepEqual(suiteEnvs(STANDIN, 'rv32ui'), ['p', 'v']);
  t.deepEqual(suiteEnvs(STANDIN, 'rv32mi'), ['p']);
  t.deepEqual(suiteTests(STANDIN, 'rv32ui'), ['pass', 'fail']);
});

test('v is built as upstream builds it: entry.S and the C files, -O2, the seed md5sum gives for the name', (t) => {
  const v = buildArgs(STANDIN, 'rv32ui', 'add', 'v', '/tmp/x');
  t.true(v.includes('-DENTROPY=0xdb0b652'), '`echo rv32ui-v-add | md5sum | cut -c 1-7` is db0b652');
  for (const a of ['-std=gnu99', '-O2', `-T${join(STANDIN, 'env/v/link.ld')}`, join(STANDIN, 'env/v/entry.S'), join(STANDIN, 'env/v/vm.c')]) t.true(v.includes(a), a);
  t.is(v.at(-3), join(STANDIN, 'isa/rv32ui/add.S'));
  const p = buildArgs(STANDIN, 'rv32ui', 'add', 'p', '/tmp/x');
  t.false(p.some((a) => a.startsWith('-DENTROPY') || a.endsWith('.c')));
  t.true(p.includes(`-T${join(STANDIN, 'env/p/link.ld')}`));
});

test('the stand-in suites build and run in both environments, on both harts: passes pass, a failing case is named', (t) => {
  if (!gcc) {
    if (process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') return t.fail('riscv64-unknown-elf-gcc is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
    return t.pass('riscv64-unknown-elf-gcc not installed');
  }
  const results = runRiscvTests(STANDIN, ['rv32ui', 'rv32mi']);
  const summary = results.map((r) => `${r.name} ${r.isa} ${r.machine} ${r.outcome}${r.detail ? ` (${r.detail})` : ''}`);
  // Each on the board and virtualized (its M-mode under trap and emulate), with the same result.
  const both = (line: string) => [line.replace(' @', ' bare'), line.replace(' @', ' trap')];
  t.deepEqual(summary, [
    'rv32ui-p-pass rv32imac @ pass', 'rv32ui-p-pass rv32ima @ pass',
    'rv32ui-p-fail rv32imac @ fail (fails test case 5)', 'rv32ui-p-fail rv32ima @ fail (fails test case 5)',
    'rv32ui-v-pass rv32imac @ pass', 'rv32ui-v-pass rv32ima @ pass',
    'rv32ui-v-fail rv32imac @ fail (fails test case 5)', 'rv32ui-v-fail rv32ima @ fail (fails test case 5)',
    'rv32mi-p-pass rv32imac @ pass', 'rv32mi-p-pass rv32ima @ pass',
  ].flatMap(both));
  // Virtualized, each retires exactly what it retires bare.
  for (const r of results.filter((x) => x.machine === 'trap')) {
    t.is(r.instructions, results.find((x) => x.machine === 'bare' && x.name === r.name && x.isa === r.isa)!.instructions, `${r.name} ${r.isa}`);
  }
});
