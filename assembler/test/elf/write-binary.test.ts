import test from 'ava';
import { binaryRange, writeBinary, type ImageSection } from '../../src/elf/index.js';

const s = (name: string, addr: number, bytes: number[], opts: Partial<ImageSection> = {}): ImageSection => ({
  name, addr, size: bytes.length, align: 1, flags: { alloc: true, write: false, exec: false }, nobits: false, data: new Uint8Array(bytes), ...opts,
});

test('from the lowest loaded address to the end of the highest, gaps zero-filled', (t) => {
  const secs = [s('.b', 0x1006, [7, 8]), s('.a', 0x1000, [1, 2, 3])];
  t.deepEqual(binaryRange(secs), { start: 0x1000, end: 0x1008 });
  t.deepEqual([...writeBinary(secs)], [1, 2, 3, 0, 0, 0, 7, 8]);
});

test('.bss-like, non-allocated and empty sections contribute nothing', (t) => {
  const secs = [
    s('.text', 0x2000, [1, 2]),
    { ...s('.bss', 0x2002, []), size: 0x100, nobits: true },
    s('.comment', 0, [9, 9], { flags: { alloc: false, write: false, exec: false } }),
    s('.empty', 0x1000, []),
    { ...s('.tbss', 0x3000, []), size: 4, nobits: true },
  ];
  t.deepEqual(binaryRange(secs), { start: 0x2000, end: 0x2002 });
  t.deepEqual([...writeBinary(secs)], [1, 2]);
  t.is(writeBinary([]).length, 0);
  t.is(binaryRange([]), undefined);
});

test('short data is zero-padded to the section size', (t) => {
  t.deepEqual([...writeBinary([{ ...s('.d', 0, [5]), size: 3 }])], [5, 0, 0]);
});
