/**
 * front/compressions.ts: the rules, each applied to instructions directly.
 * (Every source form against GNU as: pseudo-differential.test.ts and the
 * differential corpus and random lines with C.)
 */
import test from 'ava';
import { COMPRESSIONS, applyRule, compressedForms, rulesFor } from '../../src/front/compressions.js';
import { isMnemonic } from '../../src/front/instruction.js';
import { INSTRUCTIONS, encodeCompressed } from '../../src/isa/index.js';
import { PSEUDOS } from '../../src/front/pseudo.js';

const spec = (n: string) => INSTRUCTIONS.find((i) => i.name === n)!;
/** The halfword the first applicable rule of a form gives, as hex, or undefined. */
function first(form: string, name: string, values: (number | undefined)[]): string | undefined {
  for (const r of rulesFor(form)) {
    const a = applyRule(r, spec(name), values);
    if (a && a.values.every((v) => v !== undefined)) return encodeCompressed(a.cspec, a.values as number[]).toString(16).padStart(4, '0');
    if (a) return a.cspec.name;
  }
  return undefined;
}

test('every rule names a form of the tables and a compressed row', (t) => {
  const forms = new Set([...INSTRUCTIONS.map((i) => (i.syntax ? `${i.name} ${i.syntax}` : i.name)), ...PSEUDOS.map((p) => (p.syntax ? `${p.name} ${p.syntax}` : p.name))]);
  t.deepEqual(compressedForms().filter((f) => !forms.has(f)), []);
  for (const r of COMPRESSIONS) t.true(isMnemonic(r.to), r.to);
});

test('addi: c.addi4spn, c.addi (not for 0: c.mv then), c.nop, c.addi16sp, c.li, c.mv, in that order', (t) => {
  const f = 'addi rd, rs1, imm12';
  t.is(first(f, 'addi', [8, 2, 4]), '0040', 'addi s0, sp, 4 → c.addi4spn');
  t.is(first(f, 'addi', [10, 10, 5]), '0515', 'c.addi a0, 5');
  t.is(first(f, 'addi', [10, 10, 0]), '852a', 'addi a0, a0, 0 → c.mv a0, a0 (c.addi a0, 0 would be a HINT)');
  t.is(first(f, 'addi', [0, 0, 0]), '0001', 'c.nop');
  t.is(first(f, 'addi', [0, 0, 5]), undefined, 'addi zero, zero, 5: a HINT GNU does not write');
  t.is(first(f, 'addi', [2, 2, 16]), '0141', 'c.addi sp, 16 before c.addi16sp');
  t.is(first(f, 'addi', [2, 2, -512]), '7101', 'c.addi16sp');
  t.is(first(f, 'addi', [10, 0, -32]), '5501', 'c.li');
  t.is(first(f, 'addi', [10, 11, 0]), '852e', 'c.mv a0, a1');
  t.is(first(f, 'addi', [10, 0, 0]), '4501', 'addi a0, zero, 0 → c.li a0, 0');
});

test('add: c.add both ways round, c.mv from zero; the immediate form allows c.addi 0', (t) => {
  t.is(first('add rd, rs1, rs2', 'add', [10, 10, 11]), '952e');
  t.is(first('add rd, rs1, rs2', 'add', [10, 11, 10]), '952e', 'commuted');
  t.is(first('add rd, rs1, rs2', 'add', [10, 0, 11]), '852e', 'c.mv');
  t.is(first('add rd, rs1, rs2', 'add', [10, 11, 0]), undefined);
  t.is(first('add rd, rs1, imm12', 'addi', [10, 10, 0]), '0501', 'add a0, a0, 0 → c.addi a0, 0');
});

test('registers outside x8..x15, ranges and halfwords of other rows are refused', (t) => {
  t.is(first('lw rd, imm12(rs1)', 'lw', [5, 4, 9]), undefined, 'lw t0, 4(s1)');
  t.is(first('lw rd, imm12(rs1)', 'lw', [0, 0, 2]), undefined, 'c.lwsp zero is reserved');
  t.is(first('sw rs2, simm12(rs1)', 'sw', [0, 4, 2]), 'c202', 'c.swsp zero, 4(sp) is fine');
  t.is(first('lui rd, uimm20', 'lui', [2, 1]), undefined, 'c.lui sp is c.addi16sp\'s encoding');
  t.is(first('jalr rs1', 'jalr', [1, 0, 0]), undefined, 'c.jalr zero is c.ebreak');
  t.is(first('slli rd, rs1, shamt', 'slli', [10, 10, 0]), undefined, 'no shift by zero');
  t.is(first('sub rd, rs1, rs2', 'sub', [8, 9, 8]), undefined, 'sub does not commute');
});

test('branches and jumps keep their target for later: the rule only says which compressed form', (t) => {
  t.is(first('beqz rs1, bimm', 'beq', [8, 0, undefined]), 'c.beqz');
  t.is(first('beq rs1, rs2, bimm', 'beq', [8, 0, undefined]), 'c.beqz');
  t.is(first('beq rs1, rs2, bimm', 'beq', [0, 8, undefined]), undefined, 'beq zero, s0: no rule swaps');
  t.is(first('beqz rs1, bimm', 'beq', [5, 0, undefined]), undefined, 't0 is not x8..x15');
  t.is(first('j jimm', 'jal', [0, undefined]), 'c.j');
  t.deepEqual(rulesFor('jal jimm'), [], 'GNU never compresses `jal label`');
  t.deepEqual(rulesFor('jalr rd, imm12(rs1)'), [], 'nor `jalr ra, 0(a0)`');
});
