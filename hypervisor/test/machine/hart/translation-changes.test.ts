/**
 * Compiled code after a change of translations (a `satp` write,
 * `sfence.vma`): the region goes on when its code still sits where it was
 * compiled (jit/codegen.ts, fetchesHere: the page walked again if the TLB
 * lost it), and leaves when the new address space maps that page elsewhere.
 * Either way the hart ends where the interpreter alone takes it, however
 * the run is sliced.
 */
import test from 'ava';
import { PTE, sv32Satp } from '@pvlab/assembler';
import { useCompiler } from '@pvlab/hypervisor';
import { endOf, enterSv32, loadSnippet, type HartEnd } from '../_helpers/hart-run.js';

const RAM = 0x8000_0000, RAM_SIZE = 16 << 20, MEGA = 4 << 20;
const ROOT_A = RAM + 0x30_0000, ROOT_B = RAM + 0x30_1000; // inside the code's megapage: the guest writes root B
/** With `moved`, the guest points root B's code megapage at this copy, one instruction changed, half-way. */
const COPY = RAM + MEGA;

// Each turn switches to root A and to root B, with a flush after each, and counts in a0 and a1. With
// \`moved\`, at turn 150 (s0 = s3) it writes root B's entry for the code (at s5) to map the copy (s4):
// the region compiled for the code where it was goes on to the point where root B now maps other bytes.
const PROGRAM = `
  li s0, 300
  li s3, 150
loop:
  csrw satp, s1
  sfence.vma zero, zero
  addi a0, a0, 1
  bne s0, s3, 1f
  sw s4, 0(s5)
1:
  csrw satp, s2
  sfence.vma zero, zero
patched:
  addi a1, a1, 1
  addi s0, s0, -1
  bnez s0, loop
  ebreak
`;

interface Outcome extends HartEnd {
  /** Times the run loop looked for compiled code. */
  finds: number;
}

/** Run PROGRAM in S-mode under root A; with `moved`, the guest has root B map the code at a copy whose `patched` adds 2, half-way. */
function run(compiled: boolean, moved: boolean, slice: number): Outcome {
  useCompiler(compiled, { hot: 1 });
  try {
    const s = loadSnippet(PROGRAM, { noPmp: true, ramSize: RAM_SIZE });
    const h = s.hart, bus = s.bus;
    const w = (pa: number, v: number) => (bus.i32[(pa - RAM) >>> 2] = v | 0);
    const mega = (pa: number) => ((pa >>> 12) << 10) | PTE.R | PTE.W | PTE.X | PTE.V | PTE.A | PTE.D;
    w(ROOT_A + (RAM >>> 22) * 4, mega(RAM));
    w(ROOT_B + (RAM >>> 22) * 4, mega(RAM));
    bus.i32.copyWithin((COPY - RAM) >>> 2, 0, 0x1000 >>> 2);
    w(COPY + (s.sym('patched') - RAM), 0x00258593); // addi a1, a1, 2
    h.x[20] = mega(moved ? COPY : RAM);
    h.x[21] = ROOT_B + (RAM >>> 22) * 4;
    h.x[9] = sv32Satp(ROOT_A) | 0;
    h.x[18] = sv32Satp(ROOT_B) | 0;
    enterSv32(h, ROOT_A);
    let finds = 0;
    const find = h.code.find.bind(h.code);
    h.code.find = (...a: Parameters<typeof find>) => (finds++, find(...a));
    for (let i = 0; i < 100_000 && !h.halted; i++) h.run(slice);
    return { ...endOf(s), finds };
  } finally {
    useCompiler(true);
  }
}

const same = (a: Outcome, b: Outcome) => JSON.stringify({ ...a, finds: 0 }) === JSON.stringify({ ...b, finds: 0 });

test.serial('code that stays where it was goes on in its region past satp writes and flushes: the interpreter\'s state, few look-ups', (t) => {
  const want = run(false, false, 1 << 20);
  t.is(want.regs[10], 300);
  t.is(want.regs[11], 300);
  const got = run(true, false, 1 << 20);
  t.true(same(got, want), JSON.stringify({ got, want }));
  // Leaving at every switch, the run loop looked the region up again each time: 600 look-ups or more.
  t.true(got.finds < 60, `${got.finds} look-ups for 600 switches`);
});

test.serial('code that a root comes to map elsewhere is left for: the new bytes run', (t) => {
  const want = run(false, true, 1 << 20);
  t.is(want.regs[11], 150 + 2 * 150, 'the copy\'s instruction ran under root B from turn 150');
  t.true(same(run(true, true, 1 << 20), want));
});

test.serial('sliced into any budget, the same', (t) => {
  for (const moved of [false, true]) {
    const want = run(false, moved, 1 << 20);
    for (const slice of [1, 2, 3, 7, 64, 1000]) t.true(same(run(true, moved, slice), want), `moved ${moved}, slices of ${slice}`);
  }
});
