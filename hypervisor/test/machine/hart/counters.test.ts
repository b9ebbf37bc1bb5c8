/**
 * minstret and mcycle as software sees them (unpriv "Zicsr", CSR
 * instructions; Zicntr): a CSR instruction reads a counter as it was before
 * the instruction executed, and a write takes the place of the writing
 * instruction's increment, so the next instruction reads the value written.
 * Found by riscv-tests rv32mi-p-instret_overflow.
 */
import test from 'ava';
import { EXC } from '@pvlab/hypervisor';
import { runSnippet } from '../_helpers/hart-run.js';

test('the first instruction reads minstret as 0: it has not retired yet', (t) => {
  const r = runSnippet('csrr a0, minstret\n csrr a1, minstret\n ebreak', { noPmp: true });
  t.is(r.hart.x[10], 0);
  t.is(r.hart.x[11], 1);
});

test('a value written to minstret is the value the next instruction reads', (t) => {
  const r = runSnippet('csrwi minstret, 0\n csrr a0, minstret\n li t0, 1000\n csrw minstret, t0\n csrr a1, minstret\n csrr a2, instret\n ebreak');
  t.is(r.hart.x[10], 0);
  t.is(r.hart.x[11], 1000);
  t.is(r.hart.x[12], 1001);
});

test('a write to minstreth is a write to minstret: all ones, then one instruction, wraps to 0', (t) => {
  const r = runSnippet(`
  li t0, -1
  csrw minstret, t0
  csrw minstreth, t0
  nop
  csrr a0, minstret
  csrr a1, minstreth
  ebreak`);
  t.is(r.hart.x[10], 0);
  t.is(r.hart.x[11], 0);
  t.deepEqual(r.traps.map((x) => x[0]), [EXC.breakpoint]);
});

test('writing the counters moves neither the board\'s instruction count nor its cycles (time)', (t) => {
  const r = runSnippet(`
  li t0, -1
  csrw minstreth, t0
  csrw mcycleh, t0
  csrwi mcycle, 7
  csrr a0, mcycle
  csrr a1, mcycleh
  li a2, 0
1: addi a2, a2, 1
  li t1, 100
  bne a2, t1, 1b
  ebreak`, { noPmp: true });
  t.is(r.hart.x[10], 7, 'the next instruction reads the value written to mcycle');
  t.is(r.hart.x[11] >>> 0, 0xffffffff);
  t.is(r.hart.x[12], 100, 'the run went on: the budget did not see a jump of 2^64');
  const executed = 7 + 3 * 100 + 1; // the straight-line code, the loop and the trapping ebreak
  t.is(r.hart.retired(), executed - 1);
  t.true(r.hart.cycles() < 2 * executed);
});
