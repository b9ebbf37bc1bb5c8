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
