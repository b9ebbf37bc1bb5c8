/** front/directives/insn.ts: instructions by format and fields. */
import test from 'ava';
import { firstPass, messages, sectionHex } from '../_helpers/first-pass.js';

const word = (text: string) => sectionHex(text).slice(0, 8).match(/../g)!.reverse().join('');

test('each format places its fields where the base formats say (same words as the table rows)', (t) => {
  t.is(word('.insn r OP, 0, 0, a0, a1, a2'), '00c58533'); // add a0, a1, a2
  t.is(word('.insn r 0x33, 0, 0x20, a0, a1, a2'), '40c58533'); // sub
  t.is(word('.insn i OP_IMM, 0, a0, a1, -1'), 'fff58513'); // addi a0, a1, -1
  t.is(word('.insn i LOAD, 2, a0, 8(sp)'), '00812503'); // lw a0, 8(sp)
  t.is(word('.insn s STORE, 2, a0, 8(sp)'), '00a12423'); // sw a0, 8(sp)
  t.is(word('.insn u LUI, a0, 0x12345'), '12345537'); // lui
  t.is(word('.insn 0x00000013'), '00000013');
  t.is(word('.insn 4, 0x00100073'), '00100073');
});

test('branch and jump formats leave the target to the final pass', (t) => {
  const { fa } = firstPass('.insn b BRANCH, 0, a0, a1, later\n.insn j JAL, ra, later\nlater:');
  const f = fa.sections.get('.text')!.frags[0];
  t.true(f.k === 'data' && f.fixups.map((x) => x.kind).join() === 'bimm,jimm');
});

test('errors: no format, fields out of range, a value that is not a 32-bit instruction', (t) => {
  t.regex(messages(firstPass('.insn').diags)[0], /\.insn needs a format/);
  t.regex(messages(firstPass('.insn r 0x80, 0, 0, a0, a1, a2').diags)[0], /\.insn opcode 128 out of range \(0\.\.127\)/);
  t.regex(messages(firstPass('.insn 4, 0x0001').diags)[0], /conflicts with instruction length 4/);
  t.is(sectionHex('.insn 0x4505').slice(0, 4), '0545', 'a value with low bits other than 11 is a 2-byte instruction');
  t.regex(messages(firstPass('.insn i OP_IMM, 0, a0, a1').diags)[0], /invalid operands for \.insn i/);
});
