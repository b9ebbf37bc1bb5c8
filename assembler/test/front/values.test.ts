/** front/values.ts: 64-bit arithmetic with GNU as's rules. */
import test from 'ava';
import { add, binary, hi20, lo12, low32, norm, sub, toNumber, unary } from '../../src/front/values.js';

test('numbers stay numbers while exact; beyond 2^53 they become 64-bit bigints, wrapping', (t) => {
  t.is(add(1, 2), 3);
  t.is(typeof add(2 ** 53, 2 ** 53), 'bigint');
  t.is(add(0x7fffffffffffffffn, 1), -0x8000000000000000n);
  t.is(sub(0, 1), -1);
  t.is(norm(1n << 64n), 0);
});

test('comparisons give -1 for true, as GNU as does; >> is logical on 64 bits, / and % signed (checked with GNU as)', (t) => {
  t.is(binary('<', 1, 2), -1);
  t.is(binary('>', 1, 2), 0);
  t.is(binary('==', 5, 5), -1);
  t.is(binary('<<', 1, 40), 2 ** 40);
  t.is(binary('>>', -8, 1), 0x7ffffffffffffffcn);
  t.is(binary('/', -7, 2), -3);
  t.is(binary('%', -7, 2), -1);
  t.is(binary('/', 1, 0), undefined, 'division by zero has no value');
});

test('unary operators; toNumber and low32', (t) => {
  t.is(unary('-', 5), -5);
  t.is(unary('~', 0), -1);
  t.is(unary('!', 0), 1);
  t.is(toNumber(-1n), -1);
  t.is(low32(-1), 0xffffffff);
  t.is(low32(0x1_2345_6789n), 0x23456789);
});

test('hi20/lo12 split a value so that (hi20 << 12) + lo12 gives it back', (t) => {
  for (const x of [0, 0x7ff, 0x800, 0x12345fff, 0xfffff800, 0x80000000, 0xffffffff]) {
    t.is(((hi20(x) << 12) + lo12(x)) >>> 0, x >>> 0, x.toString(16));
  }
  t.is(hi20(0x800), 1);
  t.is(lo12(0x800), -2048);
});
