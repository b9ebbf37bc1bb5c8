/** front/directives/conditionals.ts: .if and its family, nesting, and skipped blocks. */
import test from 'ava';
import { firstPass, messages, sectionHex } from '../_helpers/first-pass.js';

const data = (text: string) => sectionHex(`.data\n${text}`, '.data');

test('.if/.elseif/.else take the first true branch', (t) => {
  t.is(data('.if 0\n.byte 1\n.elseif 1\n.byte 2\n.else\n.byte 3\n.endif'), '02');
  t.is(data('.if 0\n.byte 1\n.elseif 0\n.byte 2\n.else\n.byte 3\n.endif'), '03');
  t.is(data('.if 1\n.byte 1\n.elseif 1\n.byte 2\n.endif'), '01');
});

test('.ifdef/.ifndef/.ifeq/.ifne, and nesting inside a skipped block', (t) => {
  t.is(data('x = 1\n.ifdef x\n.byte 1\n.endif\n.ifndef y\n.byte 2\n.endif\n.ifeq x - 1\n.byte 3\n.endif\n.ifne x\n.byte 4\n.endif'), '01020304');
  t.is(data('.if 0\n.if 1\n.byte 1\n.else\n.byte 2\n.endif\n.bogus directive\n.endif\n.byte 3'), '03', 'nothing in a skipped block runs, not even errors');
});

test('unbalanced conditionals are errors', (t) => {
  t.deepEqual(messages(firstPass('.endif').diags), ['1:1: .endif without .if']);
  t.deepEqual(messages(firstPass('.if 1\n.else\n.else\n.endif').diags), ['3:1: duplicate .else']);
  t.deepEqual(messages(firstPass('.if 1\n.else\n.elseif 1\n.endif').diags), ['3:1: .elseif after .else']);
  t.deepEqual(messages(firstPass('.if 1').diags), ['1:1: unterminated .if: missing .endif']);
});
