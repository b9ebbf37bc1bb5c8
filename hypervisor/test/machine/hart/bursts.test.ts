/**
 * Bursts (jit/bursts.ts): word loads or stores one after another off one
 * base register, compiled as one access with one translation check. Where
 * the check fails — a TLB miss, a burst across a page, past the end of RAM,
 * onto a line that holds code — the words go one by one, and a run ends
 * exactly where the interpreter's does: the same registers, memory, pc,
 * instructions retired, steps and traps, however the run is sliced.
 */
import test from 'ava';
import { PTE } from '@pvlab/assembler';
import { useCompiler } from '@pvlab/hypervisor';
import { endOf, enterSv32, loadSnippet, type HartEnd } from '../_helpers/hart-run.js';
import { burstAt } from '../../../src/machine/hart/jit/bursts.js';
import type { Insn } from '../../../src/machine/hart/jit/region.js';
import { INSTRUCTION_ID } from '../../../src/machine/hart/decode-cache.js';

const RAM = 0x8000_0000, RAM_SIZE = 4 << 20;
const ROOT = RAM + 0x30_0000, LEAF = RAM + 0x30_1000;
/** Under paging: one mapped data page at DATA_VA (RAM + 0x20_0000), the page after it unmapped. */
const DATA_VA = 0x4000_0000, DATA_PA = RAM + 0x20_0000;

// Eight stores off a0 (values that change every turn), six loads back, a sum; a0 moves on by t6 a
// turn. The last store writes \`addi a2, a2, s0\` over the first instruction of \`patch\`, which the loop
// calls: pointed at \`smc\`, the burst rewrites code the loop runs. With \`.option rvc\` the
// s0-s1/a0-a5 accesses are 2 bytes long, the others 4: the bursts' pcs are uneven.
const PROGRAM = `
  li s0, 40
  li t5, 0x00060613
loop:
  addi t0, s0, 1
  slli t1, s0, 2
  slli a7, s0, 20
  or a7, a7, t5
  sw t0, 0(a0)
  sw t1, 4(a0)
  sw s0, 8(a0)
  sw t0, 12(a0)
  sw a1, 16(a0)
  sw a2, 20(a0)
  sw ra, 24(a0)
  sw a7, 28(a0)
  lw a3, 28(a0)
  lw a4, 4(a0)
  lw a5, 8(a0)
  lw t2, 0(a0)
  lw t3, 16(a0)
  lw t4, 20(a0)
  add a1, a1, a3
  add a1, a1, a5
  add a2, a2, t2
  xor a2, a2, t4
  jal ra, patch
  add a0, a0, t6
  addi s0, s0, -1
  bnez s0, loop
  ebreak
smc:
  .word 0, 0, 0, 0, 0, 0, 0
patch:
  .word 0x00160613
  ret
`;

/** The stride of a0 a turn; bursts that fault do so in the seventh turn, when the loop is compiled. */
const STRIDE = 64, TURNS = 6;

interface Outcome extends HartEnd {
  memory: number[];
}

/** Run PROGRAM with a0 = `base` (a symbol of the program or an address), paged or not, in slices of `slice` steps. */
function run(compiled: boolean, base: string | number, paged: boolean, slice: number, rvc = false): Outcome {
  useCompiler(compiled, { hot: 1 });
  try {
    const s = loadSnippet(PROGRAM, { noPmp: true, ramSize: RAM_SIZE, rvc });
    const h = s.hart, bus = s.bus;
    const a0 = typeof base === 'string' ? s.sym(base) : base;
    h.x[10] = a0;
    h.x[31] = typeof base === 'string' ? 0 : STRIDE;
    if (paged) {
      const w = (pa: number, v: number) => (bus.i32[(pa - RAM) >>> 2] = v | 0);
      const flags = PTE.V | PTE.A | PTE.D;
      w(ROOT + (RAM >>> 22) * 4, ((RAM >>> 12) << 10) | PTE.R | PTE.W | PTE.X | flags); // the code, a megapage
      w(ROOT + (DATA_VA >>> 22) * 4, ((LEAF >>> 12) << 10) | PTE.V);
      w(LEAF + ((DATA_VA >>> 12) & 1023) * 4, ((DATA_PA >>> 12) << 10) | PTE.R | PTE.W | flags);
      enterSv32(h, ROOT);
    }
    for (let i = 0; i < 100_000 && !h.halted; i++) h.run(slice);
    const at = (typeof base === 'string' ? a0 : paged ? DATA_PA + (a0 - DATA_VA) : a0) - RAM;
    const memory = [...bus.i32.slice(Math.max(0, (at >> 2) - 1), Math.min(RAM_SIZE, at + 40 * STRIDE + 40) >> 2)];
    return { ...endOf(s), memory };
  } finally {
    useCompiler(true);
  }
}

