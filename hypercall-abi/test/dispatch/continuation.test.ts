/**
 * Continued calls: a handler that has done its share of the exit's work
 * returns `preempt(progress)`; the dispatcher then writes no result (the
 * guest makes the same call again) and hands the progress back to the
 * handler when the caller passes it. A multicall continues between entries
 * and inside an entry that is continued itself, never running an entry
 * twice, and stops at a shutdown.
 */
import test from 'ava';
import { HYPERCALLS, MULTICALL_ENTRY, WORK_PER_CALL, createRegistry, defineHandler, dispatch, formatRecord, preempt, type WorkMeter } from '@pvlab/hypercall-abi';
import { FakeRegisters, fakeVm, type FakeVm } from '../_helpers/fake-vm.js';
import { testHandlers } from '../_helpers/handlers.js';

interface MeteredVm extends FakeVm {
  work: WorkMeter & { left: number };
  stopped?: boolean;
}

const meter = (units: number) => ({ left: units, charge(u: number) { this.left -= u; } });

/** mmu_update that charges one unit per request and stops when the meter is spent (as the hypervisor's does). */
const metered = defineHandler(HYPERCALLS.mmu_update, (vm: MeteredVm, { reqs, count }, from) => {
  for (let i = from; i < count; i++) {
    if (i > from && vm.work.left <= 0) return preempt(i);
    vm.work.charge(1);
    vm.events.push(`pte ${reqs.get(i).ptep.toString(16)}`);
  }
  return count;
});
const shutdown = defineHandler(HYPERCALLS.shutdown, (vm: MeteredVm) => {
  vm.stopped = true;
  return undefined;
});
const registry = createRegistry<MeteredVm>({ handlers: [...(testHandlers as never[]).filter((h: { call: unknown }) => h.call !== HYPERCALLS.mmu_update && h.call !== HYPERCALLS.shutdown), metered, shutdown] });
const REQS = 0x8000_2000, ENTRIES = 0x8000_4000;

function vmWith(units: number): MeteredVm {
  const vm = fakeVm() as MeteredVm;
  vm.work = meter(units);
  vm.guestMemory.pokeWords(REQS, Array.from({ length: 20 }, (_, i) => [REQS + 0x100 + 4 * i, 1]).flat());
  return vm;
}

test('a preempted call writes no result and resumes from its progress; nothing is done twice', (t) => {
  const vm = vmWith(4);
  const regs = () => new FakeRegisters(HYPERCALLS.mmu_update.eid, 0, [REQS, 10, 0]);
  const first = regs();
  const r1 = dispatch(registry, vm, first);
  t.deepEqual(r1.preempted, { progress: 4 });
  t.is(first.written, undefined, 'a0/a1 untouched: the guest makes the same call again');
  t.regex(formatRecord(r1), /→ continued from 4/);
  let progress: unknown = r1.preempted!.progress, parts = 1;
  for (;;) {
    vm.work.left = 4;
    const again = regs();
    const r = dispatch(registry, vm, again, progress);
    parts++;
    if (!r.preempted) {
      t.deepEqual(again.written, { error: 0, value: 10 });
      break;
    }
    progress = r.preempted.progress;
  }
  t.is(parts, 3);
  t.deepEqual(vm.events, Array.from({ length: 10 }, (_, i) => `pte ${(REQS + 0x100 + 4 * i).toString(16)}`));
});

test('a multicall continues between entries and inside a continued entry, each entry run once', (t) => {
  const vm = vmWith(3);
  const entry = (eid: number, fid: number, args: number[]) => [eid, fid, ...[...args, 0, 0, 0, 0, 0, 0].slice(0, 6), 0, 0];
  vm.guestMemory.pokeWords(ENTRIES, [
    ...entry(HYPERCALLS.mmu_update.eid, 0, [REQS, 5, 0]),
    ...entry(HYPERCALLS.tlb_flush.eid, 2, [0x1000, 0x1000]),
    ...entry(HYPERCALLS.mmu_update.eid, 0, [REQS, 2, 0]),
  ]);
  let progress: unknown, parts = 0;
  let done: FakeRegisters | undefined;
  while (!done) {
    vm.work.left = 3;
    const regs = new FakeRegisters(HYPERCALLS.multicall.eid, 0, [ENTRIES, 3]);
    const r = dispatch(registry, vm, regs, progress);
    parts++;
    if (r.preempted) progress = r.preempted.progress;
    else done = regs;
  }
  t.deepEqual(done.written, { error: 0, value: 3 });
  const results = (i: number) => vm.guestMemory.peekWords(ENTRIES + MULTICALL_ENTRY.size * i + MULTICALL_ENTRY.offsets.results, 2);
  t.deepEqual([results(0), results(1), results(2)], [[0, 5], [0, 0], [0, 2]]);
  t.deepEqual(vm.events.filter((e) => e.startsWith('pte')).length, 7);
  t.deepEqual(vm.events.filter((e) => e.startsWith('flush')), ['flush 1000+1000']);
  t.true(parts >= 3, `${parts} parts`);
  t.is(WORK_PER_CALL, 1);
});

test('a multicall stops at an entry that shut the VM down', (t) => {
  const vm = vmWith(1000);
  const entry = (eid: number, fid: number, args: number[]) => [eid, fid, ...[...args, 0, 0, 0, 0, 0, 0].slice(0, 6), 0, 0];
  vm.guestMemory.poke(0x8000_5000, 'late');
  vm.guestMemory.pokeWords(ENTRIES, [...entry(HYPERCALLS.shutdown.eid, 2, [0]), ...entry(HYPERCALLS.console_write.eid, 0, [4, 0x8000_5000, 0])]);
  const regs = new FakeRegisters(HYPERCALLS.multicall.eid, 0, [ENTRIES, 2]);
  dispatch(registry, vm, regs);
  t.deepEqual(regs.written, { error: 0, value: 1 });
  t.deepEqual(vm.console, [], 'nothing after the shutdown');
});
