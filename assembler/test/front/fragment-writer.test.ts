/** front/fragment-writer.ts: sections, subsections, fragments and their provisional homes. */
import test from 'ava';
import { FragmentWriter } from '../../src/front/fragment-writer.js';
import { newSymbol } from '../../src/front/symbols.js';
import type { AlignFrag, DataFrag, Frag } from '../../src/front/sections.js';

const align = (alignment: number): AlignFrag => ({ k: 'align', alignment, fill: 0, fillSize: 1, maxSkip: Infinity, code: false, size: 0, offset: 0 });
const hex = (f: DataFrag): string => Buffer.from(f.bytes.subarray(0, f.size)).toString('hex');

test('sections are made on first use with the code alignment given; switching remembers the previous one', (t) => {
  const w = new FragmentWriter('a.s', 2);
  t.is(w.previous, undefined);
  w.switchSection('.text', 0);
  t.like(w.section, { name: '.text', file: 'a.s', align: 2 });
  t.is(new FragmentWriter('a.s', 4).getSection('.text').align, 4);
  t.is(w.getSection('.text'), w.section, 'one section per name');
  w.switchSection('.data', 1);
  t.is(w.section.name, '.data');
  t.is(w.subsection, 1);
  t.deepEqual(w.previous?.map((x) => (typeof x === 'number' ? x : x.name)), ['.text', 0]);
});

test('bytes and numbers go into the open data fragment, little-endian, wide values two\'s complement', (t) => {
  const w = new FragmentWriter('a.s', 4);
  w.switchSection('.data', 0);
  w.emitBytes([1, 2]);
  w.emitNumber(-2, 2);
  w.emitNumber(0x12345678, 4);
  w.emitNumber(0x123456789abcdef0n, 8);
  w.emitNumber(2 ** 53 + 2, 8);
  const d = w.data();
  t.is(hex(d), '0102feff78563412f0debc9a785634120200000000002000');
  t.is(w.here().frag, d);
  t.is(w.here().offset, 24);
  // More than the initial capacity: the fragment grows.
  w.emitBytes(new Uint8Array(200).fill(7));
  t.is(d.size, 224);
  t.is(d.bytes[223], 7);
});

test('a variable fragment closes the data fragment; homes count the variable fragments before them', (t) => {
  const w = new FragmentWriter('a.s', 4);
  w.switchSection('.text', 0);
  w.emitBytes([0, 0, 0, 0]);
  const first: Frag = w.data();
  t.deepEqual(first.home, { sub: 0, offset: 0, variable: 0 });
  const a: Frag = align(8);
  w.addFrag(a);
  t.deepEqual(a.home, { sub: 0, offset: 4, variable: 0 });
  t.deepEqual(w.provisionalEnd(), { offset: 4, variable: 1 }, 'the align counts at its smallest (0 bytes)');
  w.emitBytes([1]);
  const second: Frag = w.data();
  t.not(second, first);
  t.deepEqual(second.home, { sub: 0, offset: 4, variable: 1 });
  t.deepEqual(w.provisionalEnd(), { offset: 5, variable: 1 });
  t.deepEqual(w.section.subsections.get(0), [first, a, second]);
});

test('subsections keep their own fragment lists; switching back opens a new data fragment', (t) => {
  const w = new FragmentWriter('a.s', 4);
  w.switchSection('.text', 0);
  w.emitBytes([1]);
  w.switchSection('.text', 2);
  w.emitBytes([2, 2]);
  t.deepEqual(w.provisionalEnd(), { offset: 2, variable: 0 });
  w.switchSection('.text', 0);
  w.emitBytes([3]);
  const zero = w.section.subsections.get(0)!;
  t.is(zero.length, 2);
  t.deepEqual(zero.map((f) => hex(f as DataFrag)), ['01', '03']);
  t.deepEqual(zero[1].home, { sub: 0, offset: 1, variable: 0 });
  t.deepEqual(w.section.subsections.get(2)!.map((f) => hex(f as DataFrag)), ['0202']);
});

test('placeLabel makes a symbol a label at the next byte, dropping an earlier value', (t) => {
  const w = new FragmentWriter('a.s', 4);
  w.switchSection('.text', 0);
  w.emitBytes([1, 2, 3]);
  const s = newSymbol('x');
  s.kind = 'equ';
  s.constant = 5;
  w.placeLabel(s);
  t.like(s, { kind: 'label', fragOffset: 3, constant: undefined, expr: undefined });
  t.is(s.frag, w.data());
  t.is(s.section, w.section);
});
