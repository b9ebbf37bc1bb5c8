/**
 * The C extension on the hart (unpriv §16, priv §3.1.1, §3.1.14): 16-bit
 * instructions decoded through the assembler's one table, IALIGN = 16,
 * fetches that cross a page, misa.C written at run time, xEPC bit 1, and
 * self-modifying compressed code — interpreted only, compiled when hot and
 * compiled at once (regions hold 16-bit instructions too).
 */
import test, { type ExecutionContext } from 'ava';
import { EXC, useCompiler } from '@pvlab/hypervisor';
import { runSnippet } from '../_helpers/hart-run.js';

const MISA_C = 1 << 2;

/** A loop, a call, loads and stores: code that GNU-style auto-compression shrinks. */
const LOOP = `
  li a0, 0
  li a1, 100
1: add a0, a0, a1
  addi a1, a1, -1
  bnez a1, 1b
  la s0, cell
  sw a0, 0(s0)
  lw a2, 0(s0)
  lhu a3, 2(s0)
  jal f
  mv a5, a4
  ebreak
f: slli a4, a0, 3
  srai a4, a4, 1
  andi a4, a4, -16
  ret
.data
cell: .word 0x12345678`;

/** The tiers, as hart/compiler.test.ts runs them. */
const WAYS: [string, () => void][] = [
  ['interpreted only', () => useCompiler(false)],
  ['compiled when hot', () => useCompiler(true, { hot: 1000 })],
  ['compiled at once', () => useCompiler(true, { hot: 1 })],
];

/** A test run once per tier (serially: the compiler switch is global). */
function eachWay(title: string, body: (t: ExecutionContext) => void): void {
  for (const [how, set] of WAYS) {
    test.serial(`${how}: ${title}`, (t) => {
      set();
      try {
        body(t);
      } finally {
        useCompiler(true);
      }
    });
  }
}

for (const [how, set] of WAYS) {

  test.serial(`${how}: compressed code computes what its uncompressed twin does, in as many instructions`, (t) => {
    set();
    const c = runSnippet(LOOP, { rvc: true });
    const w = runSnippet(LOOP);
    t.true(c.sym('f') < w.sym('f'), 'the rvc build is smaller: it has 16-bit instructions');
    for (const r of [10, 11, 12, 13, 14, 15]) t.is(c.hart.x[r], w.hart.x[r], `x${r}`);
    t.is(c.hart.x[10], 5050);
    t.is(c.hart.retired(), w.hart.retired());
    t.deepEqual(c.traps.map((x) => x[0]), [EXC.breakpoint]);
    useCompiler(true);
  });

  test.serial(`${how}: c.jal and c.jalr link pc + 2; c.j and c.beqz reach their targets`, (t) => {
    set();
    const r = runSnippet(`
  la s1, g
  c.jal f
after_jal:
  c.jalr s1
after_jalr:
  li a2, 0
  c.beqz a2, 1f
  li a2, 99
1: c.j 2f
  li a2, 98
2: ebreak
f: mv a0, ra
  ret
g: mv a1, ra
  ret`, { rvc: true });
    t.is(r.hart.x[10] >>> 0, r.sym('after_jal'));
    t.is(r.hart.x[11] >>> 0, r.sym('after_jalr'));
    t.is(r.sym('after_jalr') - r.sym('after_jal'), 2);
    t.is(r.hart.x[12], 0);
    t.deepEqual(r.traps.map((x) => x[0]), [EXC.breakpoint]);
    useCompiler(true);
  });

  test.serial(`${how}: a store over compressed code, or over the second half of a 32-bit instruction at pc ≡ 2, takes effect`, (t) => {
    set();
    const r = runSnippet(`
  li s0, 3
loop:
  .balign 4
patch: c.li a0, 1
wide: lui a1, 0x12345
  la t0, patch
  li t1, 0x4515        # c.li a0, 5
  sh t1, 0(t0)
  li t1, 0x5432        # the upper half of lui a1, 0x54325
  sh t1, 4(t0)
  addi s0, s0, -1
  bnez s0, loop
  ebreak`, { rvc: true });
    t.is(r.sym('wide') - r.sym('patch'), 2);
    t.is(r.hart.x[10], 5);
    t.is(r.hart.x[11], 0x54325000);
    useCompiler(true);
  });

  test.serial(`${how}: a store into the second half of a 32-bit instruction that crosses a 64-byte line takes effect`, (t) => {
    set();
    // jal's upper half holds imm[10:1]: 0x0800 jumps 128 bytes, 0x1000 256. Only the jal has bytes in
    // the line after it, so only the jal's decoding tells the hart that line holds code.
    const r = runSnippet(`
  li s0, 0
  la t0, wide
  j start
  .balign 64
  .skip 60
start: c.nop
wide: .half 0x006f, 0x0800 # jal zero, wide + 128 (bytes 62..65 of a line), patched to wide + 256
  .skip 124
near: addi s0, s0, 1
  li t1, 0x1000
  sh t1, 2(t0)
  j start
  .balign 64
  .skip 62
far: addi s0, s0, 100
  ebreak`, { rvc: true });
    t.deepEqual([r.sym('wide') % 64, r.sym('near') - r.sym('wide'), r.sym('far') - r.sym('wide')], [62, 128, 256]);
    t.is(r.hart.x[8], 101);
    t.deepEqual(r.traps.map((x) => x[0]), [EXC.breakpoint]);
    useCompiler(true);
  });
}

