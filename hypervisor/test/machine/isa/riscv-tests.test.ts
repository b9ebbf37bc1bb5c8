/**
 * The official riscv-tests suites rv32ui, rv32um, rv32ua, rv32mi and rv32si
 * (`p` environment) on the board, built from a checkout the user provides
 * (nothing of riscv-tests is committed): set PVLAB_RISCV_TESTS to its path.
 * Without it the test is skipped. The same runner is scripts/riscv-tests.ts.
 */
import test from 'ava';
import { checkoutProblem, runRiscvTests, SUITES } from '../../../../scripts/riscv-tests.js';

const dir = process.env.PVLAB_RISCV_TESTS;

if (!dir) {
  test.skip('riscv-tests rv32{ui,um,ua,mi,si}-p pass on the board (set PVLAB_RISCV_TESTS to a riscv-tests checkout)', () => {});
} else {
  test('riscv-tests rv32{ui,um,ua,mi,si}-p pass on the board', (t) => {
    const problem = checkoutProblem(dir);
    if (problem) return t.fail(problem);
    const results = runRiscvTests(dir);
    for (const suite of SUITES) t.true(results.some((r) => r.suite === suite && r.outcome === 'pass'), `${suite}: no test ran`);
    const failed = results.filter((r) => r.outcome === 'fail').map((r) => `${r.name}: ${r.detail}`);
    t.deepEqual(failed, [], `${failed.length} of ${results.length} riscv-tests fail`);
  });
}
