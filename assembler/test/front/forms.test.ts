/** front/forms.ts: syntax strings to slots, and operands matched against them. */
import test from 'ava';
import { asRegister, compileSyntax, matchSlots } from '../../src/front/forms.js';
import { expr, operands } from './_helpers/first-pass.js';

test('compileSyntax: registers, immediates, offset(base) and (base)', (t) => {
  t.deepEqual(compileSyntax('rd, imm12(rs1)'), [{ k: 'reg', name: 'rd' }, { k: 'mem', imm: 'imm12', reg: 'rs1' }]);
  t.deepEqual(compileSyntax('rd, rs2, (rs1)'), [{ k: 'reg', name: 'rd' }, { k: 'reg', name: 'rs2' }, { k: 'preg', reg: 'rs1' }]);
  t.deepEqual(compileSyntax('csr, zimm'), [{ k: 'imm', name: 'csr' }, { k: 'imm', name: 'zimm' }]);
  t.deepEqual(compileSyntax(''), []);
});

test('matchSlots binds registers by number and immediates as expressions', (t) => {
  const b = matchSlots(compileSyntax('rd, rs1, imm12'), operands('a0, x11, 4 + 1'))!;
  t.like(b, { rd: { reg: 10 }, rs1: { reg: 11 } });
  t.is((b.imm12 as { expr: { k: string } }).expr.k, 'binary');
  const m = matchSlots(compileSyntax('rd, imm12(rs1)'), operands('t0, -8(sp)'))!;
  t.like(m, { rd: { reg: 5 }, rs1: { reg: 2 } });
});

test('matchSlots refuses what does not fit: counts, a register for an immediate, an offset for (rs1)', (t) => {
  t.is(matchSlots(compileSyntax('rd, rs1'), operands('a0')), undefined);
  t.is(matchSlots(compileSyntax('rd, imm12'), operands('a0, a1')), undefined);
  t.is(matchSlots(compileSyntax('rd, rs1'), operands('a0, 4')), undefined);
  t.is(matchSlots(compileSyntax('rd, (rs1)'), operands('a0, 4(a1)')), undefined);
  t.truthy(matchSlots(compileSyntax('rd, (rs1)'), operands('a0, 0(a1)')), 'a zero offset is allowed');
  t.truthy(matchSlots(compileSyntax('rd, (rs1)'), operands('a0, (a1)')));
});

test('asRegister knows ABI names, xN and fp, not other symbols', (t) => {
  t.is(asRegister(expr('fp')), 8);
  t.is(asRegister(expr('x31')), 31);
  t.is(asRegister(expr('zero')), 0);
  t.is(asRegister(expr('x32')), undefined);
  t.is(asRegister(expr('label')), undefined);
});
