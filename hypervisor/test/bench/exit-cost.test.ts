/**
 * measureExitCost (bench/exit-cost.ts): its loop guest takes exactly the
 * exits it is meant to inside the measured region, and the cost is the
 * region's host time over them.
 */
import test from 'ava';
import { EXIT_COST_KINDS, measureExitCost } from '../../src/bench/exit-cost.js';

test('a CSR-read loop: one csr-read exit per loop in the region, and nothing else but the begin marker\'s store', (t) => {
  const c = measureExitCost('csr-read', { loops: 3000, repeat: 1 });
  t.is(c.exitsByReason['csr-read'], 3000);
  t.deepEqual(Object.keys(c.exitsByReason).sort(), ['csr-read', 'mmio-write']);
  t.is(c.exitsByReason['mmio-write'], 1);
  t.true(c.nsPerExit > 0 && Number.isFinite(c.nsPerExit));
});

test('a fresh-page loop: one hidden page fault per load, filled by the shadow pager', (t) => {
  const c = measureExitCost('shadow-fault', { loops: 3000, repeat: 1 });
  // A round of 2,048 pages starts with sfence.vma, which drops the loop's own code page too: one more fault each.
  t.is(c.exitsByReason['sfence-vma'], Math.ceil(3000 / 2048));
  t.is(c.exitsByReason['shadow-fault'], 3000 + c.exitsByReason['sfence-vma']);
  t.is(c.exitsByReason['mmio-write'], 1);
  t.true(c.nsPerExit > 0);
});

test('the counts repeat exactly, run to run', (t) => {
  for (const kind of EXIT_COST_KINDS) t.deepEqual(measureExitCost(kind, { loops: 500, repeat: 2 }).exitsByReason, measureExitCost(kind, { loops: 500, repeat: 1 }).exitsByReason);
});

test('a paravirtual call with no work: one hypercall exit per loop, and the begin marker\'s own', (t) => {
  const c = measureExitCost('hypercall', { loops: 3000, repeat: 1 });
  t.is(c.mode, 'paravirt');
  t.deepEqual(c.exitsByReason, { hypercall: 3001 });
  t.true(c.nsPerExit > 0 && Number.isFinite(c.nsPerExit));
});

test('a multicall of new_baseptr and tlb_flush: one exit per loop, switching between two roots that map the guest (it runs on to its end)', (t) => {
  const c = measureExitCost('multicall', { loops: 3000, repeat: 1 });
  t.is(c.mode, 'paravirt');
  t.deepEqual(c.exitsByReason, { hypercall: 3001 });
  t.true(c.nsPerExit > 0);
});

test('a page fault\'s mmu_update: one exit per loop, its one PTE accepted every time (a refused one ends the loop without its end marker)', (t) => {
  const c = measureExitCost('pte-update', { loops: 3000, repeat: 1 });
  t.is(c.mode, 'paravirt');
  t.deepEqual(c.exitsByReason, { hypercall: 3001 });
  t.true(c.nsPerExit > 0);
});
