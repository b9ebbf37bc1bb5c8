/**
 * The trapped-instruction decoder: every row a trapped exit can carry is
 * decoded through the instruction and operand tables, with the fields the
 * emulations read; unknown words are undefined; the cache is bounded.
 */
import test from 'ava';
import { COMPRESSED, INSTRUCTIONS, compressedByName, encode, encodeCompressed, instructionByName } from '@pvlab/assembler';
import { DECODE_CACHE_LIMIT, decodeCacheSize, decodeTrapped } from '../../../src/vmm/trap/decode.js';

test('every CSR and privileged instruction decodes to its row, with rd, rs1, csr and zimm', (t) => {
  const rows = INSTRUCTIONS.filter((s) => s.ext === 'Zicsr' || s.ext === 'Priv');
  t.true(rows.length >= 10);
  for (const spec of rows) {
    const values = spec.operands.map((o) => (o === 'csr' ? 0x141 : o === 'zimm' ? 17 : o === 'rd' ? 11 : o === 'rs1' ? 13 : o === 'rs2' ? 0 : 0));
    const d = decodeTrapped(encode(spec, values));
    t.is(d?.name, spec.name);
    if (spec.operands.includes('rd')) t.is(d!.rd, 11, spec.name);
    if (spec.operands.includes('csr')) t.is(d!.csr, 0x141, spec.name);
    if (spec.operands.includes('zimm')) t.is(d!.zimm, 17, spec.name);
    if (spec.operands.includes('rs1')) t.is(d!.rs1, 13, spec.name);
  }
});

test('loads and stores decode with the registers device emulation needs', (t) => {
  const sw = decodeTrapped(encode(instructionByName('sw')!, [7, -4, 9]));
  t.like(sw, { name: 'sw', rs2: 7, rs1: 9 });
  const lbu = decodeTrapped(encode(instructionByName('lbu')!, [5, 3, 6]));
  t.like(lbu, { name: 'lbu', rd: 5, rs1: 6 });
});

test('a word no row matches is undefined', (t) => {
  t.is(decodeTrapped(0), undefined);
  t.is(decodeTrapped(0xffff_ffff), undefined);
});

test('the cache never holds more than its limit, however many distinct words a guest traps', (t) => {
  for (let i = 0; i < 3 * DECODE_CACHE_LIMIT; i++) decodeTrapped((0x0000_0073 | (i << 20)) >>> 0); // csr-space words
  t.true(decodeCacheSize() <= DECODE_CACHE_LIMIT);
  t.is(decodeTrapped(encode(instructionByName('csrrw')!, [1, 0x140, 2]))?.name, 'csrrw', 'still decodes past the limit');
});

test('with the C extension, a compressed load or store decodes as its expansion, 2 bytes long; without it, to nothing', (t) => {
  const cLw = encodeCompressed(compressedByName('c.lw')!, [9, 4, 8]); // c.lw s1, 4(s0)
  t.like(decodeTrapped(cLw, true), { name: 'lw', rd: 9, rs1: 8, length: 2 });
  const cSwsp = encodeCompressed(compressedByName('c.swsp')!, [10, 8]); // c.swsp a0, 8(sp)
  t.like(decodeTrapped(cSwsp, true), { name: 'sw', rs2: 10, rs1: 2, length: 2 });
  t.is(decodeTrapped(cLw, false), undefined, 'a 16-bit parcel on a hart without C');
  t.is(decodeTrapped(0, true), undefined, 'c.unimp');
  t.like(decodeTrapped(encode(instructionByName('lw')!, [5, 8, 6]), true), { name: 'lw', length: 4 });
});

test('no privileged or CSR instruction has a compressed form: only c.ebreak (a breakpoint, reflected) comes near', (t) => {
  const privileged = COMPRESSED.filter((c) => c.expansion && ['Zicsr', 'Priv'].includes(c.expansion.base.ext)).map((c) => c.name);
  t.deepEqual(privileged, []);
  t.is(compressedByName('c.ebreak')?.expansion?.base.name, 'ebreak');
});
