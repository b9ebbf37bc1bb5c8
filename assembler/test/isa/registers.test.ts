/** Register names: every spelling GNU as accepts, and nothing else (its quick refusals included). */
import test from 'ava';
import { ABI_NAMES, registerName, registerNumber } from '../../src/isa/registers.js';

test('every ABI name, xN and fp name their register; other names, upper case and near misses do not', (t) => {
  ABI_NAMES.forEach((name, i) => {
    t.is(registerNumber(name), i, name);
    t.is(registerNumber(`x${i}`), i, `x${i}`);
    t.is(registerName(i), name);
  });
  t.is(registerNumber('fp'), 8);
  for (const other of ['', 'a', 'x', 'A0', 'X1', 'x32', 'x01', 'a8', 's12', 't7', 'zer', 'zeros', 'L12', '_start', 'table', 'sp ', 'ſp', 'é0', '.', 'fp0']) {
    t.is(registerNumber(other), undefined, JSON.stringify(other));
  }
});
