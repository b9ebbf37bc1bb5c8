/**
 * The code cache's budget holds under the hypervisor too (issue 13, item 3):
 * the code-sled guest (hypervisor/test/machine/_fixtures/code-sled.s), run
 * trapped as a VM's kernel (each alias called 64 times: the first arrivals at a
 * page are the hypervisor's shadow faults), makes about 8,000 pieces of its code hot through
 * a thousand virtual aliases; the host hart keeps at most CODE_BUDGET
 * regions, the heap stays bounded, and the guest computes what it computes
 * natively.
 */
import test from 'ava';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CODE_BUDGET, useCompiler } from '@pvlab/hypervisor';
import { Hypervisor } from '../../src/vmm/hypervisor.js';
import { codeSled } from '../machine/_fixtures/code-sled.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('trapped, a guest aliasing one sled at a thousand megapages leaves the code cache within its budget and the heap bounded', (t) => {
  gc();
  const before = process.memoryUsage().heapUsed;
  useCompiler(true, { hot: 1 }); // every pair compiled at its second call
  const hv = new Hypervisor({ mode: 'trap', kernels: [codeSled(64)] });
  let peak = 0;
  for (let r = hv.run(1_000_000); r.stop === 'budget' && hv.hart.retired() < 100_000_000; r = hv.run(1_000_000)) peak = Math.max(peak, hv.hart.code.regions);
  useCompiler(true);
  const vm = hv.vms[0];
  t.is(vm.state, 'halted');
  t.is(vm.exitCode, 0, 'the guest counted every call');
  const cache = hv.hart.code;
  t.true(cache.compiled > CODE_BUDGET.regions, `more code was compiled (${cache.compiled}) than the budget holds`);
  t.true(peak <= CODE_BUDGET.regions && cache.regions <= CODE_BUDGET.regions, `at most ${CODE_BUDGET.regions} regions (peak ${peak})`);
  for (let i = 0; i < 8; i++) gc(); // V8 ages its compilation cache over a few collections
  const grown = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  t.log(`compiled ${cache.compiled} regions, ${cache.flushes} flushes, ${vm.stats.total} exits; ${cache.regions} regions, ${cache.bytes} bytes held; heap after: ${grown.toFixed(1)} MiB more`);
  t.true(grown < 96, `the heap grew ${grown.toFixed(1)} MiB (bound: 96 MiB, the VM's RAM and pool included)`);
});
