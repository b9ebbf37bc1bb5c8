/**
 * Machine.step, the debugger's way of running the board: one piece at a
 * time — an interrupt taken, an instruction, idle time — and the same run
 * as `run`: the ISA programs with traps, interrupts, wfi, translation and
 * PMP, stepped from reset to their end, print the same bytes and retire the
 * same instructions in the same cycles. And `executesNext` says truly
 * whether the next step runs the instruction at the pc.
 */
import test from 'ava';
import { Machine } from '@pvlab/hypervisor';
import { buildProgram } from './_programs/build.js';

/** The programs whose runs have traps, interrupts, wfi, translation and PMP: what stepping could get wrong. */
const PROGRAMS = ['atomics', 'csr', 'traps', 'privilege', 'interrupts', 'sv32', 'pmp'];

const sum = (a: Float64Array) => {
  let n = 0;
  for (const x of a) n += x;
  return n;
};

function board(name: string, output: number[]): Machine {
  const m = new Machine({ output: (b) => output.push(b) });
  m.loadElf(buildProgram(name));
  return m;
}

for (const name of PROGRAMS) {
  test(`${name}: stepped, the same run as run()`, (t) => {
    const ran: number[] = [];
    const a = board(name, ran);
    const ra = a.run(50_000_000);
    const stepped: number[] = [];
    const b = board(name, stepped);
    let rb = b.step();
    let steps = 1;
    let lies = 0;
    const traps = () => sum(b.hart.exceptionCounts);
    while (rb.stop === 'budget' && steps < 60_000_000) {
      const executes = b.executesNext();
      const [pc, retired, trapped] = [b.hart.pc, b.hart.retired(), traps()];
      rb = b.step();
      steps++;
      // An instruction ran at pc (retired, or it trapped); or nothing ran at all.
      const ran = b.hart.retired() === retired + 1 || traps() > trapped;
      if (executes !== ran && rb.stop === 'budget') lies++;
      if (!executes && pc !== b.hart.pc && b.hart.retired() !== retired) lies++;
    }
    t.is(rb.stop, ra.stop);
    t.is(rb.exitCode, ra.exitCode);
    t.is(Buffer.from(stepped).toString('latin1'), Buffer.from(ran).toString('latin1'));
    t.is(b.hart.retired(), a.hart.retired());
    t.is(b.hart.cycles(), a.hart.cycles());
    t.is(lies, 0, 'executesNext told the truth at every step');
  });
}

test('an interrupt taken by a step stops at the handler, before its first instruction', (t) => {
  const m = board('interrupts', []);
  let seen = 0;
  for (let i = 0; i < 5_000_000 && m.step().stop === 'budget'; i++) {
    const before = sum(m.hart.interruptCounts);
    const [pc, retired] = [m.hart.pc, m.hart.retired()];
    if (m.executesNext()) continue;
    const r = m.step();
    if (r.stop !== 'budget') break;
    if (sum(m.hart.interruptCounts) > before) {
      seen++;
      t.is(m.hart.retired(), retired, 'nothing retired');
      t.not(m.hart.pc, pc, 'at the handler');
    }
  }
  t.true(seen > 3, `${seen} interrupts seen`);
});
