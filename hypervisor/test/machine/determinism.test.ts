/**
 * Virtual time makes runs exactly reproducible: the same program gives the
 * same output, instruction count and cycle count every time, timer
 * interrupts included — and the batch size the board happens to use does
 * not change them.
 */
import test from 'ava';
import { Machine, runBare } from '@pvlab/hypervisor';
import { buildProgram } from './_programs/build.js';

const built = new Map<string, Uint8Array>();
const elf = (name: string) => built.get(name) ?? (built.set(name, buildProgram(name)), built.get(name)!);

test('two runs of the interrupt program agree to the instruction', (t) => {
  const a = runBare(elf('interrupts'));
  const b = runBare(elf('interrupts'));
  t.is(a.stop, 'finisher');
  t.deepEqual([a.output, a.instructions, a.cycles], [b.output, b.instructions, b.cycles]);
});

test('running in small slices gives the same counts as one long run', (t) => {
  const whole = runBare(elf('interrupts'));
  let output = '';
  const m = new Machine({ output: (c) => (output += String.fromCharCode(c)) });
  m.loadElf(elf('interrupts'));
  let r = m.run(997);
  while (r.stop === 'budget') r = m.run(997);
  t.is(output, whole.output);
  t.is(m.hart.retired(), whole.instructions);
  t.is(m.hart.cycles(), whole.cycles);
});
