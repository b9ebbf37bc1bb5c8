/** front/pseudo.ts: the pseudo-instruction table is well formed. */
import test from 'ava';
import { INSTRUCTIONS } from '../../src/isa/index.js';
import { PSEUDOS } from '../../src/front/pseudo.js';
import { isMnemonic } from '../../src/front/instruction.js';
import { compileSyntax } from '../../src/front/forms.js';

test('every template step names a known mnemonic and uses only the row\'s own operands or literals', (t) => {
  for (const p of PSEUDOS) {
    const own = new Set(compileSyntax(p.syntax).flatMap((s) => (s.k === 'mem' ? [s.imm, s.reg] : s.k === 'preg' ? [s.reg] : s.k === 'fixed' ? [] : [s.name])));
    for (const step of p.expansion) {
      const name = step.split(' ')[0];
      t.true(isMnemonic(name), `${p.name}: '${name}'`);
      if (p.special) continue;
      for (const word of step.slice(name.length).match(/[a-z_][a-z0-9_]*/g) ?? []) {
        t.true(own.has(word) || /^(zero|ra|sp|t[0-6]|a[0-7]|cycle|time|instret|cycleh|timeh|instreth|iorw)$/.test(word), `${p.name} ${p.syntax}: '${word}'`);
      }
    }
  }
});

test('no pseudo row repeats an instruction row\'s own form, and no two rows share a form', (t) => {
  const forms = new Set(INSTRUCTIONS.map((i) => `${i.name} ${i.syntax}`));
  for (const p of PSEUDOS) {
    const key = `${p.name} ${p.syntax}`;
    t.false(forms.has(key), key);
    forms.add(key);
  }
});

test('every row documents itself', (t) => {
  t.deepEqual(PSEUDOS.filter((p) => p.doc.trim() === '').map((p) => p.name), []);
});
