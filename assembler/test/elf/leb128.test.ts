import test from 'ava';
import { readUleb128, sleb128, uleb128 } from '../../src/elf/index.js';

test('ULEB128 (DWARF 5 figure 22 examples)', (t) => {
  t.deepEqual(uleb128(2), [2]);
  t.deepEqual(uleb128(127), [127]);
  t.deepEqual(uleb128(128), [0x80, 1]);
  t.deepEqual(uleb128(129), [0x81, 1]);
  t.deepEqual(uleb128(130), [0x82, 1]);
  t.deepEqual(uleb128(12857), [0xb9, 100]);
  t.deepEqual(uleb128(0), [0]);
  t.deepEqual(uleb128(0xffffffff), [0xff, 0xff, 0xff, 0xff, 0x0f]);
});

test('SLEB128 (DWARF 5 figure 23 examples)', (t) => {
  t.deepEqual(sleb128(2), [2]);
  t.deepEqual(sleb128(-2), [0x7e]);
  t.deepEqual(sleb128(127), [0xff, 0]);
  t.deepEqual(sleb128(-127), [0x81, 0x7f]);
  t.deepEqual(sleb128(128), [0x80, 1]);
  t.deepEqual(sleb128(-128), [0x80, 0x7f]);
  t.deepEqual(sleb128(129), [0x81, 1]);
  t.deepEqual(sleb128(-129), [0xff, 0x7e]);
});

test('readUleb128 decodes and stops at the end', (t) => {
  t.deepEqual(readUleb128(new Uint8Array([0xb9, 100, 7]), 0), { value: 12857, next: 2 });
  t.is(readUleb128(new Uint8Array([0x80, 0x80]), 0), undefined);
});

test('LEB128 of 32-bit values (the fast path) is the BigInt encoding', (t) => {
  // A reference without shortcuts: 7 bits at a time, on BigInt.
  const ref = (value: number, signed: boolean): number[] => {
    const out: number[] = [];
    let v = BigInt(value);
    for (;;) {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      const done = signed ? (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0) : v === 0n;
      out.push(done ? byte : byte | 0x80);
      if (done) return out;
    }
  };
  const values = [0, 1, 63, 64, 127, 128, 8191, 8192, 16383, 16384, 0x7fffffff, 0x80000000, 2 ** 40];
  for (let k = 0; k < 31; k++) values.push(2 ** k - 1, 2 ** k, 2 ** k + 1);
  for (const v of values) {
    t.deepEqual(uleb128(v), ref(v, false), `uleb128(${v})`);
    t.deepEqual(sleb128(v), ref(v, true), `sleb128(${v})`);
    t.deepEqual(sleb128(-v), ref(-v, true), `sleb128(${-v})`);
  }
});
