/**
 * Handler types follow the schema. The `@ts-expect-error` lines are the
 * test: `tsc -p tsconfig.json` (npm run typecheck, part of npm test) fails
 * if any of them compiles, i.e. if a handler that disagrees with its schema
 * were accepted. The ava part runs the well-typed handlers.
 */
import test from 'ava';
import { HYPERCALLS, PVLAB_MMU, createRegistry, defineHandler, defineHandlers, dispatch, fail } from '@pvlab/hypercall-abi';
import { FakeRegisters, fakeVm, type FakeVm } from '../_helpers/fake-vm.js';

interface Vm extends FakeVm {
  readonly out: string[];
}

const good = [
  // buf is a readable byte buffer, len a number, and the context is the hypervisor's own type.
  defineHandler(HYPERCALLS.console_write, (vm: Vm, { buf, len }) => {
    vm.out.push(new TextDecoder().decode(buf.read()));
    return len;
  }),
  // A write-access buffer can be written; a u64 is a bigint; an enum a union of names.
  defineHandler(HYPERCALLS.console_read, (_vm: Vm, { buf }) => (buf.write(Uint8Array.of(0x41)), 1)),
  defineHandler(HYPERCALLS.set_timer, (vm: Vm, { stime_value }) => void vm.out.push(`t${stime_value + 1n}`)),
  defineHandler(HYPERCALLS.system_reset, (_vm: Vm, { reset_type }) => (reset_type === 'cold_reboot' ? fail('NOT_SUPPORTED') : undefined)),
];

// The extension-wide form types each handler by its call name.
defineHandlers(PVLAB_MMU, {
  mmu_update: (_vm: Vm, { reqs, count, flags }) => (flags.has('tlb_flush_all') ? reqs.get(0).ptep + count : 0),
  tlb_flush: (_vm: Vm, { va, size }) => void (va + size),
});

// @ts-expect-error a u32 result must be a number, not a string
defineHandler(HYPERCALLS.console_write, (_vm: Vm, { len }) => `${len}`);
// @ts-expect-error console_write has no argument `count`
defineHandler(HYPERCALLS.console_write, (_vm: Vm, { count }: { count: number }) => count);
// @ts-expect-error console_write's buffer is read-only for the hypervisor: no write()
defineHandler(HYPERCALLS.console_write, (_vm: Vm, { buf }) => (buf.write(new Uint8Array(1)), 1));
// @ts-expect-error console_read's buffer is write-only: no read()
defineHandler(HYPERCALLS.console_read, (_vm: Vm, { buf }) => buf.read().length);
// @ts-expect-error a u64 is a bigint, not a number
defineHandler(HYPERCALLS.set_timer, (_vm: Vm, { stime_value }: { stime_value: number }) => void stime_value);
// @ts-expect-error 'reboot' is not a reset_type
defineHandler(HYPERCALLS.system_reset, (_vm: Vm, { reset_type }) => (reset_type === 'reboot' ? undefined : undefined));
// @ts-expect-error system_reset has no result value
defineHandler(HYPERCALLS.system_reset, () => 1);
// @ts-expect-error DENIED is not an error system_reset declares
defineHandler(HYPERCALLS.system_reset, () => fail('DENIED'));
// @ts-expect-error a record's fields are numbers
defineHandler(HYPERCALLS.mmu_update, (_vm: Vm, { reqs }) => reqs.get(0).ptep.length);
defineHandlers(PVLAB_MMU, {
  // @ts-expect-error mmu has no call named mmu_flush
  mmu_flush: () => undefined,
});

test('well-typed handlers run with the context the hypervisor passes', (t) => {
  const vm: Vm = { ...fakeVm(), out: [] };
  vm.guestMemory.poke(0x8000_0100, 'typed');
  const registry = createRegistry<Vm>({ handlers: good });
  const regs = new FakeRegisters(HYPERCALLS.console_write.eid, 0, [5, 0x8000_0100, 0]);
  dispatch(registry, vm, regs);
  t.deepEqual(regs.written, { error: 0, value: 5 });
  t.deepEqual(vm.out, ['typed']);
});
