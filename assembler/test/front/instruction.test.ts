/** front/instruction.ts: one statement to words, branches or errors, through a recording Emitter. */
import test from 'ava';
import { allMnemonics, assembleInstruction, checkRange, isMnemonic, UNSUPPORTED_MNEMONICS } from '../../src/front/instruction.js';
import { constants, expr, operands, RecordingEmitter } from './_helpers/first-pass.js';

const run = (name: string, ops: string, ctx = constants({ K: 100 })) => {
  const em = new RecordingEmitter(ctx);
  assembleInstruction(name, ops ? operands(ops) : [], em, 0);
  return em;
};
const words = (em: RecordingEmitter) => em.words.map((w) => w.word.toString(16).padStart(8, '0'));

test('a table instruction with constant operands is one finished word', (t) => {
  t.deepEqual(words(run('addi', 'a0, a1, K - 1')), ['06358513']);
  t.deepEqual(words(run('sw', 'a0, 8(sp)')), ['00a12423']);
  t.deepEqual(words(run('csrrw', 'zero, mstatus, a0')), ['30051073']);
});

test('an operand not known yet becomes a fixup of its operand kind', (t) => {
  const em = run('addi', 'a0, a0, later');
  t.deepEqual(em.words, [{ word: 0x00050513, fixups: [{ kind: 'imm12', col: 8 }] }]);
  t.deepEqual(run('jal', 'ra, far').words[0].fixups.map((f) => f.kind), ['jimm']);
});

test('a conditional branch becomes a branch fragment with its inverse', (t) => {
  t.deepEqual(run('blt', 'a0, a1, there').branches, [{ name: 'blt', rs1: 10, rs2: 11 }]);
  t.deepEqual(run('bgtz', 'a2, there').branches, [{ name: 'blt', rs1: 0, rs2: 12 }], 'a pseudo reaches the same path');
});

test('pseudo-instructions expand through the table: templates and li', (t) => {
  t.deepEqual(words(run('mv', 'a0, a1')), ['00058513']);
  t.deepEqual(words(run('sext.b', 'a0, a1')), ['01859513', '41855513']);
  t.deepEqual(words(run('li', 'a0, 0x12345fff')), ['12346537', 'fff50513']);
  t.deepEqual(words(run('li', 'a0, -2048')), ['80000513']);
  t.deepEqual(words(run('li', 'a0, 0x1000')), ['00001537'], 'no addi when the low 12 bits are zero');
});

test('errors: ranges, operand forms, registers', (t) => {
  t.deepEqual(run('addi', 'a0, a0, 2048').errors, ['8: immediate 2048 out of range for a 12-bit signed immediate (-2048..2047)']);
  t.regex(run('add', 'a0, a1').errors[0], /invalid operands for 'add': expected 'add rd, rs1, rs2' or 'add rd, rs1, imm12'/);
  t.regex(run('add', 'a0, a1, x40').errors[0], /bad register 'x40'/);
  t.regex(run('lw', 'a0, 4').errors[0], /needs a symbol, not a constant/);
  t.regex(run('li', 'a0, label').errors[0], /'li' needs a constant/);
});

test('checkRange reports out-of-range values and passes the rest', (t) => {
  const errors: string[] = [];
  const em = { error: (m: string) => void errors.push(m) };
  t.is(checkRange('shamt', 31, expr('31'), em), 31);
  t.is(checkRange('shamt', 32, expr('32'), em), undefined);
  t.is(checkRange('uimm20', 0xfffff, expr('0'), em), 0xfffff);
  t.deepEqual(errors, ['immediate 32 out of range for a shift amount (0..31)']);
});

test('the mnemonic list: table rows, pseudo rows, assembled extras; refused ones apart', (t) => {
  for (const m of ['add', 'li', 'uret', 'sbreak', 'sfence.vm']) t.true(isMnemonic(m), m);
  t.false(isMnemonic('la.tls.ie'));
  t.true(UNSUPPORTED_MNEMONICS.has('la.tls.ie'));
  t.true(allMnemonics().includes('zext.h'));
});
