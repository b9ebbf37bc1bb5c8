/**
 * The code cache has a memory budget (issue 13, item 3): a guest that maps
 * one 4 MiB sled of code at every free virtual megapage and makes every
 * alias hot (_fixtures/code-sled.s: about 8,000 distinct pieces of code)
 * leaves at most CODE_BUDGET regions compiled at any time and a bounded
 * heap, and computes what it computes interpreted only. (The same guest
 * under the hypervisor: test/vmm/code-budget.test.ts.)
 */
import test from 'ava';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CODE_BUDGET, Machine, useCompiler } from '@pvlab/hypervisor';
import { codeSled } from '../_fixtures/code-sled.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Run it on a bare board in S-mode, as firmware would enter a kernel. */
function run(elf: Uint8Array) {
  const m = new Machine({ ramSize: 16 << 20 });
  const entry = m.loadElf(elf).entry;
  m.hart.pmp.writeAddr(0, 0xffff_ffff);
  m.hart.pmp.writeCfg(0, 0x1f);
  m.hart.pmpChanged();
  m.hart.setPriv(1);
  m.hart.pc = entry; // past the reset ROM, which is M-mode code
  let peak = 0;
  let r = m.run(1_000_000);
  for (; r.stop === 'budget' && m.hart.retired() < 50_000_000; r = m.run(1_000_000)) peak = Math.max(peak, m.hart.code.regions);
  return { r, m, peak };
}

test.serial('a guest aliasing one sled at a thousand megapages: the code cache stays within its budget, the heap bounded, the result unchanged', (t) => {
  const elf = codeSled();
  useCompiler(false);
  const plain = run(elf);
  useCompiler(true, { hot: 1 }); // every pair compiled at its second call
  gc();
  const before = process.memoryUsage().heapUsed;
  const { r, m, peak } = run(elf);
  gc();
  const grown = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  t.is(r.stop, 'finisher');
  t.is(r.exitCode, 0, 'the guest counted every call');
  t.deepEqual([r.instructions, r.cycles], [plain.r.instructions, plain.r.cycles], 'the same counts as interpreted only');
  useCompiler(true);
  const cache = m.hart.code;
  t.true(cache.compiled > CODE_BUDGET.regions, `more code was compiled (${cache.compiled}) than the budget holds`);
  t.true(cache.flushes > 0, 'the budget was reached and the cache emptied');
  t.true(peak <= CODE_BUDGET.regions && cache.regions <= CODE_BUDGET.regions && cache.bytes <= CODE_BUDGET.bytes, `at most ${CODE_BUDGET.regions} regions (peak ${peak})`);
  t.log(`compiled ${cache.compiled} regions, ${cache.flushes} flushes; heap after: ${grown.toFixed(1)} MiB more than before`);
  t.true(grown < 64, `the heap grew ${grown.toFixed(1)} MiB (bound: 64 MiB)`);
});
