/**
 * readElf: agrees with readelf on real files, and turns every kind of bad
 * input — wrong format, truncation, random bytes, mutations — into an
 * ElfError with a code, never another exception.
 */
import test from 'ava';
import { isElfError, readElf, SHT, writeElf, type ElfErrorCode } from '../../src/elf/index.js';
import { assemble, haveBinutils, REQUIRE_TOOLS, run, scratch, TOOLS } from './_helpers/reference-tools.js';
import { mulberry32 as rng } from '../_helpers/prng.js';

const SAMPLE = writeElf({
  entry: 0x80000000,
  sections: [
    { name: '.text', addr: 0x80000000, size: 8, align: 4, flags: { alloc: true, write: false, exec: true }, nobits: false, data: new Uint8Array([0x13, 0, 0, 0, 0x6f, 0, 0, 0]) },
    { name: '.bss', addr: 0x80000008, size: 8, align: 4, flags: { alloc: true, write: true, exec: false }, nobits: true, data: new Uint8Array(0) },
  ],
  symbols: [{ name: '_start', value: 0x80000000, size: 0, type: 'func', bind: 'global', section: '.text' }],
});

function codeOf(bytes: Uint8Array): ElfErrorCode | 'ok' | 'other' {
  try {
    readElf(bytes);
    return 'ok';
  } catch (e) {
    return isElfError(e) ? e.code : 'other';
  }
}

const patched = (at: number, values: number[]) => {
  const b = SAMPLE.slice();
  b.set(values, at);
  return b;
};

test('reads back what writeElf wrote', (t) => {
  const f = readElf(SAMPLE);
  t.is(f.header.entry, 0x80000000);
  t.deepEqual(f.sections.map((s) => [s.name, s.type]), [['', SHT.NULL], ['.text', SHT.PROGBITS], ['.bss', SHT.NOBITS], ['.symtab', SHT.SYMTAB], ['.strtab', SHT.STRTAB], ['.shstrtab', SHT.STRTAB]]);
  t.deepEqual([...f.sections[1].data], [0x13, 0, 0, 0, 0x6f, 0, 0, 0]);
  t.is(f.sections[2].data.length, 0);
  t.deepEqual(f.symbols.map((s) => s.name), ['', '_start']);
  t.is(f.segments.length, 1);
});

test('format errors have codes and hex messages', (t) => {
  const err = (bytes: Uint8Array) => t.throws(() => readElf(bytes));
  const e1 = err(new TextEncoder().encode('#!/bin/sh\n'));
  t.true(isElfError(e1));
  t.is(e1?.message, 'not an ELF file (bad magic)');
  t.is(codeOf(new Uint8Array(0)), 'not-elf');
  t.is(codeOf(patched(4, [2])), 'unsupported-class');
  t.is(err(patched(5, [2]))?.message, 'ELF data encoding 2 is not little-endian');
  t.is(err(patched(18, [62, 0]))?.message, 'machine 62 is not RISC-V (243)');
  t.is(codeOf(patched(46, [41, 0])), 'bad-header');
  t.is(err(patched(50, [99, 0]))?.message, 'section name table index 99 is out of range (6 sections)');
  t.is(err(SAMPLE.slice(0, 40))?.message, 'ELF header at 0x0 (0x34 bytes) runs past the end of the file (0x28 bytes)');
  t.is(codeOf(SAMPLE.slice(0, SAMPLE.length - 1)), 'truncated');
});

test('every truncation of a valid file is an ElfError (or still valid)', (t) => {
  for (let n = 0; n < SAMPLE.length; n++) {
    const c = codeOf(SAMPLE.slice(0, n));
    t.not(c, 'other', `length ${n}`);
  }
});


test('fuzz: random bytes and random mutations never crash the reader', (t) => {
  const rand = rng(0xe1f);
  const byte = () => Math.floor(rand() * 256);
  for (let i = 0; i < 1000; i++) {
    const random = Uint8Array.from({ length: Math.floor(rand() * 300) }, byte);
    if (rand() < 0.5) random.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1].slice(0, random.length));
    t.not(codeOf(random), 'other');
  }
  for (let i = 0; i < 3000; i++) {
    const b = SAMPLE.slice();
    const flips = 1 + Math.floor(rand() * 6);
    for (let k = 0; k < flips; k++) b[Math.floor(rand() * Math.min(b.length, rand() < 0.7 ? 0x80 : b.length))] = byte();
    t.not(codeOf(b), 'other', Buffer.from(b).toString('hex'));
  }
});

test('live: sections and symbols of a GNU as object match readelf', (t) => {
  if (!haveBinutils()) {
    if (REQUIRE_TOOLS) t.fail('binutils required');
    else t.pass('binutils missing: skipped');
    return;
  }
  const tmp = scratch();
  try {
    const obj = assemble(tmp.dir, 'x', '.text\n.globl f\nf: addi a0, a0, 1\nret\n.data\nv: .word 1\n.section .rodata.str,"aMS",@progbits,1\n.string "hi"\n.bss\n.skip 8\n');
    const f = readElf(tmp.read(obj));
    const re = run(TOOLS.readelf, ['-S', '-W', obj], tmp.dir).stdout;
    const rows = [...re.matchAll(/^\s*\[\s*(\d+)\]\s+(\S*)\s+\S+\s+([0-9a-f]{8}) ([0-9a-f]{6}) ([0-9a-f]{6})/gm)];
    t.true(rows.length > 5);
    for (const [, idx, name, addr, off, size] of rows) {
      const s = f.sections[Number(idx)];
      t.deepEqual([s.name, s.addr, s.offset, s.size], [name === '' ? '' : name, parseInt(addr, 16), parseInt(off, 16), parseInt(size, 16)]);
    }
    t.true(f.symbols.some((s) => s.name === 'f' && s.bind === 'global' && s.section === '.text'));
    t.is(f.header.type, 1);
  } finally {
    tmp.dispose();
  }
});

test('ELF64 objects (rv64) are rejected as unsupported-class', (t) => {
  if (!haveBinutils()) {
    t.pass('binutils missing: skipped');
    return;
  }
  const tmp = scratch();
  try {
    tmp.write('a.s', 'nop\n');
    run(TOOLS.as, ['-o', 'a.o', 'a.s'], tmp.dir);
    t.is(codeOf(tmp.read('a.o')), 'unsupported-class');
  } finally {
    tmp.dispose();
  }
});
