/**
 * `firmwareMode: 'guest'` (`pvlab boot --mode trap --firmware guest`): pvlab's
 * own firmware.elf and kernel.elf, both virtualized — the reset ROM enters
 * the firmware in virtual M-mode, its CSR writes (delegation, PMP, Sstc) and
 * its mret are emulated, and it enters the kernel in virtual S-mode, which
 * then pages, uses SUM and runs its users in virtual U. The scripted session
 * prints the native transcript and retires exactly the native instruction
 * count: the firmware's instructions and the reset ROM's are the guest's
 * own now, as on the board.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BootError, boot } from '@pvlab/hypervisor';
import { NATIVE_GOLDEN, SESSION_EXIT_CODE, SESSION_SCRIPT, images } from './_helpers/kernel.js';

const CLI = join(import.meta.dirname, '../../hypervisor/dist/cli/main.js');
const { kernel, firmware } = images();
const golden = readFileSync(NATIVE_GOLDEN, 'latin1');

test('firmware and kernel both virtualized: the native transcript, exit code and instruction count', (t) => {
  const native = boot(kernel, { firmware, script: SESSION_SCRIPT, maxInstructions: 500_000_000 });
  const run = boot(kernel, { mode: 'trap', firmware, firmwareMode: 'guest', script: SESSION_SCRIPT, maxInstructions: 500_000_000 });
  t.is(run.stop, 'shutdown');
  t.is(run.exitCode, SESSION_EXIT_CODE);
  t.is(run.transcript, golden);
  t.is(run.instructions, native.instructions);
  const reasons = run.exits!.byReason();
  // The firmware's machine-level CSR writes and its one mret; the kernel's own exits as with the builtin firmware.
  t.true((reasons['m-csr'] ?? 0) >= 10, `m-csr ${reasons['m-csr']}`);
  t.is(reasons.mret, 1);
  for (const r of ['csr-read', 'csr-write', 'sret', 'wfi', 'sfence-vma', 'shadow-fault', 'guest-page-fault', 'guest-ecall', 'timer-irq']) t.true((reasons[r] ?? 0) > 0, r);
  t.is(reasons.hypercall ?? 0, 0, 'the guest\'s firmware, not the hypervisor, is its M-mode');
  t.is(reasons['m-ecall'] ?? 0, 0, 'pvlab\'s kernel makes no SBI call: its firmware hands over and stays out of the way');
});

test('two VMs, each with its own virtual firmware, each print the native transcript', (t) => {
  const script = 'echo two at once\nrun null 50\nrun fork 4\nhalt 3\n';
  const native = boot(kernel, { firmware, script, maxInstructions: 100_000_000 });
  const two = boot(kernel, { mode: 'trap', firmware, firmwareMode: 'guest', vms: 2, script, maxInstructions: 200_000_000 });
  for (const g of two.guests!) {
    t.is(g.transcript, native.transcript);
    t.is(g.exitCode, 3);
  }
});

test('a guest firmware runs under trap only, and needs its image', (t) => {
  t.is(t.throws(() => boot(kernel, { mode: 'trap', firmwareMode: 'guest' }), { instanceOf: BootError })?.code, 'no-firmware');
  t.regex(t.throws(() => boot(images().kernel, { mode: 'native', firmware, firmwareMode: 'guest' }), { instanceOf: BootError })?.message ?? '', /runs under trap and emulate \(mode trap\), not in mode native/);
});

test('pvlab boot --mode trap --firmware guest prints the native session; --firmware builtin is today\'s trap boot', (t) => {
  const pvlab = (args: string[]) => spawnSync(process.execPath, [CLI, 'boot', ...args], { encoding: 'utf8', input: 'echo virtual firmware\nhalt 2\n' });
  const native = pvlab(['--stats']);
  const guest = pvlab(['--mode', 'trap', '--firmware', 'guest', '--stats']);
  const builtin = pvlab(['--mode', 'trap', '--firmware', 'builtin', '--stats']);
  t.is(native.status, 2, native.stderr);
  t.is(guest.status, 2, guest.stderr);
  t.is(builtin.status, 2, builtin.stderr);
  t.is(guest.stdout, native.stdout);
  t.is(builtin.stdout, native.stdout);
  const count = (s: string) => /^instructions\s+([\d,]+)/m.exec(s)?.[1];
  t.is(count(guest.stderr), count(native.stderr));
  t.not(count(builtin.stderr), count(native.stderr), 'with the builtin firmware the reset ROM and firmware do not run in the guest');
  t.regex(guest.stderr, /^ {2}mret\s+1\s/m);
  const bad = pvlab(['--mode', 'paravirt', '--firmware', 'guest']);
  t.is(bad.status, 2);
  t.regex(bad.stderr, /^pvlab: boot: --firmware guest: a firmware in the guest's own M-mode runs under --mode trap/);
});
