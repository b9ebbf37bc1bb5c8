/**
 * An environment call in compiled code (ECALL in semantics.ts; jit/codegen.ts
 * `ecall`): when the environment below completes the call and returns to
 * the next instruction — a hypervisor's hypercall — the region goes on there,
 * without leaving; when it does not (the trap goes elsewhere, an interrupt
 * is due, the hart must stop), the region leaves. Either way the hart ends
 * exactly where the interpreter alone takes it, however the run is sliced.
 */
import test from 'ava';
import { useCompiler, type Hart } from '@pvlab/hypervisor';
import { loadSnippet, type LoadedSnippet } from '../_helpers/hart-run.js';

const ECALL_M = 11;

// 300 calls in a loop; the "hypercall" doubles a0 and adds a7 (its number).
const PROGRAM = `
  li s0, 300
  li a0, 1
  li a7, 3
loop:
  ecall
  andi a0, a0, 1023
  addi s0, s0, -1
  bnez s0, loop
  ebreak
`;

interface Outcome {
  readonly regs: number[];
  readonly pc: number;
  readonly retired: number;
  readonly steps: number;
  readonly calls: number;
  /** Times the run loop looked for compiled code (each is a region entry, or a miss). */
  readonly finds: number;
}

/** Run PROGRAM with a monitor that completes ecalls (`complete(hart, n)` decides for call n), in slices of `slice` steps. */
function run(compiled: boolean, slice: number, complete: (h: Hart, n: number) => boolean = () => true): Outcome {
  useCompiler(compiled, { hot: 1 });
  try {
    const s: LoadedSnippet = loadSnippet(PROGRAM, { noPmp: true });
    let calls = 0, finds = 0;
    const find = s.hart.code.find.bind(s.hart.code);
    s.hart.code.find = (...a: Parameters<typeof find>) => (finds++, find(...a));
    s.hart.monitor = {
      trap(h, mcause) {
        if (mcause !== ECALL_M || !complete(h, calls)) return void (h.halted = true);
        calls++;
        h.x[10] = (h.x[10] * 2 + h.x[17]) | 0;
        h.pc = (h.pc + 4) >>> 0;
      },
    };
    for (let i = 0; i < 10_000 && !s.hart.halted; i++) s.hart.run(slice);
    return { regs: [...s.hart.x.slice(0, 32)], pc: s.hart.pc, retired: s.hart.retired(), steps: s.hart.steps, calls, finds };
  } finally {
    useCompiler(true);
  }
}

const same = (a: Outcome, b: Outcome) => [a.regs, a.pc, a.retired, a.steps, a.calls].join() === [b.regs, b.pc, b.retired, b.steps, b.calls].join();

test.serial('a completed call goes on in the region: the same state as the interpreter, without a region entry per call', (t) => {
  const interpreted = run(false, 1 << 20);
  const compiled = run(true, 1 << 20);
  t.is(interpreted.calls, 300);
  t.true(same(compiled, interpreted), JSON.stringify({ compiled, interpreted }));
  // Without going on, every call left the region and the loop looked it up again: 300 finds or more.
  t.true(compiled.finds < 20, `${compiled.finds} look-ups for 300 calls`);
});

test.serial('sliced into any budget, the calls land on the same steps', (t) => {
  const interpreted = run(false, 1 << 20);
  for (const slice of [1, 2, 3, 5, 7, 64, 1000]) t.true(same(run(true, slice), interpreted), `slices of ${slice}`);
});

test.serial('a call the environment does not complete, or one after which an interrupt is due, leaves the region', (t) => {
  // The 100th call stops the hart (as a shutdown would); the interpreter stops at the same place.
  const stopAt = (h: Hart, n: number) => n < 100;
  t.true(same(run(true, 1 << 20, stopAt), run(false, 1 << 20, stopAt)));
  // Every 10th call leaves a machine-timer interrupt pending and enabled: the region must not run past it.
  const tick = (h: Hart, n: number) => {
    if (n % 10 === 9) {
      h.mstatus |= 1 << 3; // MIE
      h.mie |= 1 << 7; // MTIE
      h.setHwInterrupt(7, true); // MTIP: the monitor gets the interrupt and stops the hart
    }
    return true;
  };
  const a = run(true, 1 << 20, tick), b = run(false, 1 << 20, tick);
  t.true(same(a, b), JSON.stringify({ a, b }));
});
