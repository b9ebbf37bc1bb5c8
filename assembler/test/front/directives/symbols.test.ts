/** front/directives/symbols.ts: binding, type, size and assignment. */
import test from 'ava';
import { firstPass, messages } from '../_helpers/first-pass.js';

test('.globl/.global/.weak/.local set the binding; .type and .size describe the symbol', (t) => {
  const { fa, diags } = firstPass('.globl a\n.global b\n.weak c\n.local d\n.type a, @function\n.type b, %object\na: nop\nb: nop\nc: d:\n.size a, . - a');
  t.deepEqual(messages(diags), []);
  t.deepEqual(['a', 'b', 'c', 'd'].map((n) => fa.symbols.get(n)!.bind), ['global', 'global', 'weak', 'local']);
  t.deepEqual(['a', 'b'].map((n) => fa.symbols.get(n)!.type), ['func', 'object']);
  t.truthy(fa.symbols.get('a')!.size);
});

test('.set may change a symbol, .equiv may not; .equ is .set; `x = e` too', (t) => {
  const { fa, diags } = firstPass('.set x, 1\n.set x, 2\n.equ y, x + 1\nz = y * 2\n.equiv w, 3');
  t.deepEqual(messages(diags), []);
  t.deepEqual(['x', 'y', 'z', 'w'].map((n) => fa.symbols.get(n)!.constant), [2, 3, 6, 3]);
  t.deepEqual(messages(firstPass('.equiv w, 3\n.equiv w, 4').diags), ["2:8: symbol 'w' is already defined (first defined at t.s:1)"]);
});

test('errors: no name, an unknown type', (t) => {
  t.deepEqual(messages(firstPass('.globl').diags), ['1:7: .globl needs at least one symbol name']);
  t.regex(messages(firstPass('.type f, @banana').diags)[0], /unknown symbol type 'banana'/);
});
