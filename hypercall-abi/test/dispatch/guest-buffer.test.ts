/** Guest buffers over several physical segments, and their bounds. */
import test from 'ava';
import { MULTICALL_ENTRY, bytes, words } from '@pvlab/hypercall-abi';
import { GuestBuffer } from '../../src/dispatch/guest-buffer.js';
import { FakeGuestMemory } from '../_helpers/fake-vm.js';

const memory = () => new FakeGuestMemory(0x8000_0000, 0x10000);

test('bytes read and write across segments in buffer order', (t) => {
  const m = memory();
  const b = new GuestBuffer(m, 0x4000_0ffe, 4, 4, [{ offset: 0, gpa: 0x8000_3ffe, length: 2 }, { offset: 2, gpa: 0x8000_1000, length: 2 }], bytes);
  b.write(Uint8Array.of(1, 2, 3, 4));
  t.deepEqual([...m.peek(0x8000_3ffe, 2)], [1, 2]);
  t.deepEqual([...m.peek(0x8000_1000, 2)], [3, 4]);
  t.deepEqual([...b.read(1, 2)], [2, 3]);
  t.deepEqual([...b.read()], [1, 2, 3, 4]);
});

test('reads and writes outside the buffer throw (the call then fails) and touch nothing', (t) => {
  const m = memory();
  const b = new GuestBuffer(m, 0x8000_0000, 4, 4, [{ offset: 0, gpa: 0x8000_0000, length: 4 }], bytes);
  t.throws(() => b.read(2, 3), { instanceOf: RangeError });
  t.throws(() => b.read(-1, 1), { instanceOf: RangeError });
  t.throws(() => b.write(new Uint8Array(5)), { instanceOf: RangeError });
  t.throws(() => b.write(new Uint8Array(1), 4), { instanceOf: RangeError });
  t.deepEqual([...m.peek(0x8000_0000, 8)], [0, 0, 0, 0, 0, 0, 0, 0]);
});

test('words and records: get, set of whole words and of record fields', (t) => {
  const m = memory();
  const w = new GuestBuffer(m, 0x8000_0100, 2, 8, [{ offset: 0, gpa: 0x8000_0100, length: 8 }], words);
  w.set(1, 0xdead_beef);
  t.is(w.get(1), 0xdead_beef);
  t.throws(() => w.get(2), { instanceOf: RangeError });
  const r = new GuestBuffer(m, 0x8000_0200, 1, 40, [{ offset: 0, gpa: 0x8000_0200, length: 40 }], MULTICALL_ENTRY);
  m.pokeWords(0x8000_0200, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  t.deepEqual(r.get(0), { eid: 1, fid: 2, args: [3, 4, 5, 6, 7, 8], results: [9, 10] });
  r.set(0, { results: [0xffff_fffe, 7] });
  t.deepEqual(m.peekWords(0x8000_0200, 10), [1, 2, 3, 4, 5, 6, 7, 8, 0xffff_fffe, 7]);
  t.throws(() => r.set(0, { results: [1] }), { message: "set: bad value for field 'results'" });
  t.throws(() => r.set(0, { nope: 1 } as never), { message: "set: record 'multicall_entry' has no field 'nope'" });
});