/** What, a0, paged, and the trap that ends the run: a store fault at the fourth store, or the final ebreak (3). */
const CASES: [string, string | number, boolean, number][] = [
  ['in RAM, paging off', RAM + 0x20_0100, false, 3],
  ['across a page, paging off (word by word, all done)', RAM + 0x20_0ff4 - TURNS * STRIDE, false, 3],
  ['past the end of RAM (an access fault at the first word outside)', RAM + RAM_SIZE - 12 - TURNS * STRIDE, false, 7],
  ['onto code the loop runs (the region leaves after the word that changed it)', 'smc', false, 3],
  ['through the TLB', DATA_VA + 0x100, true, 3],
  ['through the TLB, across into an unmapped page (a page fault at its first word)', DATA_VA + 0xff4 - TURNS * STRIDE, true, 15],
];

for (const [what, base, paged, cause] of CASES) {
  for (const rvc of [false, true]) {
    test.serial(`a burst ${what}${rvc ? ', compressed' : ''}: as the interpreter, in any slices`, (t) => {
      const want = run(false, base, paged, 1 << 20, rvc);
      t.is(want.traps[0][0], cause);
      if (cause !== 3) t.is(want.traps[0][1], (base as number) + TURNS * STRIDE + 12, 'the fourth word faults, in the seventh turn');
      else t.true(want.retired > 40 * 20, 'the loop ran');
      for (const slice of [1, 3, 7, 64, 1 << 20]) t.deepEqual(run(true, base, paged, slice, rvc), want, `slices of ${slice}`);
    });
  }
}

test('what makes a burst: one kind, one base, offsets a word apart within reach; a load of the base ends it', (t) => {
  const op = (name: string, rd: number, rs1: number, rs2: number, imm: number, k: number): Insn =>
    ({ pc: 0x1000 + 4 * k, pa: 0x1000 + 4 * k, len: 4, id: INSTRUCTION_ID.get(name)!, rd, rs1, rs2, imm, word: 0 });
  const lengths = (insns: Insn[]) => insns.map((_, k) => burstAt(insns, k)?.insns.length ?? 0);
  const seq = (specs: [string, number, number, number, number][]) => specs.map(([n, rd, rs1, rs2, imm], k) => op(n, rd, rs1, rs2, imm, k));
  t.deepEqual(lengths(seq([['sw', 0, 2, 1, 0], ['sw', 0, 2, 3, 8], ['sw', 0, 2, 4, 4], ['lw', 5, 2, 0, 0]])), [3, 2, 0, 0]);
  t.deepEqual(lengths(seq([['sw', 0, 2, 1, 0], ['sw', 0, 8, 3, 4]])), [0, 0], 'another base');
  t.deepEqual(lengths(seq([['sw', 0, 2, 1, 0], ['sw', 0, 2, 3, 6]])), [0, 0], 'not a word apart');
  t.deepEqual(lengths(seq([['sw', 0, 2, 1, 0], ['sw', 0, 2, 3, 1024]])), [0, 0], 'too far apart');
  t.deepEqual(lengths(seq([['lw', 5, 2, 0, 0], ['lw', 2, 2, 0, 4], ['lw', 6, 2, 0, 8]])), [2, 0, 0], 'the load of the base is the last');
  t.deepEqual(lengths(seq([['sh', 0, 2, 1, 0], ['sh', 0, 2, 3, 4]])), [0, 0], 'words only');
});
