/** The dispatcher on good calls: registers in, handler, a0/a1 out, the record. */
import test from 'ava';
import { HYPERCALLS, SBI_DBCN, SBI_TIME, createRegistry, defineHandler, dispatch, formatRecord, registersOf, sbiError, type Handler } from '@pvlab/hypercall-abi';
import { FakeRegisters, fakeVm, type FakeVm } from '../_helpers/fake-vm.js';
import { testHandlers } from '../_helpers/handlers.js';

const registry = createRegistry<FakeVm>({ handlers: testHandlers });
const call = (vm: FakeVm, eid: number, fid: number, args: number[] = [], reg = registry) => {
  const regs = new FakeRegisters(eid, fid, args);
  const record = dispatch(reg, vm, regs);
  return { regs, record };
};

test('console_write reads the guest buffer, returns its length in a1, and traces as the issue shows', (t) => {
  const vm = fakeVm();
  vm.guestMemory.poke(0x8004_2000, 'hello\n');
  const { regs, record } = call(vm, SBI_DBCN.eid, 0, [6, 0x8004_2000, 0]);
  t.deepEqual(regs.written, { error: 0, value: 6 });
  t.is(new TextDecoder().decode(Uint8Array.from(vm.console)), 'hello\n');
  t.true(record.handled);
  t.is(formatRecord(record), 'console_write(buf=0x80042000 "hello\\n", len=6) → 6');
  t.deepEqual(vm.guestMemory.violations, []);
});

test('console_read writes into the buffer; the trace shows what was read', (t) => {
  const vm = fakeVm();
  const { regs, record } = call(vm, SBI_DBCN.eid, 1, [64, 0x8000_1000, 0]);
  t.deepEqual(regs.written, { error: 0, value: 3 });
  t.deepEqual([...vm.guestMemory.peek(0x8000_1000, 3)], [...new TextEncoder().encode('ls\n')]);
  t.is(formatRecord(record), 'console_read(buf=0x80001000 "ls\\n", len=64) → 3');
});

test('a u64 argument is assembled from its register pair, low half first', (t) => {
  const vm = fakeVm();
  const { regs, record } = call(vm, SBI_TIME.eid, 0, [0x89ab_cdef, 0x0123_4567]);
  t.deepEqual(regs.written, { error: 0, value: 0 });
  t.deepEqual(vm.events, ['timer 123456789abcdef']);
  t.is(formatRecord(record), 'set_timer(stime_value=0x123456789abcdef) → ok');
});

test('enums reach the handler as their names; a handler may return a declared error', (t) => {
  const vm = fakeVm();
  t.deepEqual(call(vm, HYPERCALLS.system_reset.eid, 0, [0, 1]).regs.written, { error: 0, value: 0 });
  t.deepEqual(vm.events, ['reset shutdown system_failure']);
  const { regs, record } = call(vm, HYPERCALLS.system_reset.eid, 0, [2, 0]);
  t.deepEqual(regs.written, { error: sbiError('NOT_SUPPORTED'), value: 0 });
  t.is(formatRecord(record), 'system_reset(reset_type=warm_reboot, reset_reason=no_reason) → NOT_SUPPORTED');
});

test('mmu_update reads the request records and the flags set; a partial failure reports how many were done', (t) => {
  const vm = fakeVm();
  vm.guestMemory.pokeWords(0x8000_3000, [0x8010_0000, 0x2000_04cf, 0x8010_0004, 0x2000_08cf, 0x8010_0009, 1]);
  const ok = call(vm, HYPERCALLS.mmu_update.eid, 0, [0x8000_3000, 2, 1]);
  t.deepEqual(ok.regs.written, { error: 0, value: 2 });
  t.deepEqual(vm.events, ['pte 80100000=200004cf', 'pte 80100004=200008cf', 'flush']);
  t.is(formatRecord(ok.record), 'mmu_update(reqs=0x80003000, count=2, flags=tlb_flush_all, va=0x00000000) → 2');
  vm.events.length = 0;
  const page = call(vm, HYPERCALLS.mmu_update.eid, 0, [0x8000_3000, 1, 2, 0x0001_3000]);
  t.deepEqual(page.regs.written, { error: 0, value: 1 });
  t.deepEqual(vm.events, ['pte 80100000=200004cf', 'flush page 13000'], 'the va reaches the handler with its flag');
  t.is(formatRecord(page.record), 'mmu_update(reqs=0x80003000, count=1, flags=tlb_flush_page, va=0x00013000) → 1');
  const partial = call(vm, HYPERCALLS.mmu_update.eid, 0, [0x8000_3000, 3, 0]);
  t.deepEqual(partial.regs.written, { error: sbiError('DENIED'), value: 2 });
  t.is(formatRecord(partial.record), 'mmu_update(reqs=0x80003000, count=3, flags=0, va=0x00000000) → DENIED (a1=2)');
});

