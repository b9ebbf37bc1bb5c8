/**
 * Trap-and-emulate against the board itself: a guest kernel that exercises
 * every kind of exit (mini-kernel.s) gives the same console transcript, the
 * same instruction count and the same cycle count natively and trapped —
 * Popek and Goldberg's equivalence, down to the instruction.
 */
import test from 'ava';
import { buildGuest } from './_guests/build.js';
import { runNative, runTrapped } from './_helpers/run.js';
import { useCompiler } from '@pvlab/hypervisor';

const mini = buildGuest('mini-kernel');

test('the mini kernel runs identically natively and trapped: transcript, instructions, cycles', (t) => {
  const native = runNative(mini);
  t.is(native.stop, 'finisher');
  t.is(native.exitCode, 0);
  t.true(native.output.includes('mini-kernel: bye'));
  const { runs, result } = runTrapped([mini]);
  t.is(result.stop, 'monitor');
  t.is(runs[0].exitCode, 0);
  t.is(runs[0].output, native.output);
  t.is(runs[0].instructions, native.instructions);
  t.is(runs[0].cycles, native.cycles);
});

test('trapped, the mini kernel takes every kind of exit it provokes', (t) => {
  const { hv } = runTrapped([mini]);
  const byReason = hv.vms[0].stats.byReason();
  for (const reason of ['csr-read', 'csr-write', 'sret', 'wfi', 'sfence-vma', 'mmio-read', 'mmio-write', 'shadow-fault', 'guest-page-fault', 'guest-ecall', 'guest-exception', 'timer-irq']) {
    t.true((byReason[reason] ?? 0) > 0, reason);
  }
  // 25 counting calls + write + exit, each one user ecall reflected.
  t.is(byReason['guest-ecall'], 27);
});

test('exit statistics are exactly reproducible', (t) => {
  const a = runTrapped([mini]).hv.vms[0].stats;
  const b = runTrapped([mini]).hv.vms[0].stats;
  t.deepEqual([...a.counts], [...b.counts]);
});

test('two VMs side by side each give their native transcript', (t) => {
  const native = runNative(mini);
  const { runs, result } = runTrapped([mini, mini]);
  t.is(result.stop, 'monitor');
  for (const r of runs) {
    t.is(r.output, native.output);
    t.is(r.instructions, native.instructions);
    t.is(r.exitCode, 0);
  }
});

test('the trace names each exit with its pc, symbol and effect', (t) => {
  const lines: string[] = [];
  runTrapped([mini], 50_000_000, (r) => lines.push(`${r.reason} ${r.pc.toString(16)} ${r.effect}`));
  t.true(lines.some((l) => /^csr-write 80200... csr 0x105: /.test(l)), 'stvec write');
  t.true(lines.some((l) => /^mmio-write .* sb 0x10000000 ← 0x6d \[putc/.test(l)), 'first console byte');
  t.true(lines.some((l) => /^sret .* to U-mode at 0x10000/.test(l)));
});

for (const [how, hot] of [['interpreted when cold', undefined], ['compiled at once', 1]] as const) {
  test.serial(`compressed loads and stores to devices (c.sw, c.lw, c.swsp, c.lwsp) are emulated, and the guest resumes 2 bytes on (${how})`, (t) => {
    useCompiler(true, { hot });
    try {
      const guest = buildGuest('compressed-mmio');
      const native = runNative(guest);
      t.is(native.output, '53\nf');
      t.is(native.exitCode, 0);
      const lines: string[] = [];
      const { runs, hv } = runTrapped([guest], 50_000_000, (r) => lines.push(`${r.reason} ${r.effect}`));
      t.is(runs[0].output, native.output);
      t.is(runs[0].exitCode, 0);
      t.is(runs[0].instructions, native.instructions);
      t.is(runs[0].cycles, native.cycles);
      t.deepEqual(lines.filter((l) => / lw | sw /.test(l)), [
        'mmio-write sw 0xc000004 ← 0x5 [_start+0x6]', 'mmio-read lw 0xc000004 → 0x5 [_start+0x8]', // 2 bytes apart
        'mmio-write sw 0xc000008 ← 0x3 [_start+0x1a]', 'mmio-read lw 0xc000008 → 0x3 [_start+0x1c]',
        ...[5, 4, 3, 2, 1].flatMap((v) => [`mmio-write sw 0xc00000c ← 0x${v} [_start+0x38]`, `mmio-read lw 0xc00000c → 0x${v} [_start+0x3a]`]), // the loop
        'mmio-write sw 0x100000 ← 0x5555 [_start+0x58]',
      ]);
      t.is(hv.vms[0].stats.byReason()['mmio-read'], 7);
    } finally {
      useCompiler(true);
    }
  });
}
