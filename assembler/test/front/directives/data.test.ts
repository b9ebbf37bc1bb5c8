/** front/directives/data.ts: integers, strings, space, fill, alignment (values checked against GNU as by the corpus). */
import test from 'ava';
import { firstPass, messages, sectionHex } from '../_helpers/first-pass.js';

const data = (text: string) => sectionHex(`.data\n${text}`, '.data');

test('integers: sizes, little-endian, negatives, lists, and a truncation warning', (t) => {
  t.is(data('.byte 1, -1\n.half 0x1234\n.word -2\n.dword 0x1122334455667788'), '01ff3412feffffff8877665544332211');
  t.is(data('.2byte 1\n.4byte 1\n.8byte 1\n.short 1\n.long 1\n.int 1\n.quad 1'), '0100010000000100000000000000010001000000010000000100000000000000');
  t.deepEqual(messages(firstPass('.data\n.byte 256').diags), ['2:7: value 0x100 truncated to 0x0']);
});

test('a value known only later is a fixup: zero bytes now', (t) => {
  const { fa } = firstPass('.data\n.word later\nlater:');
  const f = fa.sections.get('.data')!.frags[0];
  t.true(f.k === 'data' && f.fixups.length === 1 && f.fixups[0].kind === 'data32');
});

test('strings: escapes; .asciz and .string add a NUL', (t) => {
  t.is(data('.ascii "a\\n\\t\\\\\\"\\101\\x41"'), '610a095c224141');
  t.is(data('.asciz "ab", "c"'), '6162006300');
  t.is(data('.string ""'), '00');
  t.regex(messages(firstPass('.data\n.ascii 5').diags)[0], /takes strings in double quotes/);
});

test('.space/.skip/.zero with a fill byte; .fill repeat, size, value (at most 4 bytes of value)', (t) => {
  t.is(data('.space 3, 0xab\n.skip 1\n.zero 2'), 'ababab00' + '0000');
  t.is(data('.fill 2, 2, 0x1234'), '34123412');
  t.is(data('.fill 1, 8, 0x1122334455667788'), '8877665500000000');
  t.is(data('.fill 3'), '000000');
  t.deepEqual(messages(firstPass('.data\n.space -1').diags), ['2:8: .space count is negative (-1)']);
});

test('alignment: .align and .p2align are powers of two, .balign bytes; data pads with the fill byte', (t) => {
  t.is(data('.byte 1\n.p2align 2, 0xee\n.byte 2'), '01<align:3>02');
  const { fa } = firstPass('.data\n.byte 1\n.balign 8, 0xee\n.byte 2');
  t.is(fa.sections.get('.data')!.align, 8);
  t.deepEqual(messages(firstPass('.data\n.balign 3').diags), ['2:9: alignment 3 is not a power of 2']);
  t.is(firstPass('.data\n.byte 1\n.balign 8, 0, 2').fa.sections.get('.data')!.size, 1, 'max-skip 2 < 7: no padding');
});

test('in code, alignment of 4 or less is already met; larger pads with nops when the section ends', (t) => {
  t.is(firstPass('nop\n.p2align 2\nnop').fa.sections.get('.text')!.size, 8);
  t.is(firstPass('nop\n.p2align 3\nnop').fa.sections.get('.text')!.size, 16, 'nop, pad 4, nop, end padding to 8');
});
