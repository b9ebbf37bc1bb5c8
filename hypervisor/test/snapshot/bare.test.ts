/**
 * A bare-board run snapshotted at instruction N and restored continues
 * exactly as the run that was never stopped: the same output, instruction
 * and cycle counts and traps, for every N tried — timer interrupts and
 * device I/O included.
 */
import test from 'ava';
import { Machine, runBare } from '@pvlab/hypervisor';
import { captureBare, restoreBare } from '../../src/snapshot/index.js';
import { buildProgram } from '../machine/_programs/build.js';

const PROGRAMS = ['interrupts', 'sv32', 'atomics', 'traps'];

for (const name of PROGRAMS) {
  test(`${name}: snapshot at N, restore, continue = the whole run`, (t) => {
    const elf = buildProgram(name);
    const whole = runBare(elf);
    t.true(whole.instructions > 100);
    for (const n of [1, 7, Math.floor(whole.instructions / 3), Math.floor(whole.instructions / 2) + 1, whole.instructions - 1]) {
      let out = '';
      const m = new Machine({ output: (c) => (out += String.fromCharCode(c)) });
      m.loadElf(elf);
      const first = m.run(n);
      t.is(first.stop, 'budget');
      t.is(m.hart.retired(), n);
      const bytes = captureBare(m, [{ how: 'elf', bytes: elf }], 'pvlab test');
      let rest = '';
      const { machine: r } = restoreBare(bytes, { output: (c) => (rest += String.fromCharCode(c)) });
      const end = r.run();
      t.is(end.stop, whole.stop, `${name} at ${n}`);
      t.is(out + rest, whole.output, `${name} at ${n}`);
      t.is(r.hart.retired(), whole.instructions, `${name} at ${n}`);
      t.is(r.hart.cycles(), whole.cycles, `${name} at ${n}`);
    }
  });
}
