import test from 'ava';
import { INSTRUCTIONS, OPERANDS, decode, encode, operandRange, type OperandName } from '@pvlab/assembler';
import { mulberry32 as rng } from '../_helpers/prng.js';


function randomValue(name: OperandName, rand: () => number): number {
  const op = OPERANDS[name];
  const { min, max } = operandRange(op);
  const v = min + Math.floor(rand() * (max - min + 1));
  return op.shift ? v & ~((1 << op.shift) - 1) : v;
}

test('every table row round-trips encode → decode → encode with random operands', (t) => {
  const rand = rng(0x5eed);
  for (const spec of INSTRUCTIONS) {
    for (let i = 0; i < 200; i++) {
      const values = spec.operands.map((o) => randomValue(o, rand));
      const word = encode(spec, values);
      const d = decode(word);
      t.truthy(d, `${spec.name} ${values} → ${word.toString(16)} does not decode`);
      t.is(d!.spec.name, spec.name);
      t.deepEqual(d!.values, values);
      t.is(encode(d!.spec, d!.values), word);
    }
  }
});

test('table rows have distinct names and no row shadows another', (t) => {
  const names = new Set(INSTRUCTIONS.map((i) => i.name));
  t.is(names.size, INSTRUCTIONS.length);
  for (const spec of INSTRUCTIONS) t.is(decode(spec.match)?.spec.name, spec.name, `${spec.name}'s own match word decodes as itself`);
});

test('known encodings from the specification', (t) => {
  const enc = (name: string, ...v: number[]) => encode(INSTRUCTIONS.find((i) => i.name === name)!, v);
  t.is(enc('addi', 10, 0, 1), 0x00100513); // li a0, 1
  t.is(enc('ecall'), 0x00000073);
  t.is(enc('mret'), 0x30200073);
  t.is(enc('sfence.vma', 0, 0), 0x12000073);
  t.is(enc('fence', 0xf, 0xf), 0x0ff0000f);
  t.is(enc('fence.tso'), 0x8330000f);
  t.is(enc('lr.w.aqrl', 10, 11), 0x1605a52f);
  t.is(decode(0xffffffff), undefined);
});
