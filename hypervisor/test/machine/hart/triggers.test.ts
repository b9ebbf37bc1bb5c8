/**
 * The trigger module's CSRs exist and hold no trigger (Sdtrig: tdata1.type 0,
 * "there is no trigger at this tselect"), so software that probes for
 * breakpoints — riscv-tests rv32mi-p-breakpoint — finds none instead of
 * taking an illegal-instruction trap.
 */
import test from 'ava';
import { EXC } from '@pvlab/hypervisor';
import { runSnippet } from '../_helpers/hart-run.js';

test('tselect reads 0 whatever is written; tdata1 reads type 0; tdata2 and tdata3 read 0', (t) => {
  const r = runSnippet(`
  li t0, -1
  csrw tselect, t0
  csrr a0, tselect
  csrw tselect, zero
  csrr a1, tdata1
  csrw tdata1, t0
  csrr a2, tdata1
  csrw tdata2, t0
  csrr a3, tdata2
  csrw tdata3, t0
  csrr a4, tdata3
  ebreak`);
  t.deepEqual([...r.hart.x.slice(10, 15)], [0, 0, 0, 0, 0]);
  t.deepEqual(r.traps.map((x) => x[0]), [EXC.breakpoint]);
});

test('the trigger CSRs are M-mode CSRs: S-mode access is illegal', (t) => {
  const r = runSnippet(`
  la t0, super
  csrw mepc, t0
  li t0, 0x1800
  csrc mstatus, t0
  li t0, 0x800
  csrs mstatus, t0      # MPP = S
  mret
super:
  csrr a0, tselect`);
  t.is(r.traps[0][0], EXC.illegal);
  t.is(r.traps[0][3], 1);
});
