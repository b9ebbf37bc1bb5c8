/** emit/program.ts: the linked program's outputs, on one small program. */
import test from 'ava';
import { assemble } from '@pvlab/assembler';
import { readElf } from '../../src/elf/index.js';

const SOURCE = '.globl _start\n_start:\n\tli a0, 1\n\tj _start\n.data\nd: .word 0x11223344\n.bss\nb: .zero 8\n';
const build = (listing = false) => {
  const r = assemble([{ path: 'p.s', text: SOURCE }], { listing });
  if (!r.program) throw new Error(r.formatDiagnostics());
  return r.program;
};

test('read(): bytes at any address, zeros outside sections with contents', (t) => {
  const p = build();
  t.deepEqual([...p.read(0x80000008, 6)], [0x44, 0x33, 0x22, 0x11, 0, 0]);
  t.deepEqual([...p.read(0x7ffffffe, 3)], [0, 0, 0x13]);
});

test('binary(): from the lowest to the highest loaded byte, without .bss', (t) => {
  const bin = build().binary();
  t.is(bin.length, 12);
  t.deepEqual([...bin.subarray(8)], [0x44, 0x33, 0x22, 0x11]);
});

test('elf(): a readable executable with the entry, the sections and the symbols', (t) => {
  const elf = readElf(build().elf({ debug: false }));
  t.is(elf.header.entry, 0x80000000);
  t.deepEqual(elf.sections.filter((s) => s.addr !== 0).map((s) => [s.name, s.addr, s.size]), [['.text', 0x80000000, 8], ['.data', 0x80000008, 4], ['.bss', 0x8000000c, 8]]);
  t.true(elf.symbols.some((s) => s.name === 'd' && s.value === 0x80000008));
  t.false(readElf(build().elf({ debug: false })).sections.some((s) => s.name.startsWith('.debug')));
  t.true(readElf(build().elf()).sections.some((s) => s.name === '.debug_line'));
});

test('symbolMap(), lineMap and lineAt()', (t) => {
  const p = build();
  t.deepEqual(p.symbolMap().split('\n').filter(Boolean), [
    '80000000      0 notype global .text      _start',
    '80000008      0 notype local  .data      d',
    '8000000c      0 notype local  .bss       b',
    '80000014      0 notype global abs        _end',
  ]);
  t.deepEqual(p.lineMap.map((l) => [l.addr, l.line]), [[0x80000000, 3], [0x80000004, 4]]);
  t.like(p.lineAt(0x80000004), { file: 'p.s', line: 4 });
  t.is(p.lineAt(0x80000002), undefined);
});

test('listing(): address, bytes and source per statement, only when asked for', (t) => {
  t.throws(() => build().listing(), { message: /assemble with \{ listing: true \}/ });
  t.deepEqual(build(true).listing().split('\n').filter(Boolean), [
    '80000000  13051000          p.s:3\tli a0, 1',
    '80000004  6ff0dfff          p.s:4\tj _start',
    '80000008  44332211          p.s:6\td: .word 0x11223344',
    '8000000c  0000000000000000  p.s:8\tb: .zero 8',
  ]);
});
