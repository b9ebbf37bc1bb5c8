/**
 * front/file-assembler.ts: one file's first pass — labels, sections and
 * subsections, the input stack, evaluation during the pass.
 */
import test from 'ava';
import type { DataFrag } from '../../src/front/sections.js';
import { firstPass, messages } from './_helpers/first-pass.js';

const bytesOf = (text: string, section = '.text', defsym: Record<string, number> = {}): string => {
  const s = firstPass(text, { defsym }).fa.sections.get(section)!;
  return s.frags.filter((f): f is DataFrag => f.k === 'data').map((f) => Buffer.from(f.bytes.subarray(0, f.size)).toString('hex')).join('');
};

test('labels point into fragments; defsym and .equ give constants; a duplicate label is an error', (t) => {
  const { fa, diags } = firstPass('a: nop\nb: nop\n.equ c, b - a\n.data\nd: .word c, K', { defsym: { K: 7 } });
  t.deepEqual(messages(diags), []);
  t.like(fa.symbols.get('b'), { kind: 'label' });
  t.is(fa.symbols.get('b')!.section!.name, '.text');
  t.is(fa.symbols.get('b')!.frag!.offset + fa.symbols.get('b')!.fragOffset, 4);
  t.deepEqual(fa.symbols.get('K')!.constant, 7);
  t.is(bytesOf('a: nop\nb: nop\n.equ c, b - a\n.data\nd: .word c, K', '.data', { K: 7 }), '0400000007000000');
  t.deepEqual(messages(firstPass('a: nop\na: nop').diags), ["2:1: symbol 'a' is already defined (first defined at t.s:1)"]);
});

test('subsections are concatenated in number order when the file ends', (t) => {
  t.is(bytesOf('.data 2\n.byte 3\n.data\n.byte 1\n.data 1\n.byte 2', '.data'), '010203');
  t.is(bytesOf('.data\n.byte 1\n.subsection 1\n.byte 3\n.subsection 0\n.byte 2', '.data'), '010203');
});

test('a code section ends padded with nops to its alignment', (t) => {
  const { fa } = firstPass('.p2align 4\nnop\nnop');
  t.is(fa.sections.get('.text')!.size, 16);
});

test('.include reads through the file system and reports cycles and missing files', (t) => {
  const files = { 'a.inc': '.byte 1\n.include "b.inc"', 'b.inc': '.byte 2', 'loop.inc': '.include "loop.inc"' };
  const ok = firstPass('.data\n.include "a.inc"\n.byte 3', { files });
  const d = ok.fa.sections.get('.data')!.frags[0] as DataFrag;
  t.is(Buffer.from(d.bytes.subarray(0, d.size)).toString('hex'), '010203');
  t.deepEqual(messages(firstPass('.include "loop.inc"', { files }).diags), ["1:10: include cycle: 'loop.inc' is already being read"]);
  t.regex(messages(firstPass('.include "none.inc"', { files }).diags)[0], /include file 'none.inc' not found/);
});

test('several statements per line, labels anywhere before the mnemonic, every error of a run', (t) => {
  t.is(bytesOf('a: b: nop; c: nop'), '1300000013000000');
  const { diags } = firstPass('addd a0, a0, 1\nnop\n.wrod 4\naddi a0, a0, 9999');
  t.deepEqual(messages(diags), [
    "1:1: unknown instruction 'addd' (did you mean 'add'?)",
    "3:1: unknown directive '.wrod' (did you mean '.word'?)",
    '4:14: immediate 9999 out of range for a 12-bit signed immediate (-2048..2047)',
  ]);
});

test('the line records map each instruction to its source line, a macro body to the call site', (t) => {
  const { fa } = firstPass('.macro two\nnop\nnop\n.endm\nnop\ntwo\nnop');
  t.deepEqual(fa.lineRecords.toArray().map((r) => [r.offset + r.frag.offset, r.line]), [[0, 5], [4, 6], [8, 6], [12, 7]]);
});
