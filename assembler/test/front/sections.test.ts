/** front/sections.ts: default section flags, new sections and fragment growth. */
import test from 'ava';
import { defaultSectionFlags, newDataFrag, newSection, reserve } from '../../src/front/sections.js';

test('well-known names get GNU as\'s flags; unknown names are non-alloc PROGBITS', (t) => {
  t.deepEqual(defaultSectionFlags('.text.init'), { flags: { alloc: true, write: false, exec: true }, nobits: false });
  t.deepEqual(defaultSectionFlags('.sbss'), { flags: { alloc: true, write: true, exec: false }, nobits: true });
  t.deepEqual(defaultSectionFlags('.tbss.x'), { flags: { alloc: true, write: true, exec: false }, nobits: true });
  t.deepEqual(defaultSectionFlags('.srodata.cst4'), { flags: { alloc: true, write: false, exec: false }, nobits: false });
  t.deepEqual(defaultSectionFlags('.tohost'), { flags: { alloc: true, write: true, exec: false }, nobits: false });
  t.deepEqual(defaultSectionFlags('.comment'), { flags: { alloc: false, write: false, exec: false }, nobits: false });
  t.deepEqual(defaultSectionFlags('.mine'), { flags: { alloc: false, write: false, exec: false }, nobits: false });
  t.false(defaultSectionFlags('.textual').flags.exec, 'a prefix match needs the dot');
});

test('.text starts 4-byte aligned, every other section at 1', (t) => {
  t.is(newSection('.text', 'f.s').align, 4);
  t.is(newSection('.data', 'f.s').align, 1);
  t.like(newSection('.bss', 'f.s'), { nobits: true, size: 0, addr: 0 });
});

test('reserve grows a fragment and keeps its bytes', (t) => {
  const f = newDataFrag(4);
  f.bytes.set([1, 2, 3]);
  f.size = 3;
  reserve(f, 2);
  t.is(f.bytes.length, 8);
  reserve(f, 100);
  t.true(f.bytes.length >= 103);
  t.deepEqual([...f.bytes.subarray(0, 3)], [1, 2, 3]);
});
