/** Small programs on a bare hart: arithmetic, memory, traps through the monitor seam. */
import test from 'ava';
import { EXC } from '@pvlab/hypervisor';
import { runSnippet } from '../_helpers/hart-run.js';

test('a loop computes, stores and loads, and ebreak reaches the monitor', (t) => {
  const r = runSnippet(`
  li a0, 0
  li a1, 100
1: add a0, a0, a1
  addi a1, a1, -1
  bnez a1, 1b
  la t0, cell
  sw a0, 0(t0)
  lhu a2, 0(t0)
  lb a3, 0(t0)
  ebreak
.data
cell: .word 0`);
  t.is(r.hart.x[10], 5050);
  t.is(r.hart.x[12], 5050);
  t.is(r.hart.x[13], 5050 - 5120); // 0x13ba: low byte 0xba sign-extended
  t.deepEqual(r.traps.map((x) => x[0]), [EXC.breakpoint]);
  t.is(r.traps[0][1], 0, 'tval of ebreak is 0, as in QEMU');
});

test('x0 stays zero whatever is written to it', (t) => {
  const r = runSnippet('li zero, 5\n addi x0, x0, 1\n lui x0, 1\n mv a0, zero\n ebreak');
  t.is(r.hart.x[0], 0);
  t.is(r.hart.x[10], 0);
});

test('an illegal instruction traps with the word as tval', (t) => {
  const r = runSnippet('.word 0xffffffff\n');
  t.deepEqual(r.traps[0].slice(0, 2), [EXC.illegal, 0xffffffff]);
});

test('a CSR that does not exist (0x744) is illegal, with the instruction as tval', (t) => {
  const r = runSnippet('csrr a0, 0x744');
  t.is(r.traps[0][0], EXC.illegal);
  t.is(r.traps[0][1], 0x74402573);
});

test('mret drops to U-mode, whose ecall traps as ecall-from-U', (t) => {
  const r = runSnippet(`
  la t0, user
  csrw mepc, t0
  li t0, 0x1800
  csrc mstatus, t0      # MPP = U
  mret
user:
  ecall`);
  t.deepEqual(r.traps[0].slice(0, 1), [EXC.ecallU]);
  t.is(r.traps[0][3], 0);
});

test('a misaligned jump target faults on the jump, with the target as tval', (t) => {
  const r = runSnippet('la t0, target\n addi t0, t0, 2\n jr t0\ntarget: nop');
  t.is(r.traps[0][0], EXC.instructionMisaligned);
  t.is(r.traps[0][1], r.sym('target') + 2);
});

test('LR/SC succeed on a reservation and fail without one; AMOs return the old value', (t) => {
  const r = runSnippet(`
  la a0, cell
  lr.w t0, (a0)
  addi t0, t0, 1
  sc.w t1, t0, (a0)      # succeeds: t1 = 0
  sc.w t2, t0, (a0)      # no reservation: t2 = 1
  li t3, 10
  amoadd.w t4, t3, (a0)  # t4 = old (8), cell = 18
  amomaxu.w t5, zero, (a0)
  lw t6, 0(a0)
  ebreak
.data
cell: .word 7`);
  const x = r.hart.x;
  t.deepEqual([x[6], x[7], x[29], x[30], x[31]], [0, 1, 8, 18, 18]);
});

test('delegated exceptions go to S-mode', (t) => {
  const r = runSnippet(`
  la t0, strap
  csrw stvec, t0
  li t0, 1 << 8
  csrw medeleg, t0      # delegate ecall-from-U
  la t0, user
  csrw mepc, t0
  li t0, 0x1800
  csrc mstatus, t0
  mret
user:
  ecall
strap:
  csrr a0, scause
  csrr a1, sepc
  csrr a2, sstatus
  ebreak`);
  t.is(r.hart.x[10], 8);
  t.is(r.hart.x[11] >>> 0, r.sym('user'));
  t.is(r.hart.x[12] & 0x100, 0, 'SPP = U');
  t.is(r.traps[0][3], 1, 'the ebreak came from S-mode');
});

test('with PMP implemented but no entry matching, U-mode fetches fail (access fault)', (t) => {
  const r = runSnippet(`
  la t0, user
  csrw mepc, t0
  li t0, 0x1800
  csrc mstatus, t0
  mret
user:
  ecall`, { noPmp: true });
  t.is(r.traps[0][0], EXC.instructionAccess);
  t.is(r.traps[0][1], r.sym('user'));
});
