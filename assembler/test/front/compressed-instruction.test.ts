/** front/compressed-instruction.ts: c.* lines and automatic compression, through a recording Emitter. */
import test from 'ava';
import { assembleInstruction } from '../../src/front/instruction.js';
import { constants, operands, RecordingEmitter } from './_helpers/first-pass.js';

const RVC = 'rv32imac_zicsr_zifencei';
const run = (name: string, ops: string, march = RVC) => {
  const em = new RecordingEmitter(constants({ K: 4 }), march);
  assembleInstruction(name, ops ? operands(ops) : [], em, 0);
  return em;
};
const halves = (em: RecordingEmitter) => em.halves.map((h) => h.toString(16).padStart(4, '0'));

test('c.* mnemonics encode their operands', (t) => {
  t.deepEqual(halves(run('c.addi4spn', 's0, sp, 4')), ['0040']);
  t.deepEqual(halves(run('c.lw', 'a0, 124(s1)')), ['5ce8']);
  t.deepEqual(halves(run('c.lui', 'a0, 0xfffff')), ['757d']);
  t.deepEqual(halves(run('c.swsp', 'zero, K(sp)')), ['c202'], 'constants known now are fine');
  t.deepEqual(halves(run('c.nop', '')), ['0001']);
});

test('c.* operand errors: register class, range, alignment, reserved, another row\'s halfword, unknown values', (t) => {
  t.regex(run('c.lw', 't0, 4(a1)').errors[0], /the register must be one of x8..x15/);
  t.regex(run('c.lw', 's0, 3(s1)').errors[0], /immediate 3 is not 0..124, a multiple of 4/);
  t.regex(run('c.lui', 'a0, 32').errors[0], /is not 1..0x1f or 0xfffe0..0xfffff/);
  t.regex(run('c.addi4spn', 's0, sp, 0').errors[0], /reserved encoding/);
  t.regex(run('c.mv', 'a0, zero').errors[0], /that halfword is c.jr/);
  t.regex(run('c.li', 'a0, later').errors[0], /must be a constant known here/);
});

test('compressed branches and jumps become relaxable fragments, explicit or automatic', (t) => {
  t.deepEqual(run('c.beqz', 's0, there').branches, [{ name: 'beq', rs1: 8, rs2: 0, rvc: 'c.beqz' }]);
  t.deepEqual(run('bnez', 'a5, there').branches, [{ name: 'bne', rs1: 15, rs2: 0, rvc: 'c.bnez' }]);
  t.deepEqual(run('beqz', 't0, there').branches, [{ name: 'beq', rs1: 5, rs2: 0 }], 'a 32-bit branch: 4 or 8 bytes');
  t.deepEqual(run('j', 'there').jumps, [{ name: 'jal', rd: 0, rvc: 'c.j' }]);
  t.deepEqual(run('c.jal', 'there').jumps, [{ name: 'jal', rd: 1, rvc: 'c.jal' }]);
  t.deepEqual(run('jal', 'there').jumps, [], 'jal label stays 32-bit');
});

test('automatic compression needs C on; aliases compress by their own rules only', (t) => {
  t.deepEqual(halves(run('addi', 'a0, a0, 1')), ['0505']);
  t.deepEqual(halves(run('addi', 'a0, a0, 1', 'rv32ima_zicsr_zifencei')), []);
  t.deepEqual(halves(run('mv', 'a0, zero')), [], 'mv a0, zero: not c.li, although addi a0, zero, 0 would be');
  t.deepEqual(halves(run('sext.b', 's0, s0')), ['0462', '8461'], 'a GNU macro: each step compresses');
  t.deepEqual(halves(run('li', 'a0, 0x1001')), ['6505', '0505'], 'li\'s macro steps too');
  t.deepEqual(halves(run('li', 'zero, 0')), [], 'li zero, 0 is the addi alias: never compressed');
  t.deepEqual(halves(run('unimp', '')), ['0000']);
});

test('extensions the architecture lacks are refused, named as GNU names them', (t) => {
  t.regex(run('mul', 'a0, a0, a0', 'rv32i').errors[0], /'mul' needs extension 'm' or 'zmmul'/);
  t.regex(run('c.nop', '', 'rv32i').errors[0], /'c.nop' needs extension 'c'/);
  t.deepEqual(run('rdcycle', 'a0', 'rv32i').errors, [], 'GNU takes rdcycle as base I');
  t.regex(run('csrr', 'a0, mstatus', 'rv32i').errors[0], /needs extension 'zicsr'/);
});
