/** front/symbols.ts: numeric local labels and temporary names. */
import test from 'ava';
import { isTemporaryName, LocalLabels, newSymbol } from '../../src/front/symbols.js';

test('LocalLabels: Nb is the latest N:, Nf the next one, and each definition is fresh', (t) => {
  const l = new LocalLabels();
  t.is(l.ref(1, 'b'), undefined, 'no 1: yet');
  const f = l.ref(1, 'f');
  const first = l.define(1);
  t.is<string | undefined, string | undefined>(first, f, '1f named the first 1:');
  t.is(l.ref(1, 'b'), first);
  const second = l.define(1);
  t.not(second, first);
  t.is(l.ref(1, 'b'), second);
  t.is<string | undefined, string | undefined>(l.define(2), l.ref(2, 'b'), 'labels are counted per number');
});

test('isTemporaryName: .L names and numeric local labels stay out of the symbol table', (t) => {
  t.true(isTemporaryName('.Lloop'));
  t.true(isTemporaryName(new LocalLabels().define(3)));
  t.false(isTemporaryName('loop'));
  t.false(isTemporaryName('_start'));
});

test('newSymbol starts undefined, local and untyped', (t) => {
  t.like(newSymbol('x'), { name: 'x', kind: 'undef', bind: 'local', type: 'notype', value: 0 });
});