test('an unknown EID or FID is NOT_SUPPORTED, and so is a known call with no handler', (t) => {
  const vm = fakeVm();
  const unknownEid = call(vm, 0x1234_5678, 0);
  t.deepEqual(unknownEid.regs.written, { error: sbiError('NOT_SUPPORTED'), value: 0 });
  t.is(formatRecord(unknownEid.record), 'unknown(eid=0x12345678, fid=0x00000000) → NOT_SUPPORTED: no call at eid 0x12345678 fid 0x00000000');
  t.is(call(vm, SBI_DBCN.eid, 3).regs.written!.error, sbiError('NOT_SUPPORTED'));
  const bare = createRegistry<FakeVm>();
  const r = call(vm, SBI_DBCN.eid, 0, [1, 0x8000_0000, 0], bare);
  t.is(r.regs.written!.error, sbiError('NOT_SUPPORTED'));
  t.false(r.record.handled);
});

const withHandler = (h: Handler<FakeVm>) => createRegistry<FakeVm>({ handlers: [h] });

test('a handler that throws becomes FAILED, never a host exception', (t) => {
  const reg = withHandler(defineHandler(HYPERCALLS.idle, () => { throw new Error('boom'); }));
  const { regs, record } = call(fakeVm(), HYPERCALLS.idle.eid, 0, [], reg);
  t.deepEqual(regs.written, { error: sbiError('FAILED'), value: 0 });
  t.is(record.fault, 'handler threw: boom');
});

test('a handler writing past its buffer fails the call (FAILED) without touching memory beyond it', (t) => {
  const vm = fakeVm();
  const reg = withHandler(defineHandler(HYPERCALLS.console_read, (_vm, { buf }) => (buf.write(new Uint8Array(5)), 5)));
  vm.guestMemory.poke(0x8000_2000, 'abcdefgh');
  const { regs } = call(vm, SBI_DBCN.eid, 1, [4, 0x8000_2000, 0], reg);
  t.is(regs.written!.error, sbiError('FAILED'));
  t.is(new TextDecoder().decode(vm.guestMemory.peek(0x8000_2000, 8)), 'abcdefgh');
});

test('results that disagree with the schema at run time (JavaScript handlers) are FAILED', (t) => {
  const cases: [Handler<FakeVm>, number, number, string][] = [
    [defineHandler(HYPERCALLS.spec_version, (() => 'x') as never), 0x10, 0, 'handler returned string, not a number'],
    [defineHandler(HYPERCALLS.idle, (() => 5) as never), HYPERCALLS.idle.eid, 0, 'handler of idle returned a value, but the call has none'],
    [defineHandler(HYPERCALLS.idle, (() => ({ error: 'DENIED' })) as never), HYPERCALLS.idle.eid, 0, 'handler returned DENIED, which idle does not declare'],
    [defineHandler(HYPERCALLS.idle, (() => ({ error: 'NOPE' })) as never), HYPERCALLS.idle.eid, 0, "handler returned a bad error 'NOPE'"],
    [defineHandler(HYPERCALLS.idle, (() => Promise.resolve()) as never), HYPERCALLS.idle.eid, 0, 'handler returned a Promise; handlers are synchronous'],
  ];
  for (const [h, eid, fid, fault] of cases) {
    const { regs, record } = call(fakeVm(), eid, fid, [], withHandler(h));
    t.is(regs.written!.error, sbiError('FAILED'), fault);
    t.is(record.fault, fault);
  }
});

test('registersOf reads a0..a7 from x10..x17 and writes a0/a1 only', (t) => {
  const x = Array.from({ length: 32 }, (_, i) => i);
  x[17] = HYPERCALLS.spec_version.eid;
  x[16] = 0;
  const record = dispatch(registry, fakeVm(), registersOf(x));
  t.is(record.value, 0x0200_0000);
  t.is(x[10], 0);
  t.is(x[11], 0x0200_0000);
  t.deepEqual(x.slice(12), Array.from({ length: 20 }, (_, i) => i + 12).map((v, i) => (i === 5 ? HYPERCALLS.spec_version.eid : i === 4 ? 0 : v)));
});

test('a u32 result 0xffffffff is a1 = -1 (32-bit two\'s complement) and prints unsigned in the trace', (t) => {
  const reg = withHandler(defineHandler(HYPERCALLS.spec_version, () => 0xffff_ffff));
  const { regs, record } = call(fakeVm(), 0x10, 0, [], reg);
  t.is(record.value, -1);
  t.deepEqual(regs.written, { error: 0, value: -1 });
  t.is(formatRecord(record), 'spec_version() → 0xffffffff');
});
