/**
 * A pointer passed again (same address, same count) reuses the buffer its
 * last call got only while every page still translates where it did: each
 * call is checked in full, and a handler never reads through a stale
 * translation or another VM's memory.
 */
import test from 'ava';
import { HYPERCALLS, createRegistry, defineHandler, dispatch, sbiError } from '@pvlab/hypercall-abi';
import { FakeGuestMemory, FakeRegisters, PAGE, fakeVm, type FakeVm } from '../_helpers/fake-vm.js';

const seen: { ptep: number; value: number }[][] = [];
const buffers: unknown[] = [];
const registry = createRegistry<FakeVm>({
  handlers: [
    defineHandler(HYPERCALLS.mmu_update, (_vm, { reqs, count }) => {
      buffers.push(reqs);
      seen.push(Array.from({ length: count }, (_, i) => ({ ...reqs.get(i) })));
      return count;
    }),
  ],
});

const VA = 0x4000_0ff8; // two requests: the first at the end of one page, the second at the start of the next

function call(vm: FakeVm, count = 2) {
  const c = HYPERCALLS.mmu_update;
  const regs = new FakeRegisters(c.eid, c.fid, [VA, count, 0]);
  dispatch(registry, vm, regs);
  return regs.written;
}

function vmAt(first: number, second: number): FakeVm {
  const m = new FakeGuestMemory(0x8000_0000, 0x10_0000).map(0x4000_0000, first, PAGE).map(0x4000_1000, second, PAGE);
  m.pokeWords(first + 0xff8, [0x8000_1000, 0x11]);
  m.pokeWords(second, [0x8000_2000, 0x22]);
  return fakeVm(m);
}

test('the same pointer again: the same buffer, the guest\'s bytes as they are now', (t) => {
  seen.length = buffers.length = 0;
  const vm = vmAt(0x8000_5000, 0x8000_9000);
  t.deepEqual(call(vm), { error: 0, value: 2 });
  vm.guestMemory.pokeWords(0x8000_9000, [0x8000_3000, 0x33]);
  t.deepEqual(call(vm), { error: 0, value: 2 });
  t.is(buffers[1], buffers[0], 'reused');
  t.deepEqual(seen[1], [{ ptep: 0x8000_1000, value: 0x11 }, { ptep: 0x8000_3000, value: 0x33 }]);
});

test('a page remapped between calls is read where it maps now', (t) => {
  seen.length = buffers.length = 0;
  const vm = vmAt(0x8000_5000, 0x8000_9000);
  call(vm);
  vm.guestMemory.map(0x4000_1000, 0x8000_a000, PAGE);
  vm.guestMemory.pokeWords(0x8000_a000, [0x8000_4000, 0x44]);
  t.deepEqual(call(vm), { error: 0, value: 2 });
  t.not(buffers[1], buffers[0]);
  t.deepEqual(seen[1][1], { ptep: 0x8000_4000, value: 0x44 });
});

test('a page unmapped between calls is refused, and the next VM with the same address gets its own memory', (t) => {
  seen.length = buffers.length = 0;
  const a = vmAt(0x8000_5000, 0x8000_9000);
  call(a);
  a.guestMemory.pages.delete(0x4000_1000 >>> 12);
  t.deepEqual(call(a), { error: sbiError('INVALID_ADDRESS'), value: 0 });
  const b = vmAt(0x8000_5000, 0x8000_9000); // same layout, another VM's memory
  b.guestMemory.pokeWords(0x8000_9000, [0x8000_7000, 0x77]);
  a.guestMemory.map(0x4000_1000, 0x8000_9000, PAGE);
  call(a);
  call(b);
  t.not(buffers[buffers.length - 1], buffers[buffers.length - 2]);
  t.deepEqual(seen[seen.length - 1][1], { ptep: 0x8000_7000, value: 0x77 });
  t.deepEqual([...a.guestMemory.violations, ...b.guestMemory.violations], []);
});

test('a different count is a different buffer', (t) => {
  seen.length = buffers.length = 0;
  const vm = vmAt(0x8000_5000, 0x8000_9000);
  call(vm, 2);
  call(vm, 1);
  t.not(buffers[1], buffers[0]);
  t.is(seen[1].length, 1);
});
