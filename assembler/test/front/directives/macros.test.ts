/** front/directives/macros.ts: macros (expandMacro), repeats and their errors. */
import test from 'ava';
import { firstPass, messages, sectionHex } from '../_helpers/first-pass.js';

const data = (text: string) => sectionHex(`.data\n${text}`, '.data');

test('arguments by position and by name, defaults, required and vararg parameters', (t) => {
  t.is(data('.macro b x, y=7\n.byte \\x, \\y\n.endm\nb 1\nb 2, 3\nb y=4, x=5'), '0107' + '0203' + '0504');
  t.is(data('.macro v first, rest:vararg\n.byte \\first\n.byte \\rest\n.endm\nv 1, 2, 3'), '010203');
  t.deepEqual(messages(firstPass('.macro m x:req\n.endm\nm').diags), ["3:1: missing value for required parameter 'x' of macro 'm'"]);
  t.regex(messages(firstPass('.macro m x\n.endm\nm 1, 2').diags)[0], /too many arguments to macro 'm' \(it takes 1\)/);
});

test('\\@ counts expansions; .exitm leaves early; .purgem forgets a macro', (t) => {
  t.is(data('.macro c\n.byte \\@\n.endm\nc\nc\nc'), '000102');
  t.is(data('.macro e\n.byte 1\n.exitm\n.byte 2\n.endm\ne'), '01');
  t.regex(messages(firstPass('.macro p\n.endm\n.purgem p\np').diags)[0], /unknown instruction 'p'/);
});

test('.rept, .irp and .irpc, nested', (t) => {
  t.is(data('.rept 3\n.byte 9\n.endr'), '090909');
  t.is(data('.irp r, 1, 2, 3\n.byte \\r\n.endr'), '010203');
  t.is(data('.irpc c, 123\n.byte \\c\n.endr'), '010203');
  t.is(data('.rept 2\n.irp x, 4, 5\n.byte \\x\n.endr\n.endr'), '04050405');
  t.is(data('.rept 0\n.byte 1\n.endr'), '');
});

test('a recursive macro stops at the nesting limit with an error', (t) => {
  t.regex(messages(firstPass('.macro r\nr\n.endm\nr').diags)[0], /macro expansion nested too deeply \(100 levels\)/);
  t.deepEqual(messages(firstPass('.macro m\nnop').diags), ['1:1: unterminated .macro: missing .endm']);
});