eachWay('c.ebreak is a breakpoint at its own pc, tval 0', (t) => {
  const r = runSnippet('nop\nhere: c.ebreak', { rvc: true });
  t.deepEqual(r.traps[0].slice(0, 3), [EXC.breakpoint, 0, r.sym('here')]);
});

eachWay('reserved and undefined halfwords are illegal, with the halfword as tval', (t) => {
  for (const half of [0x0000, 0x4002, 0x6101, 0x8002, 0x2002]) { // c.unimp, c.lwsp x0, c.addi16sp 0, c.jr x0, c.fldsp (no D)
    const r = runSnippet(`here: .half ${half}\n.half 0x0001`, { rvc: true });
    t.deepEqual(r.traps[0].slice(0, 3), [EXC.illegal, half, r.sym('here')], half.toString(16));
  }
});

eachWay('a 32-bit instruction can start on any halfword, up to the last one of a page', (t) => {
  const r = runSnippet(`
  j 1f
  .balign 4096
  .skip 4090
1: c.nop
  lui a0, 0x12345      # at 0x…ffe: its second half is on the next page
  addi a0, a0, 0x678
  ebreak`, { rvc: true });
  t.is(r.hart.x[10], 0x12345678);
});

/**
 * S-mode code under Sv32 (identity-mapped 4 KiB pages of RAM) that runs the
 * instruction at `cross`, on the last halfword of a page whose successor
 * is unmapped unless `mapNext`.
 */
function crossing(instruction: string, mapNext: boolean) {
  return runSnippet(`
  la t0, l2
  li t1, 0x200000cf    # PPN 0x80000, V R W X A D
  li t2, 1024
1: sw t1, 0(t0)
  addi t0, t0, 4
  addi t1, t1, 0x400
  addi t2, t2, -1
  bnez t2, 1b
  ${mapNext ? '' : `la t0, next_page
  srli t0, t0, 12
  andi t0, t0, 0x3ff
  slli t0, t0, 2
  la t1, l2
  add t0, t0, t1
  sw zero, 0(t0)`}
  la t0, l2
  srli t0, t0, 12
  slli t0, t0, 10
  ori t0, t0, 1
  la t1, root
  li t2, 0x800
  add t1, t1, t2
  sw t0, 0(t1)
  la t0, root
  srli t0, t0, 12
  li t1, 0x80000000
  or t0, t0, t1
  csrw satp, t0
  sfence.vma
  la t0, cross
  csrw mepc, t0
  li t0, 0x1800
  csrc mstatus, t0
  li t0, 0x800
  csrs mstatus, t0
  li a0, 0
  mret
  .balign 4096
  .skip 4094
cross: ${instruction}
next_page:
  ebreak
  .bss
  .balign 4096
root: .skip 4096
l2: .skip 4096`, { rvc: true });
}

eachWay('under Sv32, a 32-bit instruction across two mapped pages runs', (t) => {
  const r = crossing('lui a0, 0x12345', true);
  t.is(r.sym('cross') % 4096, 4094);
  t.is(r.hart.x[10], 0x12345000);
  t.deepEqual(r.traps.map((x) => x[0]), [EXC.breakpoint]);
});

eachWay('under Sv32, a 32-bit instruction whose second half is on an unmapped page faults: epc its start, tval the second half', (t) => {
  const r = crossing('lui a0, 0x12345', false);
  t.deepEqual(r.traps[0].slice(0, 3), [EXC.instructionPage, r.sym('cross') + 2, r.sym('cross')]);
  t.is((r.sym('cross') + 2) % 4096, 0);
  t.is(r.hart.x[10], 0, 'nothing retired');
});

