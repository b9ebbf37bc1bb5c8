/**
 * disassembleWord and formatInstruction: the API, every table row, and
 * examples whose text was taken from objdump 2.40.
 */
import test from 'ava';
import { INSTRUCTIONS, instructionByName } from '../../src/isa/index.js';
import { AddressTracker, disassembleWord, formatInstruction } from '../../src/disasm/index.js';
import { rng, randomInstance } from './_helpers/random-words.js';

const raw = (word: number, pc = 0) => disassembleWord(word, pc, { aliases: false }).text;
const alias = (word: number, pc = 0) => disassembleWord(word, pc).text;

test('objdump -M no-aliases spellings', (t) => {
  t.is(raw(0x00100513), 'addi\ta0,zero,1');
  t.is(raw(0x00012503), 'lw\ta0,0(sp)');
  t.is(raw(0x12345537), 'lui\ta0,0x12345');
  t.is(raw(0x00351513), 'slli\ta0,a0,0x3');
  t.is(raw(0x30002573), 'csrrs\ta0,mstatus,zero');
  t.is(raw(0x7442d073), 'csrrwi\tzero,0x744,5');
  t.is(raw(0x0ff0000f), 'fence\tiorw,iorw');
  t.is(raw(0x0000000f), 'fence\tunknown,unknown');
  t.is(raw(0x1405a52f), 'lr.w.aq\ta0,(a1)');
  t.is(raw(0x00b50863, 0x8000_0008), 'beq\ta0,a1,0x80000018');
  t.is(raw(0xc0001073), 'unimp', 'binutils lists unimp as a real instruction');
  t.is(raw(0x02001013), 'slli\tzero,zero,0x20', 'objdump decodes RV64 shift amounts');
  t.is(raw(0x7b200073), 'dret');
});

test('objdump -d pseudo-instructions, including the quirks of 2.40', (t) => {
  t.is(alias(0x00100513), 'li\ta0,1');
  t.is(alias(0x00000013), 'nop');
  t.is(alias(0x00008067), 'ret');
  t.is(alias(0x00351513), 'sll\ta0,a0,0x3');
  t.is(alias(0x00450513), 'add\ta0,a0,4');
  t.is(alias(0x0ff57513), 'zext.b\ta0,a0');
  t.is(alias(0x30002573), 'csrr\ta0,mstatus');
  t.is(alias(0x7442d073), 'csrw\t0x744,5', 'csrrwi zero,… prints as csrw, not csrwi');
  t.is(alias(0x3402d573), 'csrrw\ta0,mscratch,5', 'csrrwi prints as csrrw');
  t.is(alias(0xc0002573), 'rdcycle\ta0');
  t.is(alias(0x0ff0000f), 'fence');
  t.is(alias(0x0140006f, 0x34), 'j\t0x48');
  t.is(alias(0xfd1ff0ef, 0x30), 'jal\t0x0');
});

test('branch targets and comments use the symbolizer', (t) => {
  const symbolize = (a: number) =>
    a < 0x8000_0000 ? undefined : a === 0x8000_0000 ? 'label' : `label+0x${(a - 0x8000_0000).toString(16)}`;
  const d = disassembleWord(0xfcb50ae3, 0x8000_002c, { aliases: false, symbolize });
  t.is(d.text, 'beq\ta0,a1,80000000 <label>');
  t.is(d.target, 0x8000_0000);
  t.is(disassembleWord(0x00b50863, 0x8000_0008, { symbolize }).text, 'beq\ta0,a1,80000018 <label+0x18>');
  t.is(disassembleWord(0x01002503, 0, { symbolize }).text, 'lw\ta0,16(zero) # 0x10', 'unnamed: as without symbols');
});

