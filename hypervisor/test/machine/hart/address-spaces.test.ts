/**
 * Compiled code is kept across `satp` writes and `sfence.vma` (it is keyed
 * by the physical address of its code), so what it assumed of a
 * translation must be checked again after one: a region compiled while one
 * address space was current must never run code another space maps at the
 * same virtual address. (The invariant main's block compiler kept with
 * `nextEpoch`: a link to a successor is followed only in the TLB epoch it
 * was made in.)
 */
import test from 'ava';
import { useCompiler } from '@pvlab/hypervisor';
import { loadSnippet } from '../_helpers/hart-run.js';

// Two address spaces map VA 0x40001000 (not in the TLB slot of the code's own page) to two pages of
// code (li a0, 1 / li a0, 2; ret). S-mode switches between them and calls the page twice in each:
// every call must run the page of the current space, though the code that calls it was compiled,
// and linked to the callee, while the other space was current.
const TWO_SPACES = `
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
  li s1, ROUNDS
loop:
  andi t0, s1, 1
  li t1, (1 << 31) | (ROOT_B >> 12)
  beqz t0, 1f
  li t1, (1 << 31) | (ROOT_A >> 12)
1:
  csrw satp, t1
  SFENCE
  li s2, 2
call:
  li t2, 0x40001000
  jalr ra, 0(t2)
  add s0, s0, a0
  addi s2, s2, -1
  bnez s2, call
  addi s1, s1, -1
  bnez s1, loop
  ebreak`;

const ways: [string, () => void][] = [
  ['interpreter only', () => useCompiler(false)],
  ['compiled at once', () => useCompiler(true, { hot: 1 })],
  ['compiled after 40 instructions', () => useCompiler(true, { hot: 40 })],
];

for (const [sfence, why] of [['sfence.vma', 'with sfence.vma'], ['nop', 'satp alone (the write flushes this board\'s TLB)']] as const) {
  for (const [way, set] of ways) {
    test.serial(`two spaces map one page to different code: each call runs the current space's (${why}, ${way})`, (t) => {
      const rounds = 40;
      set();
      const s = loadSnippet(TWO_SPACES.replace('ROUNDS', `${rounds}`).replace('SFENCE', sfence));
      s.go();
      useCompiler(true);
      t.is(s.traps[0]?.[0], 3, 'ended at the ebreak');
      t.is(s.hart.x[8], (rounds / 2) * 2 * (1 + 2));
    });
  }
}

test.serial('two spaces, compiled at once and run in slices of 1 to 13 steps: the same sum and count as one run', (t) => {
  useCompiler(true, { hot: 1 });
  const text = TWO_SPACES.replace('ROUNDS', '40').replace('SFENCE', 'sfence.vma');
  const whole = loadSnippet(text);
  whole.go();
  const sliced = loadSnippet(text);
  let slice = 1;
  while (sliced.traps.length === 0 && sliced.hart.retired() < 1_000_000) {
    sliced.go(slice);
    slice = (slice * 5) % 13 || 1;
  }
  useCompiler(true);
  t.deepEqual([sliced.hart.x[8], sliced.hart.retired()], [whole.hart.x[8], whole.hart.retired()]);
});
