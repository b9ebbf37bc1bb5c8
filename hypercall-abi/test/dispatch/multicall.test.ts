/** multicall: each entry dispatched like a register call, its own result written back. */
import test from 'ava';
import { HYPERCALLS, MULTICALL_ENTRY, SBI_DBCN, createRegistry, dispatch, formatTrace, sbiError } from '@pvlab/hypercall-abi';
import { FakeRegisters, fakeVm, type FakeVm } from '../_helpers/fake-vm.js';
import { testHandlers } from '../_helpers/handlers.js';

const registry = createRegistry<FakeVm>({ handlers: testHandlers });
const ENTRIES = 0x8000_4000;
const entry = (eid: number, fid: number, args: number[] = []) => [eid, fid, ...[...args, 0, 0, 0, 0, 0, 0].slice(0, 6), 0xaaaa_aaaa, 0xaaaa_aaaa];

test('entries run in order, each gets its own error and value, a failing one does not stop the batch', (t) => {
  const vm = fakeVm();
  vm.guestMemory.poke(0x8000_5000, 'hi');
  vm.guestMemory.pokeWords(ENTRIES, [
    ...entry(SBI_DBCN.eid, 0, [2, 0x8000_5000, 0]),
    ...entry(HYPERCALLS.bench_marker.eid, 0, [7]),
    ...entry(0x0bad_0000, 9),
    ...entry(HYPERCALLS.tlb_flush.eid, 2, [0x1000, 0x2000]),
  ]);
  t.is(MULTICALL_ENTRY.size, 40);
  const regs = new FakeRegisters(HYPERCALLS.multicall.eid, 0, [ENTRIES, 4]);
  const r = dispatch(registry, vm, regs);
  t.deepEqual(regs.written, { error: 0, value: 4 });
  const results = (i: number) => vm.guestMemory.peekWords(ENTRIES + 40 * i + MULTICALL_ENTRY.offsets.results, 2).map((w) => w | 0);
  t.deepEqual(results(0), [0, 2]);
  t.deepEqual(results(1), [sbiError('INVALID_PARAM'), 0]);
  t.deepEqual(results(2), [sbiError('NOT_SUPPORTED'), 0]);
  t.deepEqual(results(3), [0, 0]);
  t.deepEqual(vm.events, ['flush 1000+2000']);
  t.deepEqual(formatTrace(r), [
    'multicall(entries=0x80004000, count=4) → 4',
    '  console_write(buf=0x80005000 "hi", len=2) → 2',
    '  bench_marker(event=0x00000007) → INVALID_PARAM: event: 0x00000007 is not a bench_event value',
    '  unknown(eid=0x0bad0000, fid=0x00000009) → NOT_SUPPORTED: no call at eid 0x0bad0000 fid 0x00000009',
    '  tlb_flush(va=0x00001000, size=0x00002000) → ok',
  ]);
});

test('a multicall inside a multicall is DENIED (no nesting)', (t) => {
  const vm = fakeVm();
  vm.guestMemory.pokeWords(ENTRIES, [...entry(HYPERCALLS.multicall.eid, 0, [ENTRIES, 1])]);
  const regs = new FakeRegisters(HYPERCALLS.multicall.eid, 0, [ENTRIES, 1]);
  const r = dispatch(registry, vm, regs);
  t.deepEqual(regs.written, { error: 0, value: 1 });
  t.deepEqual(vm.guestMemory.peekWords(ENTRIES + 32, 2).map((w) => w | 0), [sbiError('DENIED'), 0]);
  t.is(r.nested!.length, 1);
});

test('an empty batch is fine; a batch in unmapped memory is INVALID_ADDRESS', (t) => {
  const vm = fakeVm();
  const empty = new FakeRegisters(HYPERCALLS.multicall.eid, 0, [0, 0]);
  dispatch(registry, vm, empty);
  t.deepEqual(empty.written, { error: 0, value: 0 });
  const bad = new FakeRegisters(HYPERCALLS.multicall.eid, 0, [0x1000, 1]);
  dispatch(registry, vm, bad);
  t.is(bad.written!.error, sbiError('INVALID_ADDRESS'));
});
