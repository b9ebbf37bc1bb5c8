/** front/suggest.ts: "did you mean". */
import test from 'ava';
import { suggest } from '../../src/front/suggest.js';

test('the closest name within a small distance, preferring a prefix on ties', (t) => {
  t.is(suggest('addd', ['add', 'addi', 'and']), 'add');
  t.is(suggest('mstatuss', ['mstatus', 'sstatus']), 'mstatus');
  t.is(suggest('.wrod', ['.word', '.byte']), '.word');
  t.is(suggest('zzzzzz', ['add', 'sub']), undefined);
  t.is(suggest('x', []), undefined);
});
