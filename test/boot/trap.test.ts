/**
 * Full virtualization against the native boot (Popek and Goldberg's
 * equivalence): the unmodified kernel.elf, deprivileged under the
 * trap-and-emulate hypervisor, prints the scripted session — every
 * workload, the faults, the attack — byte for byte as it does natively,
 * alone or beside another VM; and its exits are exactly reproducible.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { boot } from '@pvlab/hypervisor';
import { NATIVE_GOLDEN, SESSION_EXIT_CODE, SESSION_SCRIPT, bootNativeWithoutDeviceTree, images } from './_helpers/kernel.js';

const trapped = () => boot(images().kernel, { mode: 'trap', script: SESSION_SCRIPT, maxInstructions: 500_000_000 });
const run = trapped();
const golden = readFileSync(NATIVE_GOLDEN, 'latin1');

test('trapped, the scripted session is byte-identical to the native one', (t) => {
  t.is(run.stop, 'shutdown');
  t.is(run.exitCode, SESSION_EXIT_CODE);
  t.is(run.transcript, golden);
});

test('trapped, every kind of exit the kernel causes is counted, and the counts repeat exactly', (t) => {
  const reasons = run.exits!.byReason();
  for (const r of ['csr-read', 'csr-write', 'sret', 'wfi', 'sfence-vma', 'mmio-read', 'mmio-write', 'shadow-fault', 'guest-page-fault', 'guest-ecall', 'timer-irq']) t.true((reasons[r] ?? 0) > 0, r);
  const again = trapped();
  t.deepEqual(again.exits!.byReason(), reasons);
  t.is(again.instructions, run.instructions);
  t.deepEqual(again.regions, run.regions);
});

test('the benchmark regions count the same guest instructions trapped as natively (on a board with the VM\'s view: no device tree)', (t) => {
  t.deepEqual(run.regions.map((r) => r.instructions), bootNativeWithoutDeviceTree(SESSION_SCRIPT));
});

test('two VMs side by side each print the native transcript', (t) => {
  const script = 'echo two at once\nrun null 50\nrun fork 4\nrun compute 1\nhalt 3\n';
  const { kernel, firmware } = images();
  const native = boot(kernel, { firmware, script, maxInstructions: 100_000_000 });
  const two = boot(kernel, { mode: 'trap', vms: 2, script, maxInstructions: 200_000_000 });
  t.is(two.guests!.length, 2);
  for (const g of two.guests!) {
    t.is(g.transcript, native.transcript);
    t.is(g.exitCode, 3);
  }
});
