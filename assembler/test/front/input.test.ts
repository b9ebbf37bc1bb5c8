/** front/input.ts: macro arguments, substitution, directive sniffing, array readers. */
import test from 'ava';
import { arrayReader, lineDirective, splitMacroArgs, substituteMacro } from '../../src/front/input.js';

test('splitMacroArgs: commas at paren depth 0, else blanks; quotes removed', (t) => {
  t.deepEqual(splitMacroArgs('a0, 4(sp), x+1'), ['a0', '4(sp)', 'x+1']);
  t.deepEqual(splitMacroArgs('a0 4(sp)  x'), ['a0', '4(sp)', 'x']);
  t.deepEqual(splitMacroArgs('f(a, b), c'), ['f(a, b)', 'c']);
  t.deepEqual(splitMacroArgs('"a, b", c'), ['a, b', 'c']);
  t.deepEqual(splitMacroArgs(', x'), ['', 'x']);
  t.deepEqual(splitMacroArgs(''), []);
});

test('substituteMacro replaces \\param, \\@ and \\(), and leaves unknown names', (t) => {
  const body = [{ text: 'addi \\rd, \\rd, \\imm\\()0 # \\@ \\other', file: 'm.s', line: 3 }];
  const out = substituteMacro(body, new Map([['rd', 'a0'], ['imm', '4']]), 7);
  t.deepEqual(out, [{ text: 'addi a0, a0, 40 # 7 \\other', file: 'm.s', line: 3 }]);
  t.is(body[0].text, 'addi \\rd, \\rd, \\imm\\()0 # \\@ \\other', 'the body is not modified');
});

test('lineDirective finds the directive after any labels, lower-cased', (t) => {
  t.is(lineDirective('  .ENDM'), '.endm');
  t.is(lineDirective('a: b: .rept 3'), '.rept');
  t.is(lineDirective('nop'), undefined);
  t.is(lineDirective('x: addi a0, a0, 1'), undefined);
});

test('arrayReader yields each line once, then undefined', (t) => {
  const lines = [{ text: 'a', file: 'f', line: 1 }, { text: 'b', file: 'f', line: 2 }];
  const next = arrayReader(lines);
  t.deepEqual([next(), next(), next(), next()], [lines[0], lines[1], undefined, undefined]);
});
