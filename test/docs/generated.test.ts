/** Generated documentation is kept current: a stale committed copy fails. */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { assemblerReference } from '@pvlab/assembler';

test('docs/reference/assembler.md is generated from the current tables (npm run docs)', (t) => {
  t.is(readFileSync(new URL('../../docs/reference/assembler.md', import.meta.url), 'utf8'), assemblerReference());
});

test('every instruction, pseudo-instruction, directive and CSR row is documented', async (t) => {
  const { INSTRUCTIONS, PSEUDOS, CSRS, DIRECTIVES } = await import('@pvlab/assembler');
  const page = assemblerReference();
  for (const i of INSTRUCTIONS) t.true(i.doc.length > 0 && page.includes(`| \`${i.name}\` |`), i.name);
  for (const p of PSEUDOS) t.true(p.doc.length > 0, p.name);
  for (const d of DIRECTIVES.keys()) t.true(page.includes(`\`${d}\``), d);
  for (const c of CSRS) t.true(page.includes(`\`${c.name}\``), c.name);
});
