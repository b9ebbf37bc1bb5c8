/** front/symbols.ts: numeric local labels and temporary names. */
import test from 'ava';
import { isTemporaryName, LocalLabels, newSymbol } from '../../src/front/symbols.js';
import type { Expr } from '../../src/parse/ast.js';
import { expr } from './_helpers/first-pass.js';

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

test('LocalLabels.bind: 1b/1f inside an expression become the labels they mean now', (t) => {
  const l = new LocalLabels();
  const before = l.define(1);
  const e = expr('(1b + 1f) * -1b + %lo(1f) + x');
  const bound = l.bind(e);
  const after = l.define(1);
  const names: string[] = [];
  const walk = (x: Expr): void => {
    if (x.k === 'local') names.push(`local ${x.label}${x.dir}`);
    if (x.k === 'sym') names.push(x.name);
    if (x.k === 'unary' || x.k === 'reloc') walk(x.arg);
    if (x.k === 'binary') { walk(x.left); walk(x.right); }
    if (x.k === 'paren') walk(x.inner);
  };
  walk(bound);
  t.deepEqual(names, [before, after, before, after, 'x']);
  t.deepEqual(l.bind(expr('2b')), expr('2b'), 'an undefined backward label stays as written (an error later)');
});
