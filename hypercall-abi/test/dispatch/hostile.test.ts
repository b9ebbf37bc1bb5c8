/**
 * Hostile arguments: each is rejected with its SBI error before any handler
 * runs, and the dispatcher never asks the VM's memory for anything outside
 * its RAM.
 */
import test, { type ExecutionContext } from 'ava';
import { HYPERCALLS, createRegistry, defineHandler, dispatch, formatRecord, sbiError, type SbiErrorName } from '@pvlab/hypercall-abi';
import { FakeGuestMemory, FakeRegisters, PAGE, fakeVm, type FakeVm } from '../_helpers/fake-vm.js';

const ran: string[] = [];
const registry = createRegistry<FakeVm>({
  handlers: [
    defineHandler(HYPERCALLS.console_write, (_vm, { buf }) => (ran.push('console_write'), buf.read().length)),
    defineHandler(HYPERCALLS.console_read, (_vm, { buf }) => (ran.push('console_read'), buf.byteLength)),
    defineHandler(HYPERCALLS.mmu_update, (_vm, { count }) => (ran.push('mmu_update'), count)),
    defineHandler(HYPERCALLS.multicall, (_vm, { count }) => (ran.push('multicall'), count)),
    defineHandler(HYPERCALLS.tlb_flush, () => (ran.push('tlb_flush'), undefined)),
    defineHandler(HYPERCALLS.system_reset, () => (ran.push('system_reset'), undefined)),
    defineHandler(HYPERCALLS.bench_marker, () => (ran.push('bench_marker'), undefined)),
  ],
});

/** The VM: RAM 0x8000_0000..+1 MiB. A second VM's RAM would be at 0x8010_0000. */
function vmWith(setup: (m: FakeGuestMemory) => void): FakeVm {
  const m = new FakeGuestMemory(0x8000_0000, 0x10_0000);
  setup(m);
  return fakeVm(m);
}

function rejects(t: ExecutionContext, vm: FakeVm, name: keyof typeof HYPERCALLS, args: number[], error: SbiErrorName, fault: RegExp) {
  ran.length = 0;
  const c = HYPERCALLS[name];
  const regs = new FakeRegisters(c.eid, c.fid, args);
  const r = dispatch(registry, vm, regs);
  t.deepEqual(regs.written, { error: sbiError(error), value: 0 }, formatRecord(r));
  t.regex(r.fault ?? '', fault);
  t.deepEqual(ran, [], 'the handler must not run');
  t.false(r.handled);
  t.deepEqual(vm.guestMemory.violations, []);
}

