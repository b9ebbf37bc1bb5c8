/** front/source.ts: block comments, lines and statements. */
import test from 'ava';
import { lineReader, splitStatements, stripBlockComments, toLines } from '../../src/front/source.js';

test('splitStatements splits at ; and stops at #, but not inside strings or character constants', (t) => {
  t.deepEqual(splitStatements('addi a0, a0, 1; nop # c; d'), [{ text: 'addi a0, a0, 1', col: 0 }, { text: ' nop ', col: 15 }]);
  t.deepEqual(splitStatements('.ascii "a;b#c"; nop'), [{ text: '.ascii "a;b#c"', col: 0 }, { text: ' nop', col: 15 }]);
  t.deepEqual(splitStatements("li a0, '#'; li a1, ';"), [{ text: "li a0, '#'", col: 0 }, { text: " li a1, ';", col: 11 }]);
  t.deepEqual(splitStatements("li a0, '\\n'; nop"), [{ text: "li a0, '\\n'", col: 0 }, { text: ' nop', col: 12 }]);
  t.deepEqual(splitStatements('plain'), [{ text: 'plain', col: 0 }]);
});

test('stripBlockComments blanks comments, keeping line breaks and columns, and leaves strings alone', (t) => {
  t.is(stripBlockComments('a /* x\ny */ b'), 'a     \n     b');
  t.is(stripBlockComments('.ascii "/* no */"'), '.ascii "/* no */"');
  t.is(stripBlockComments('a /* x\ny */ b').split('\n').length, 2);
});

test('lineReader and toLines give the same numbered lines, without carriage returns', (t) => {
  const text = 'one\r\ntwo\n\nfour\n';
  const read = lineReader(text, 'f.s');
  const seen = [];
  for (let l = read(); l; l = read()) seen.push(l);
  t.deepEqual(seen, toLines(text, 'f.s'));
  t.deepEqual(seen.map((l) => [l.line, l.text]), [[1, 'one'], [2, 'two'], [3, ''], [4, 'four']]);
  t.is(seen[0].file, 'f.s');
});
