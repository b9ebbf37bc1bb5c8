import test from 'ava';
import { globMatch } from '../../src/link/index.js';

const cases: readonly (readonly [string, string, boolean])[] = [
  ['*', '.text', true],
  ['*', '', true],
  ['.text', '.text', true],
  ['.text', '.text.init', false],
  ['.text.*', '.text.init', true],
  ['.text.*', '.text', false],
  ['.text*', '.text', true],
  ['.sdata*', '.sdata2', true],
  ['*crt0.o', 'build/crt0.o', true],
  ['?.o', 'a.o', true],
  ['?.o', 'ab.o', false],
  ['.rodata.[a-c]', '.rodata.b', true],
  ['.rodata.[a-c]', '.rodata.d', false],
  ['.rodata.[!a-c]', '.rodata.d', true],
  ['.rodata.[^a-c]', '.rodata.a', false],
  ['.x[]]', '.x]', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'axb', false],
  ['[unterminated', '[unterminated', true],
  ['*.*.*', '.a.b', true],
  ['**a', 'bbba', true],
];

for (const [pattern, name, expected] of cases) {
  test(`glob ${pattern} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(name)}`, (t) => {
    t.is(globMatch(pattern, name), expected);
  });
}

test('many stars do not blow up', (t) => {
  t.false(globMatch('*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(40)));
});
