/**
 * One exit cannot hold the hart (issue 13, item 2): a guest that asks for a
 * great deal in one ecall — a multicall of huge mmu_update batches, one
 * mmu_update of a quarter million requests, console writes of megabytes —
 * gets it all, each request and byte exactly once, but in parts: no exit
 * does more than EXIT_WORK units (plus one indivisible step), its call is
 * continued as Xen continues a preempted hypercall, and the kernel beside it
 * gets the hart back after at most a quantum's worth of that work, printing
 * exactly what it prints alone. PVLAB_HUGE_REQS sets the batch size.
 */
import test from 'ava';
import { buildKernel } from '@pvlab/guest-kernel';
import { Hypervisor } from '../../src/vmm/hypervisor.js';
import { EXIT_WORK, WORK } from '../../src/vmm/work.js';
import type { ExitRecord } from '../../src/vmm/exit-stats.js';
import type { VirtMode } from '../../src/vmm/virtualization.js';
import { buildGuest } from './_guests/build.js';

const REQS = Number(process.env.PVLAB_HUGE_REQS ?? 65536);
const ENTRIES = 8;
const QUANTUM = 20_000;
/** The most one indivisible step can do: a PTE write and a table built (never here: no pointers are written). */
const STEP = WORK.pteWrite + 1024 * WORK.shadowEntry;
const kernels = { paravirt: buildKernel({ paravirt: true }).elf, trap: buildKernel().elf };
const SCRIPT = 'echo beside a huge batch\nrun compute 40\nrun null 100\nhalt 5\n';
const alone = Object.fromEntries((['paravirt', 'trap'] as const).map((mode) => {
  const out: number[] = [];
  const hv = new Hypervisor({ mode, kernels: [kernels[mode]], output: (_vm, b) => out.push(b) });
  hv.feed(hv.vms[0], Buffer.from(SCRIPT));
  hv.run(1e9);
  return [mode, Buffer.from(out).toString('latin1')];
})) as Record<VirtMode, string>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

/** The hostile guest as VM 0 beside the stock kernel; every exit recorded. */
function beside(mode: VirtMode, defsym: Record<string, number>) {
  const hostile = buildGuest('huge-batch', { ...defsym, PV: mode === 'paravirt' ? 1 : 0 });
  const out: number[] = [];
  let printed = 0;
  const exits: ExitRecord[] = [];
  const hv = new Hypervisor({
    mode, kernels: [hostile, kernels[mode]], exitQuantum: QUANTUM,
    output: (vm, b) => (vm === 1 ? out.push(b) : printed++),
    trace: (r) => exits.push({ ...r, effect: r.vm === 0 && r.effect.includes('→ continued') ? 'part' : '' }),
  });
  hv.feed(hv.vms[1], Buffer.from(SCRIPT));
  hv.run(4e9);
  const evil = hv.vms[0];
  // While the call is in progress (from its first part to its end) and the kernel computes, the hostile
  // VM's work between two exits of the kernel is at most one turn's.
  const first = exits.findIndex((e) => e.effect === 'part');
  const last = Math.min(exits.findLastIndex((e) => e.effect === 'part') + 1, exits.findLastIndex((e) => e.vm === 1));
  let since = 0, turn = 0, kernelExits = 0;
  for (const e of exits.slice(first, last + 1)) {
    if (e.vm === 1) (since = 0), kernelExits++;
    else turn = Math.max(turn, (since += 1 + e.work));
  }
  const mine = exits.filter((e) => e.vm === 0);
  return {
    hv, evil, printed, transcript: Buffer.from(out).toString('latin1'), turn, kernelExits, parts: first < 0 ? 0 : exits.filter((e) => e.effect === 'part').length,
    verdict: evil.guest.bus.read(evil.program.symbols.get('verdict')!, 4),
    maxWork: Math.max(...mine.map((e) => e.work)), exits: mine.length,
    // Host time is measured on a shared machine: the median part, and the longest (generously: a stalled process shows there).
    partMs: median(mine.filter((e) => e.effect === 'part').map((e) => e.ns / 1e6)), maxMs: Math.max(...mine.map((e) => e.ns)) / 1e6,
  };
}

const CASES = [
  { what: `one multicall of ${ENTRIES} mmu_update batches of ${REQS} requests`, defsym: { KIND: 0, REQS, ENTRIES }, calls: { multicall: 1, mmu_update: ENTRIES }, work: ENTRIES * (1 + REQS * WORK.pteWrite) },
  { what: `one mmu_update of ${4 * REQS} requests`, defsym: { KIND: 1, REQS: 4 * REQS }, calls: { mmu_update: 1 }, work: 4 * REQS * WORK.pteWrite },
  { what: 'one console_write of 4 MiB', defsym: { KIND: 2, BYTES: 4 << 20 }, calls: { console_write: 1 }, work: (4 << 20) * WORK.consoleByte, bytes: 4 << 20 },
  { what: `one multicall of ${ENTRIES} console_writes of 512 KiB`, defsym: { KIND: 3, BYTES: 512 << 10, ENTRIES }, calls: { multicall: 1, console_write: ENTRIES }, work: ENTRIES * (1 + (512 << 10) * WORK.consoleByte), bytes: ENTRIES * (512 << 10) },
];

for (const mode of ['paravirt', 'trap'] as const) {
  for (const c of CASES) {
    test(`${mode}: ${c.what} is done whole, in exits of bounded work, and the kernel beside it keeps its turns`, (t) => {
      const r = beside(mode, c.defsym as unknown as Record<string, number>);
      t.is(r.verdict, 1, 'every result the guest checked is right (each request and byte done exactly once)');
      t.is(r.evil.exitCode, 0);
      for (const [name, n] of Object.entries(c.calls)) t.is(r.evil.stats.hypercalls.get(name), n, `${name} counted once per call, not per part`);
      if (c.bytes) t.is(r.printed, c.bytes);
      t.true(r.maxWork <= EXIT_WORK + STEP, `an exit did ${r.maxWork} units`);
      t.true(r.parts >= Math.floor(c.work / (EXIT_WORK + STEP)), `${r.parts} parts for ${c.work} units of work`);
      t.true(r.kernelExits > 0, 'the kernel ran while the call was in progress');
      t.true(r.turn <= QUANTUM + EXIT_WORK + STEP, `the hostile VM did ${r.turn} units between two exits of the kernel`);
      t.true(r.partMs < 100, `a part took ${r.partMs.toFixed(1)} ms of host time (median)`);
      t.true(r.maxMs < 1000, `an exit took ${r.maxMs.toFixed(1)} ms of host time`);
      t.is(r.hv.vms[1].exitCode, 5);
      t.is(r.transcript, alone[mode]);
    });
  }
}
