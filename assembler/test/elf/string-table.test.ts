/** String tables: offsets, shared repeats, and names in UTF-8 (the ASCII path and the encoder's). */
import test from 'ava';
import { StringTable } from '../../src/elf/string-table.js';

test('a string table holds each name once, NUL-terminated, in UTF-8', (t) => {
  const names = ['', '_start', 'L1', 'σύμβολο', '_start', 'a\u{1F600}b', '.text'];
  const table = new StringTable();
  const offsets = names.map((n) => table.add(n));
  const expected: number[] = [0];
  const seen = new Map<string, number>([['', 0]]);
  for (const n of names) {
    if (seen.has(n)) continue;
    seen.set(n, expected.length);
    expected.push(...new TextEncoder().encode(n), 0);
  }
  t.deepEqual(offsets, names.map((n) => seen.get(n)));
  t.deepEqual([...table.bytes()], expected);
});
