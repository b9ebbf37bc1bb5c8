/** front/directives/sections.ts: section switching, flags and the section stack. */
import test from 'ava';
import { firstPass, messages } from '../_helpers/first-pass.js';

test('.section with flags and type makes the section so; a later different flag set is a warning', (t) => {
  const { fa, diags } = firstPass('.section .mine, "awx", @progbits\nnop\n.section .z, "aw", @nobits\n.section .mine, "a"');
  t.deepEqual(fa.sections.get('.mine')!.flags, { alloc: true, write: true, exec: true });
  t.true(fa.sections.get('.z')!.nobits);
  t.deepEqual(messages(diags), ['4:17: section .mine redefined with other flags; keeping the first']);
});

test('.pushsection/.popsection nest; .previous swaps back', (t) => {
  const { fa } = firstPass('.data\n.pushsection .a, "a"\n.pushsection .b, "a"\n.popsection\n.byte 1\n.popsection\n.byte 2\n.text\n.previous\n.byte 3');
  const size = (n: string) => fa.sections.get(n)!.frags.reduce((s, f) => s + f.size, 0);
  t.deepEqual([size('.a'), size('.b'), size('.data')], [1, 0, 2]);
});

test('errors: no name, bad flags, bad type, stack underflow', (t) => {
  t.deepEqual(messages(firstPass('.section').diags), ['1:9: .section needs a section name']);
  t.regex(messages(firstPass('.section .x, "q"').diags)[0], /unknown section flag 'q'/);
  t.regex(messages(firstPass('.section .x, "a", @bits').diags)[0], /unknown section type '@bits'/);
  t.deepEqual(messages(firstPass('.popsection').diags), ['1:1: .popsection without .pushsection']);
  t.deepEqual(messages(firstPass('.previous').diags), ['1:1: .previous with no previous section']);
});
