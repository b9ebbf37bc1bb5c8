/**
 * The block compiler changes nothing a program can see: every ISA program
 * gives the same transcript and the same instruction and cycle counts with
 * blocks and without, and code that rewrites itself runs its new bytes.
 */
import test from 'ava';
import { runBare, useBlocks } from '@pvlab/hypervisor';
import { PROGRAMS, buildProgram } from '../_programs/build.js';
import { runSnippet } from '../_helpers/hart-run.js';

test.serial('every ISA program runs identically with and without compiled blocks', (t) => {
  for (const name of PROGRAMS) {
    const elf = buildProgram(name);
    useBlocks(false);
    const plain = runBare(elf);
    useBlocks(true);
    const blocks = runBare(elf);
    t.deepEqual([blocks.output, blocks.instructions, blocks.cycles, blocks.exitCode], [plain.output, plain.instructions, plain.cycles, plain.exitCode], name);
  }
});

test.serial('a store into a compiled block takes effect the next time the block runs', (t) => {
  useBlocks(true);
  const r = runSnippet(`
  li s0, 0
  li s1, 3
loop:
  jal ra, body
  addi s1, s1, -1
  bnez s1, loop
  ebreak
body:
  addi s0, s0, 1          # rewritten to addi s0, s0, 100 after the first call
  la t0, body
  li t1, 0x06440413       # addi s0, s0, 100
  sw t1, 0(t0)
  fence.i
  ret`);
  t.is(r.hart.x[8], 1 + 100 + 100);
});

test.serial('after a satp write a compiled block runs the code its new translation maps, not the last one', (t) => {
  // Two address spaces map VA 0x40001000 (not in the TLB slot of the code's own page) to two pages of code (li a0, 1 / li a0, 2; ret). S-mode switches
  // between them and calls the page twice in each: every call must run the page of the current space,
  // though the block that calls it was linked to the other page's block by the previous calls.
  useBlocks(true);
  const r = runSnippet(`
  .equ ROOT_A, 0x80100000
  .equ ROOT_B, 0x80101000
  .equ L0_A, 0x80102000
  .equ L0_B, 0x80103000
  .equ PAGE_A, 0x80104000
  .equ PAGE_B, 0x80105000
  .equ MEGA_RWX, (0x80000 << 10) | 0xcf      # 0x80000000, V R W X A D
  li t0, MEGA_RWX
  li t1, ROOT_A + 2048
  sw t0, 0(t1)
  li t1, ROOT_B + 2048
  sw t0, 0(t1)
  li t0, ((L0_A >> 12) << 10) | 1           # VA 0x40000000..: a level-0 table
  li t1, ROOT_A + 1024
  sw t0, 0(t1)
  li t0, ((L0_B >> 12) << 10) | 1
  li t1, ROOT_B + 1024
  sw t0, 0(t1)
  li t0, ((PAGE_A >> 12) << 10) | 0xcb      # VA 0x40001000: V R X A D
  li t1, L0_A
  sw t0, 4(t1)
  li t0, ((PAGE_B >> 12) << 10) | 0xcb
  li t1, L0_B
  sw t0, 4(t1)
  li t0, 0x00100513                         # li a0, 1
  li t1, PAGE_A
  sw t0, 0(t1)
  li t0, 0x00008067                         # ret
  sw t0, 4(t1)
  li t0, 0x00200513                         # li a0, 2
  li t1, PAGE_B
  sw t0, 0(t1)
  li t0, 0x00008067
  sw t0, 4(t1)
  li t0, 1 << 11                            # mstatus.MPP = S
  csrw mstatus, t0
  la t0, s_main
  csrw mepc, t0
  mret
s_main:
  li s0, 0
  li s1, 4
loop:
  andi t0, s1, 1
  li t1, (1 << 31) | (ROOT_B >> 12)
  beqz t0, 1f
  li t1, (1 << 31) | (ROOT_A >> 12)
1:
  csrw satp, t1
  sfence.vma
  li s2, 2
call:
  li t2, 0x40001000
  jalr ra, 0(t2)
  add s0, s0, a0
  addi s2, s2, -1
  bnez s2, call
  addi s1, s1, -1
  bnez s1, loop
  ebreak`);
  t.is(r.hart.x[8], 2 * (2 + 1 + 2 + 1));
});
