/**
 * The hart against the single sources of truth: every instruction-table row
 * has semantics and an interpreter case, the emulator's decoder agrees with
 * the table, and CSR behaviour exists exactly for the CSRs the table marks
 * implemented.
 */
import test from 'ava';
import { INSTRUCTIONS, OPERANDS, encode, operandRange } from '@pvlab/assembler';
import { INTERPRETER_SOURCE, csrTableMismatches, missingSemantics } from '@pvlab/hypervisor';
import { DecodeCache, INSTRUCTION_ID } from '../../../src/machine/hart/decode-cache.js';
import { mulberry32 } from '../../../../assembler/test/_helpers/prng.js';

test('every instruction-table row has semantics and an interpreter case', (t) => {
  t.deepEqual(missingSemantics(), []);
  for (const spec of INSTRUCTIONS) t.true(INTERPRETER_SOURCE.includes(`case ${INSTRUCTION_ID.get(spec.name)}: { /* ${spec.name} */`), spec.name);
});

test("the emulator's decoder agrees with the table for every row, with random operands", (t) => {
  const dc = new DecodeCache();
  const rand = mulberry32(7);
  for (const spec of INSTRUCTIONS) {
    for (let k = 0; k < 50; k++) {
      const values = spec.operands.map((o) => {
        const { min, max } = operandRange(OPERANDS[o]);
        const v = min + Math.floor(rand() * (max - min + 1));
        return OPERANDS[o].shift ? v & ~1 : v;
      });
      const word = encode(spec, values);
      const i = dc.fill(0x80000000 + 4 * k, word);
      const f = dc.fields[i];
      t.is(f & 0xff, INSTRUCTION_ID.get(spec.name)!, spec.name);
      spec.operands.forEach((o, j) => {
        const v = values[j];
        if (o === 'rd') t.is((f >>> 8) & 63, v === 0 ? 32 : v);
        else if (o === 'rs1' || o === 'zimm') t.is((f >>> 14) & 31, v);
        else if (o === 'rs2') t.is((f >>> 19) & 31, v);
        else if (o === 'uimm20') t.is(dc.imm[i], (v << 12) | 0);
        else if (o !== 'pred' && o !== 'succ') t.is(dc.imm[i], v, `${spec.name} ${o}`);
      });
    }
  }
});

test('CSR behaviour exists exactly for the CSRs the table marks implemented', (t) => {
  t.deepEqual(csrTableMismatches(), []);
});
