/** front/evaluate.ts: expressions over a context that knows some symbols. */
import test from 'ava';
import { isFailure } from '../../src/front/evaluate.js';
import { constants, evalText } from './_helpers/first-pass.js';

const ctx = constants({ four: 4, lab: { v: 8, base: '.text' }, other: { v: 2, base: '.data' } }, 12);

test('GNU as precedence: & binds tighter than +, << than +', (t) => {
  t.deepEqual(evalText('2 + 3 & 1', ctx), { v: 3 });
  t.deepEqual(evalText('0x10 >> 2 + 1', ctx), { v: 5 });
  t.deepEqual(evalText('(1 + 2) * four', ctx), { v: 12 });
  t.deepEqual(evalText('-four', ctx), { v: -4 });
});

test('a label plus a number stays relative; the difference of two labels of one base is absolute', (t) => {
  t.deepEqual(evalText('lab + 4', ctx), { v: 12, base: '.text' });
  t.deepEqual(evalText('. - lab', ctx), { v: 4 });
  t.deepEqual(evalText('.', ctx), { v: 12, base: '.text' });
});

test('failures: unknown symbols wait, bad operations are errors with a column', (t) => {
  const unknown = evalText('nowhere + 1', ctx);
  t.true(isFailure(unknown) && 'unknown' in unknown);
  const mixed = evalText('lab - other', ctx);
  t.true(isFailure(mixed) && 'unknown' in mixed, 'labels of two sections: known only once both are placed');
  const product = evalText('lab * 2', ctx);
  t.true(isFailure(product) && 'error' in product && /needs absolute values/.test(product.error));
  const neg = evalText('-lab', ctx);
  t.true(isFailure(neg) && 'error' in neg && /absolute/.test(neg.error));
  const reloc = evalText('%tprel_hi(x)', ctx);
  t.true(isFailure(reloc) && 'error' in reloc && /unknown relocation function '%tprel_hi'/.test(reloc.error));
  const div = evalText('1 / 0', ctx);
  t.true(isFailure(div) && 'error' in div && /division by zero/.test(div.error));
});

test('relocation functions go to the context', (t) => {
  t.deepEqual(evalText('%lo(0x12345fff)', ctx), { v: -1 });
});
