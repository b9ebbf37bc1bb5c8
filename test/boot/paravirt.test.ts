/**
 * Paravirtualization: kernel-pv.elf runs confined in S-mode under the
 * hypervisor and asks for what it may not do. Its scripted session prints
 * what the native kernel prints but for the banner line that names the
 * build; and the exits it costs per operation meet the design's targets
 * against native (none) and trap-and-emulate.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { buildKernel } from '@pvlab/guest-kernel';
import { boot, type BootRun } from '@pvlab/hypervisor';
import { NATIVE_GOLDEN, SESSION_EXIT_CODE, SESSION_SCRIPT, images, timeless, withPvHelp } from './_helpers/kernel.js';

const pv = buildKernel({ paravirt: true }).elf;
const session = boot(pv, { mode: 'paravirt', script: SESSION_SCRIPT, maxInstructions: 500_000_000 });

test('paravirtualized, the scripted session equals the native one but for the banner naming the build and its help\'s free', (t) => {
  t.is(session.stop, 'shutdown');
  t.is(session.exitCode, SESSION_EXIT_CODE);
  const native = withPvHelp(timeless(readFileSync(NATIVE_GOLDEN, 'latin1'))).split('\n');
  const ours = timeless(session.transcript).split('\n');
  t.is(ours[0], 'pvlab kernel (paravirt)');
  t.is(native[0], 'pvlab kernel (native)');
  t.deepEqual(ours.slice(1), native.slice(1));
});

test('a paravirtual guest exits only to ask (hypercalls): its faults, illegal instructions included, and its interrupts go to it', (t) => {
  const reasons = session.exits!.byReason();
  t.deepEqual(Object.keys(reasons), ['hypercall']);
  const calls = Object.fromEntries(session.exits!.hypercalls);
  for (const name of ['probe_extension', 'console_write', 'console_read', 'mmu_update', 'new_baseptr', 'bench_marker', 'idle', 'shutdown']) t.true(calls[name] > 0, name);
});

/** Exits inside the measured region of `run NAME n`. */
function regionExits(mode: 'trap' | 'paravirt', name: string, n: number): number {
  const kernel = mode === 'paravirt' ? pv : images().kernel;
  const r: BootRun = boot(kernel, { mode, script: `run ${name} ${n}\nhalt\n`, maxInstructions: 500_000_000 });
  if (r.regionExits?.length !== 1) throw new Error(`${name}: ${r.regionExits?.length} regions`);
  return r.regionExits[0].total;
}
/** Exits per operation: the difference of two counts, so set-up and the markers cancel. */
function perOp(mode: 'trap' | 'paravirt', name: string, n1: number, n2: number, opsPerN = 1): number {
  return (regionExits(mode, name, n2) - regionExits(mode, name, n1)) / ((n2 - n1) * opsPerN);
}

test('null system call: no exit paravirtualized (as natively), at least 5 trapped', (t) => {
  t.is(perOp('paravirt', 'null', 100, 200), 0);
  t.true(perOp('trap', 'null', 100, 200) >= 5);
});

test('context switch: at most one exit paravirtualized', (t) => {
  const p = perOp('paravirt', 'ctxsw', 50, 100, 2);
  t.true(p <= 1, `${p} exits per switch`);
  t.true(perOp('trap', 'ctxsw', 50, 100, 2) > p);
});

test('fork: at least ten times fewer exits paravirtualized than trapped', (t) => {
  const p = perOp('paravirt', 'fork', 5, 10), x = perOp('trap', 'fork', 5, 10);
  t.true(p * 10 <= x, `paravirt ${p}, trap ${x} exits per fork`);
});

test('console: one exit per write paravirtualized, not one per byte', (t) => {
  t.is(perOp('paravirt', 'console', 5, 10), 1);
  t.true(perOp('trap', 'console', 5, 10) > 10);
});

test('page faults: one exit each paravirtualized (the new PTE and the flush of its page in one mmu_update), more trapped', (t) => {
  t.is(perOp('paravirt', 'pgfault', 10, 20), 1);
  t.true(perOp('trap', 'pgfault', 10, 20) > 1);
});

test('page faults and giving the pages back: ten pages more cost ten mmu_update calls more paravirtualized, and nothing else', (t) => {
  // The whole program: N faults, then one sbrk that gives the N + 1 pages back (one exit for the range, not one a page).
  const calls = (n: number) => new Map(boot(pv, { mode: 'paravirt', script: `run pgfault ${n}\nhalt\n`, maxInstructions: 500_000_000 }).exits!.hypercalls);
  const a = calls(10), b = calls(20);
  const more = Object.fromEntries([...new Set([...a.keys(), ...b.keys()])].map((k) => [k, (b.get(k) ?? 0) - (a.get(k) ?? 0)]).filter(([, d]) => d !== 0));
  t.deepEqual(more, { mmu_update: 10 });
});

test('two paravirtual VMs side by side each print the paravirtual transcript, and runs repeat exactly', (t) => {
  const script = 'echo two at once\nrun null 50\nrun fork 4\nrun ctxsw 10\nhalt 3\n';
  const one = boot(pv, { mode: 'paravirt', script, maxInstructions: 100_000_000 });
  const two = boot(pv, { mode: 'paravirt', vms: 2, script, maxInstructions: 200_000_000 });
  for (const g of two.guests!) {
    t.is(g.transcript, one.transcript);
    t.is(g.exitCode, 3);
  }
  const again = boot(pv, { mode: 'paravirt', script, maxInstructions: 100_000_000 });
  t.deepEqual(again.exits!.byReason(), one.exits!.byReason());
  t.is(again.instructions, one.instructions);
});

// A process's page tables are freed with their entries in place and come back as the next process's:
// its shadow must be of what they hold then (vmm/paravirt/eager-shadow.ts). Found by a heap of 4 pages
// and then heaps of 40: the fourth process's store went through a dead one's mapping into a free page,
// and the kernel panicked in kalloc. Natively and trapped the same script was always fine.
test('processes that reuse a dead one\'s page tables see only their own mappings (heaps of 4, then 40, 40, 40 pages)', (t) => {
  const script = `run pgfault 4\n${'run pgfault 40\n'.repeat(3)}halt\n`;
  const r = boot(pv, { mode: 'paravirt', script, maxInstructions: 500_000_000 });
  t.is(r.stop, 'shutdown');
  t.is(r.exitCode, 0, r.transcript.slice(-300));
  t.is(r.transcript.match(/^pgfault: \d+ pages touched ok$/gm)?.length, 4);
});