test('result fields', (t) => {
  const d = disassembleWord(0x01002503, 0);
  t.like(d, { mnemonic: 'lw', operands: 'a0,16(zero)', comment: '0x10', target: undefined, length: 4 });
  t.is(d.text, 'lw\ta0,16(zero) # 0x10');
  t.is(d.spec, instructionByName('lw'));
  const unknown = disassembleWord(0x0000000b, 0);
  t.like(unknown, { text: '.4byte\t0xb', mnemonic: '.4byte', operands: '0xb', spec: undefined, length: 4 });
  t.is(disassembleWord(0x7b200073, 0).spec, undefined, 'dret is outside pvlab\'s ISA');
  t.is(disassembleWord(0xffffffff, 0).text, '.4byte\t0xffffffff', 'a word pvlab fetches is always 4 bytes');
  t.is(disassembleWord(0x00000001, 0).text, '.4byte\t0x1');
});

test('lui/auipc values reach the next user of the register only through a tracker', (t) => {
  t.is(alias(0x00450513, 4), 'add\ta0,a0,4', 'stateless');
  const tracker = new AddressTracker();
  t.is(disassembleWord(0x80001537, 0, { tracker }).text, 'lui\ta0,0x80001');
  t.is(disassembleWord(0x00450513, 4, { tracker }).text, 'add\ta0,a0,4 # 0x80001004');
  t.is(disassembleWord(0x00450513, 8, { tracker }).text, 'add\ta0,a0,4', 'used up');
  t.is(disassembleWord(0x00001097, 0x10, { tracker, aliases: false }).text, 'auipc\tra,0x1');
  t.is(disassembleWord(0xff8080e7, 0x14, { tracker, aliases: false }).text, 'jalr\tra,-8(ra) # 0x1008');
  const gp = new AddressTracker(0x8000_1800);
  t.is(disassembleWord(0x0101a503, 0, { tracker: gp }).text, 'lw\ta0,16(gp) # 0x80001810');
  t.is(disassembleWord(0x0101a503, 0).text, 'lw\ta0,16(gp)', 'no gp known');
});

test('CSR names follow the privileged spec: 1.11 (what GNU as records) by default', (t) => {
  t.is(raw(0x30a02573), 'csrrs\ta0,0x30a,zero');
  t.is(disassembleWord(0x30a02573, 0, { aliases: false, privSpec: '1.12' }).text, 'csrrs\ta0,menvcfg,zero');
  t.is(disassembleWord(0x14302573, 0, { privSpec: '1.9.1' }).text, 'csrr\ta0,sbadaddr');
  t.is(disassembleWord(0x00002573, 0, { privSpec: '1.12' }).text, 'csrr\ta0,0x0', 'ustatus left with the N extension');
});

test('every INSTRUCTIONS row disassembles to itself', (t) => {
  const rand = rng(7);
  for (const spec of INSTRUCTIONS) {
    for (const word of [spec.match, ...Array.from({ length: 50 }, () => randomInstance(spec, {}, rand))]) {
      const d = disassembleWord(word, 0x8000_0000, { aliases: false });
      t.is(d.spec, spec, `${word.toString(16)} decodes as ${spec.name}`);
      if (d.mnemonic !== 'unimp') t.is(d.mnemonic, spec.name);
      t.true(disassembleWord(word, 0x8000_0000).text.length > 0);
    }
  }
});

test('formatInstruction prints a row with operand values', (t) => {
  t.is(formatInstruction(instructionByName('addi')!, [10, 0, 1], 0).text, 'li\ta0,1');
  t.is(formatInstruction(instructionByName('jal')!, [0, -8], 0x8000_0008, { aliases: false }).text, 'jal\tzero,0x80000000');
  t.is(formatInstruction(instructionByName('sw')!, [11, -4, 2], 0).text, 'sw\ta1,-4(sp)');
});

test('fast enough for per-instruction traces', (t) => {
  const rand = rng(3);
  const words = Array.from({ length: 50_000 }, () => randomInstance(INSTRUCTIONS[Math.floor(rand() * INSTRUCTIONS.length)], {}, rand));
  const start = performance.now();
  for (const [i, w] of words.entries()) disassembleWord(w, 0x8000_0000 + 4 * i);
  const perWord = ((performance.now() - start) * 1000) / words.length;
  t.log(`${perWord.toFixed(2)} µs per word`);
  t.true(perWord < 20, `${perWord} µs per word`);
});