test('a virtual pointer that maps into another VM\'s memory is INVALID_ADDRESS', (t) => {
  const vm = vmWith((m) => m.identity().map(0x4000_0000, 0x8010_0000, PAGE));
  rejects(t, vm, 'mmu_update', [0x4000_0000, 1, 0], 'INVALID_ADDRESS', /maps to 0x80100000, outside the VM's memory/);
  rejects(t, vm, 'multicall', [0x4000_0000, 1], 'INVALID_ADDRESS', /outside the VM's memory/);
});

test('a buffer whose second page maps into another VM is rejected as a whole', (t) => {
  const vm = vmWith((m) => m.map(0x4000_0000, 0x8000_5000, PAGE).map(0x4000_1000, 0x8010_0000, PAGE));
  rejects(t, vm, 'multicall', [0x4000_0ff8, 1], 'INVALID_ADDRESS', /0x40001000 maps to 0x80100000/);
});

test('a guest-physical (DBCN) buffer outside the VM, or with a non-zero high half, is INVALID_PARAM', (t) => {
  const vm = vmWith((m) => m.identity());
  rejects(t, vm, 'console_write', [16, 0x8010_0000, 0], 'INVALID_PARAM', /not inside the VM's memory/);
  rejects(t, vm, 'console_write', [16, 0x800f_fff8, 0], 'INVALID_PARAM', /not inside the VM's memory/);
  rejects(t, vm, 'console_write', [16, 0x8000_0000, 1], 'INVALID_PARAM', /above 4 GiB/);
  rejects(t, vm, 'console_write', [1, 0x7fff_ffff, 0], 'INVALID_PARAM', /not inside/);
});

test('ranges that wrap past 2^32 are rejected', (t) => {
  const vm = vmWith((m) => m.identity());
  rejects(t, vm, 'console_write', [0x20, 0xffff_fff0, 0], 'INVALID_PARAM', /wraps past 2\^32/);
  rejects(t, vm, 'mmu_update', [0xffff_fff8, 2, 0], 'INVALID_ADDRESS', /wraps past 2\^32/);
  rejects(t, vm, 'tlb_flush', [0xffff_f000, 0x2000], 'INVALID_PARAM', /va 0xfffff000 \+ size 0x00002000 wraps/);
});

test('unmapped pages are INVALID_ADDRESS, also when only a later page of the buffer is unmapped', (t) => {
  const vm = vmWith((m) => m.map(0x1_0000, 0x8000_0000, PAGE));
  rejects(t, vm, 'mmu_update', [0x2_0000, 1, 0], 'INVALID_ADDRESS', /page of 0x00020000 is unmapped or not readable/);
  rejects(t, vm, 'mmu_update', [0x1_0ff8, 2, 0], 'INVALID_ADDRESS', /page of 0x00011000 is unmapped/);
});

test('a read-only page where the hypervisor must write is INVALID_ADDRESS; a write-only need still checks read for readwrite', (t) => {
  const vm = vmWith((m) => m.map(0x1_0000, 0x8000_0000, PAGE, { w: false }).map(0x2_0000, 0x8000_1000, PAGE, { r: false }));
  rejects(t, vm, 'multicall', [0x1_0000, 1], 'INVALID_ADDRESS', /not writable/);
  rejects(t, vm, 'multicall', [0x2_0000, 1], 'INVALID_ADDRESS', /not readable/);
  // mmu_update only reads its requests: a read-only page is fine.
  ran.length = 0;
  const regs = new FakeRegisters(HYPERCALLS.mmu_update.eid, 0, [0x1_0000, 1, 0]);
  dispatch(registry, vm, regs);
  t.deepEqual(regs.written, { error: 0, value: 1 });
});

test('lengths larger than the VM are rejected without translating page after page', (t) => {
  const vm = vmWith((m) => m.identity());
  rejects(t, vm, 'console_write', [0x10_0001, 0x8000_0000, 0], 'INVALID_PARAM', /more than the VM's 1048576 bytes/);
  rejects(t, vm, 'multicall', [0x8000_0000, 0x0fff_ffff], 'INVALID_ADDRESS', /wraps|more than the VM/);
  rejects(t, vm, 'mmu_update', [0x8000_0000, 0x2_0001, 0], 'INVALID_ADDRESS', /more than the VM's/);
  t.is(vm.guestMemory.translations, 0);
});

test('misaligned record arrays are INVALID_PARAM', (t) => {
  const vm = vmWith((m) => m.identity());
  rejects(t, vm, 'mmu_update', [0x8000_0002, 1, 0], 'INVALID_PARAM', /not 4-byte aligned/);
  rejects(t, vm, 'multicall', [0x8000_0001, 1], 'INVALID_PARAM', /not 4-byte aligned/);
});

test('unknown enum values and unknown flag bits are INVALID_PARAM', (t) => {
  const vm = vmWith((m) => m.identity());
  rejects(t, vm, 'system_reset', [3, 0], 'INVALID_PARAM', /reset_type: 0x00000003 is not a reset_type value/);
  rejects(t, vm, 'system_reset', [0xf000_0000, 0], 'INVALID_PARAM', /reset_type/);
  rejects(t, vm, 'system_reset', [0, 2], 'INVALID_PARAM', /reset_reason/);
  rejects(t, vm, 'bench_marker', [2], 'INVALID_PARAM', /event: 0x00000002 is not a bench_event value/);
  rejects(t, vm, 'mmu_update', [0x8000_0000, 1, 4], 'INVALID_PARAM', /unknown mmu_flags bits 0x00000004/);
  rejects(t, vm, 'mmu_update', [0x8000_0000, 1, 0xffff_fffc, 0x1000], 'INVALID_PARAM', /unknown mmu_flags bits 0xfffffffc/);
});

test('a zero-length buffer needs no memory at all', (t) => {
  const vm = vmWith(() => {});
  ran.length = 0;
  const regs = new FakeRegisters(HYPERCALLS.console_write.eid, 0, [0, 0xdead_beef, 0]);
  dispatch(registry, vm, regs);
  t.deepEqual(regs.written, { error: 0, value: 0 });
  t.deepEqual(ran, ['console_write']);
});

test('a virtual buffer on non-contiguous physical pages reads in the guest\'s order', (t) => {
  const vm = vmWith((m) => m.map(0x4000_0000, 0x8000_7000, PAGE).map(0x4000_1000, 0x8000_2000, PAGE));
  const mem = vm.guestMemory;
  mem.pokeWords(0x8000_7ff8, [0x8000_0100, 0x11]);
  mem.pokeWords(0x8000_2000, [0x8000_0104, 0x22]);
  const seen: number[] = [];
  const reg = createRegistry<FakeVm>({ handlers: [defineHandler(HYPERCALLS.mmu_update, (_vm, { reqs }) => (seen.push(reqs.get(0).value, reqs.get(1).value), 2))] });
  const regs = new FakeRegisters(HYPERCALLS.mmu_update.eid, 0, [0x4000_0ff8, 2, 0]);
  dispatch(reg, vm, regs);
  t.deepEqual(regs.written, { error: 0, value: 2 });
  t.deepEqual(seen, [0x11, 0x22]);
  t.deepEqual(mem.violations, []);
});

test('a guest memory that throws (a hypervisor bug) is FAILED, not an exception', (t) => {
  const m = new FakeGuestMemory().identity();
  m.translate = () => { throw new Error('walker bug'); };
  const regs = new FakeRegisters(HYPERCALLS.mmu_update.eid, 0, [0x8000_0000, 1, 0]);
  const r = dispatch(registry, fakeVm(m), regs);
  t.is(regs.written!.error, sbiError('FAILED'));
  t.regex(r.fault!, /walker bug/);
});
