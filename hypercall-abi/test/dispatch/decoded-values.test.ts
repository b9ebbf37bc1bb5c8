/**
 * What decoding hands a handler is made fast but stays safe: a flags
 * argument is one read-only set per value (shared by the calls that pass
 * that value, so no handler can change what another sees), a batch's
 * record is a copy of the guest's bytes, and a record's list of arguments,
 * made only when read, says what the guest passed.
 */
import test from 'ava';
import { HYPERCALLS, createRegistry, defineHandler, dispatch, formatRecord } from '@pvlab/hypercall-abi';
import { FakeRegisters, fakeVm, type FakeVm } from '../_helpers/fake-vm.js';

const REQS = 0x8000_3000;

test('a flags value is a read-only set, the same one for the same bits, with exactly the bits set', (t) => {
  const seen: ReadonlySet<string>[] = [];
  const tries: string[] = [];
  const registry = createRegistry<FakeVm>({
    handlers: [
      defineHandler(HYPERCALLS.mmu_update, (_vm: FakeVm, { flags }) => {
        seen.push(flags);
        for (const change of [() => (flags as Set<string>).add('tlb_flush_all'), () => (flags as Set<string>).delete('tlb_flush_page'), () => (flags as Set<string>).clear()]) {
          try {
            change();
            tries.push('changed');
          } catch (e) {
            tries.push((e as Error).message);
          }
        }
        return 0;
      }),
    ],
  });
  const vm = fakeVm();
  const run = (flags: number) => dispatch(registry, vm, new FakeRegisters(HYPERCALLS.mmu_update.eid, HYPERCALLS.mmu_update.fid, [REQS, 0, flags, 0]));
  for (const f of [2, 2, 1, 0]) t.is(run(f).errorName, 'SUCCESS');
  t.is(seen[0], seen[1], 'one set per value');
  t.deepEqual([...seen[0]], ['tlb_flush_page']);
  t.deepEqual([...seen[2]], ['tlb_flush_all']);
  t.deepEqual([...seen[3]], []);
  t.true(tries.every((m) => m === 'flags are read-only'), tries.join(', '));
  t.deepEqual([...seen[1]], ['tlb_flush_page'], 'nothing changed it');
});

test("a batch's record is a copy: changing it changes neither the guest's memory nor the next read", (t) => {
  const got: { ptep: number; value: number }[] = [];
  const registry = createRegistry<FakeVm>({
    handlers: [
      defineHandler(HYPERCALLS.mmu_update, (_vm: FakeVm, { reqs }) => {
        const r = reqs.get(0) as { ptep: number; value: number };
        got.push({ ...r });
        r.value = 0x1234;
        got.push({ ...(reqs.get(0) as { ptep: number; value: number }) });
        return 1;
      }),
    ],
  });
  const vm = fakeVm();
  vm.guestMemory.pokeWords(REQS, [0x8010_0000, 0x2000_04cf]);
  const record = dispatch(registry, vm, new FakeRegisters(HYPERCALLS.mmu_update.eid, HYPERCALLS.mmu_update.fid, [REQS, 1, 0, 0]));
  t.is(record.errorName, 'SUCCESS');
  t.deepEqual(got, [{ ptep: 0x8010_0000, value: 0x2000_04cf }, { ptep: 0x8010_0000, value: 0x2000_04cf }]);
  t.deepEqual(vm.guestMemory.peekWords(REQS, 2), [0x8010_0000, 0x2000_04cf]);
  t.deepEqual(Object.keys(got[0]), ['ptep', 'value'], 'fields in declaration order');
});

test("a record's arguments, read after the call, are the registers the guest passed (the words it passed are not kept)", (t) => {
  const registry = createRegistry<FakeVm>({ handlers: [defineHandler(HYPERCALLS.mmu_update, () => 0)] });
  const vm = fakeVm();
  const regs = new FakeRegisters(HYPERCALLS.mmu_update.eid, HYPERCALLS.mmu_update.fid, [REQS, 0, 1, 0x4000]);
  const record = dispatch(registry, vm, regs);
  regs.a.fill(0); // the hart's registers move on
  t.deepEqual(record.args.map((a) => [a.name, a.raw]), [['reqs', REQS], ['count', 0], ['flags', 1], ['va', 0x4000]]);
  t.is(record.args, record.args, 'made once');
  t.is(formatRecord(record), 'mmu_update(reqs=0x80003000, count=0, flags=tlb_flush_all, va=0x00004000) → 0');
});
