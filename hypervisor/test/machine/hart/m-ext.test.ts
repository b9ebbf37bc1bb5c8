/** The M extension's corner cases (unprivileged specification §13, Table 11). */
import test from 'ava';
import { div, divu, mulh, mulhsu, mulhu, rem, remu } from '../../../src/machine/hart/m-ext.js';
import { mulberry32 } from '../../../../assembler/test/_helpers/prng.js';

const big = (x: number, signed: boolean) => (signed ? BigInt(x | 0) : BigInt(x >>> 0));
const hi = (p: bigint) => Number(BigInt.asIntN(32, p >> 32n));

test('high multiplies equal 64-bit products, on edges and random values', (t) => {
  const rand = mulberry32(3);
  const values = [0, 1, -1, 2, -2, 0x7fffffff, -0x80000000, 0xffff, 0x10000, 12345, -98765];
  for (let i = 0; i < 2000; i++) values.push((rand() * 2 ** 32) | 0);
  for (const a of values.slice(0, 60)) {
    for (const b of values) {
      t.is(mulh(a, b), hi(big(a, true) * big(b, true)));
      t.is(mulhu(a, b), hi(big(a, false) * big(b, false)));
      t.is(mulhsu(a, b), hi(big(a, true) * big(b, false)));
    }
  }
});

test('division by zero and overflow give the specified results', (t) => {
  t.is(div(7, 0), -1);
  t.is(divu(7, 0), -1);
  t.is(rem(7, 0), 7);
  t.is(remu(7, 0), 7);
  t.is(div(-0x80000000, -1), -0x80000000);
  t.is(rem(-0x80000000, -1), 0);
  t.is(div(-7, 2), -3);
  t.is(rem(-7, 2), -1);
  t.is(divu(-1, 2), 0x7fffffff);
  t.is(remu(-1, 2), 1);
});
