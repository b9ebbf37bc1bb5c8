/**
 * Sstc's stimecmp is 64 bits written as two halves (the idiom: low ← all
 * ones, high ← new, low ← new, so no spurious interrupt in between). The
 * board keeps the halves exactly: a double would round all ones to 2^64 and
 * lose the high half on the next low write. Found by the guest kernel's
 * tickless idle.
 */
import test from 'ava';
import { runSnippet } from '../_helpers/hart-run.js';

const ENABLE = `
  li t0, 1 << 31
  csrs menvcfgh, t0      # STCE
`;

test('stimecmp reads back all ones after all ones is written to both halves', (t) => {
  const r = runSnippet(`${ENABLE}
  li t0, -1
  csrw stimecmp, t0
  csrw stimecmph, t0
  csrr a0, stimecmp
  csrr a1, stimecmph
  ebreak`);
  t.is(r.hart.x[10] >>> 0, 0xffff_ffff);
  t.is(r.hart.x[11] >>> 0, 0xffff_ffff);
});

test('the three-write idiom sets exactly the value written, even far in the future', (t) => {
  const r = runSnippet(`${ENABLE}
  li t0, -1
  csrw stimecmp, t0
  li t1, 0x7fffffff
  csrw stimecmph, t1
  li t2, 0x12345678
  csrw stimecmp, t2
  csrr a0, stimecmp
  csrr a1, stimecmph
  ebreak`);
  t.is(r.hart.x[10] >>> 0, 0x1234_5678);
  t.is(r.hart.x[11] >>> 0, 0x7fff_ffff);
  t.is(r.hart.stimecmpHi, 0x7fff_ffff);
  t.false((r.hart.mip() & (1 << 5)) !== 0, 'no timer interrupt pending for a deadline that far away');
});