eachWay('under Sv32, a 16-bit instruction on the last halfword before an unmapped page runs; the next fetch faults', (t) => {
  const r = crossing('c.li a0, 7', false);
  t.is(r.hart.x[10], 7);
  t.deepEqual(r.traps[0].slice(0, 3), [EXC.instructionPage, r.sym('next_page'), r.sym('next_page')]);
});

eachWay('misa.C: clearing it sets IALIGN = 32: a jump to pc ≡ 2 faults, with the target as tval', (t) => {
  const r = runSnippet(`
  .balign 4
  .option norvc
  csrci misa, ${MISA_C}
  csrr s0, misa
  la t0, target
  jr t0
  .balign 4
  nop
  .option rvc
  .balign 4
  c.nop
target: c.nop
  ebreak`, { rvc: true });
  t.is(r.hart.x[8] & MISA_C, 0);
  t.deepEqual(r.traps[0].slice(0, 2), [EXC.instructionMisaligned, r.sym('target')]);
});

eachWay('misa.C: a write that would clear it is suppressed when the next instruction is at pc ≡ 2 (priv §3.1.1)', (t) => {
  const r = runSnippet(`
  .balign 4
  c.nop
  csrci misa, ${MISA_C}
  c.nop
  csrr s0, misa
  .balign 4
  csrci misa, ${MISA_C}
  .option norvc
  csrr s1, misa
  ebreak`, { rvc: true });
  t.is(r.hart.x[8] & MISA_C, MISA_C, 'suppressed at pc ≡ 2');
  t.is(r.hart.x[9] & MISA_C, 0, 'cleared at pc ≡ 0');
});

eachWay('mepc bit 1 reads as 0 and mret ignores it while C is off; it was kept, and shows again with C on', (t) => {
  const r = runSnippet(`
  .option norvc
  .balign 4
  la t0, back
  addi t0, t0, 2
  csrw mepc, t0
  csrci misa, ${MISA_C}
  csrr s0, mepc
  csrsi misa, ${MISA_C}
  csrr s1, mepc
  csrci misa, ${MISA_C}
  li t0, 0x1800
  csrs mstatus, t0      # MPP = M
  mret
  ebreak
back:
  beqz zero, 1f          # mret lands here, not 2 bytes in
1: csrr s2, misa
  ebreak`, { rvc: true });
  t.is(r.hart.x[8] >>> 0, r.sym('back'));
  t.is(r.hart.x[9] >>> 0, r.sym('back') + 2);
  t.is(r.hart.x[18] & MISA_C, 0);
  t.deepEqual(r.traps.map((x) => [x[0], x[2]]), [[EXC.breakpoint, r.sym('back') + 8]]);
});

eachWay('with C off, a parcel whose low bits are not 11 is an illegal instruction, with the whole word as tval', (t) => {
  const r = runSnippet(`
  .option norvc
  .balign 4
  csrci misa, ${MISA_C}
here: .half 0x4505, 0x0001`, { rvc: true });
  t.deepEqual(r.traps[0].slice(0, 3), [EXC.illegal, 0x0001_4505, r.sym('here')]);
});

eachWay('a hart without C (rv32ima) cannot turn it on, and compressed code is illegal there', (t) => {
  const r = runSnippet(`
  csrsi misa, ${MISA_C}
  csrr s0, misa
here: .half 0x4505, 0x0001`);
  t.is(r.hart.x[8] & MISA_C, 0);
  t.deepEqual(r.traps[0].slice(0, 3), [EXC.illegal, 0x0001_4505, r.sym('here')]);
});

test.serial('regions hold 16-bit instructions: a loop of compressed ones is compiled and runs to the same end', (t) => {
  const loop = `
  c.li a0, 0
  li a1, 1000
1: c.addi a0, 3
  c.addi a1, -1
  c.bnez a1, 1b
  c.ebreak`;
  useCompiler(true, { hot: 1 });
  try {
    const r = runSnippet(loop, { rvc: true });
    t.is(r.hart.x[10], 3000);
    t.true(r.hart.code.compiled >= 1, 'the compressed loop became a region');
    useCompiler(false);
    const i = runSnippet(loop, { rvc: true });
    t.is(i.hart.code.compiled, 0);
    t.deepEqual([r.hart.retired(), r.hart.cycles(), r.traps], [i.hart.retired(), i.hart.cycles(), i.traps]);
  } finally {
    useCompiler(true);
  }
});
