/**
 * The official riscv-tests suites rv32ui, rv32um, rv32ua, rv32uc, rv32mi
 * and rv32si (`p` environment; the user-mode ones in `v` too) on the board, each program on a hart with
 * the C extension (rv32imac, the default) and on one without (rv32ima),
 * and each again virtualized (its own M-mode under trap and emulate: the
 * same result, the same instruction count), built from a checkout the user provides (nothing of riscv-tests is
 * committed): set PVLAB_RISCV_TESTS to its path. Without it the test is
 * skipped. The same runner is scripts/riscv-tests.ts; its plumbing is
 * riscv-tests-runner.test.ts's, on a stand-in checkout.
 */
import test from 'ava';
import { checkoutProblem, runRiscvTests, suiteEnvs, SUITES, TEST_ISAS } from '../../../../scripts/riscv-tests.js';

const dir = process.env.PVLAB_RISCV_TESTS;
const title = 'riscv-tests rv32{ui,um,ua,uc,mi,si}-p and rv32{ui,um,ua,uc}-v pass on the board and virtualized, with C and without (rv32uc: with C)';

if (!dir) {
  test.skip(`${title} (set PVLAB_RISCV_TESTS to a riscv-tests checkout)`, () => {});
} else {
  test(title, (t) => {
    const problem = checkoutProblem(dir);
    if (problem) return t.fail(problem);
    const results = runRiscvTests(dir);
    for (const suite of SUITES) {
      for (const env of suiteEnvs(dir, suite)) {
        for (const isa of TEST_ISAS) {
          if (suite === 'rv32uc' && isa === 'rv32ima') continue;
          t.true(results.some((r) => r.suite === suite && r.env === env && r.isa === isa && r.outcome === 'pass'), `${suite}-${env} on ${isa}: no test ran`);
        }
      }
    }
    const failed = results.filter((r) => r.outcome === 'fail').map((r) => `${r.name} (${r.isa}, ${r.machine}): ${r.detail}`);
    t.deepEqual(failed, [], `${failed.length} of ${results.length} riscv-tests runs fail`);
  });
}
