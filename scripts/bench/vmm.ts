/**
 * The trap-and-emulate hypervisor's costs:
 * - host time of one exit (a CSR read emulated; a hidden page fault filled),
 *   median of 5 runs of a loop of 200,000 exits (hypervisor/test/vmm/_guests/exit-loops.s);
 * - exits per operation of each workload inside its measured region, native
 *   vs trap (exact: counts repeat run to run);
 * - the speed of guest code that causes no exits (compute), trapped vs native.
 */
import { buildFirmware, buildKernel } from '@pvlab/guest-kernel';
import { Hypervisor } from '../../hypervisor/src/vmm/hypervisor.js';
import { Machine } from '../../hypervisor/src/machine/machine.js';
import { loadElf } from '../../hypervisor/src/machine/elf-loader.js';
import { EXIT_REASONS } from '../../hypervisor/src/vmm/exit-reasons.js';
import type { ExitStats } from '../../hypervisor/src/vmm/exit-stats.js';
import { buildGuest } from '../../hypervisor/test/vmm/_guests/build.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Host ns per exit of a loop guest (KIND 0: CSR read, 1: hidden page fault). */
function exitCost(kind: 0 | 1): number {
  const elf = buildGuest('exit-loops', { KIND: kind, LOOPS: 200_000 });
  const runs: number[] = [];
  for (let rep = 0; rep < 6; rep++) {
    let t0 = 0, ns = 0;
    const hv = new Hypervisor({ kernels: [elf], onMarker: (m) => (m.event === 'begin' ? (t0 = performance.now()) : (ns = (performance.now() - t0) * 1e6)) });
    hv.run(1e8);
    if (rep > 0) runs.push(ns / 200_000); // the first run warms the JIT
  }
  return median(runs);
}

interface Region {
  instructions: number;
  exits: number;
  byReason: Record<string, number>;
  hostMs: number;
}

/** One workload's measured region, trapped. */
function trappedRegion(kernel: Uint8Array, name: string, n: number): Region {
  let at: ExitStats | undefined, t0 = 0, i0 = 0;
  let r: Region | undefined;
  const hv: Hypervisor = new Hypervisor({
    kernels: [kernel],
    onMarker: (m) => {
      const stats = hv.vms[0].stats;
      if (m.event === 'begin') {
        at = stats.snapshot();
        i0 = m.instructions;
        t0 = performance.now();
      } else {
        const d = stats.since(at!);
        r = { instructions: m.instructions - i0, exits: d.total, byReason: d.byReason(), hostMs: performance.now() - t0 };
      }
    },
  });
  hv.feed(hv.vms[0], Buffer.from(`run ${name} ${n}\nhalt\n`));
  hv.run(1e9);
  if (!r) throw new Error(`${name}: no measured region`);
  return r;
}

/** Host ms of a native region (firmware + kernel on a bare board). */
function nativeRegion(kernel: Uint8Array, firmware: Uint8Array, name: string, n: number): { instructions: number; hostMs: number } {
  let t0 = 0, i0 = 0, out = { instructions: 0, hostMs: 0 };
  const m: Machine = new Machine({
    onMarker: (event) => {
      if (event === 'begin') (t0 = performance.now()), (i0 = m.hart.retired());
      else out = { instructions: m.hart.retired() - i0, hostMs: performance.now() - t0 };
    },
  });
  loadElf(m.bus, kernel);
  m.loadElf(firmware);
  m.uart.feed(Buffer.from(`run ${name} ${n}\nhalt\n`));
  m.run(1e9);
  return out;
}

const WORKLOADS = [
  { name: 'null', n: 2000, ops: (n: number) => n, what: 'system call' },
  { name: 'ctxsw', n: 400, ops: (n: number) => 2 * n, what: 'switch' },
  { name: 'pgfault', n: 100, ops: (n: number) => n, what: 'fault' },
  { name: 'fork', n: 20, ops: (n: number) => n, what: 'fork' },
  { name: 'console', n: 20, ops: (n: number) => n, what: 'line' },
  { name: 'timer', n: 4, ops: (n: number) => n, what: 'sleep' },
  { name: 'compute', n: 4, ops: (n: number) => n, what: 'round' },
] as const;

export function benchVmm() {
  const kernel = buildKernel().elf;
  const firmware = buildFirmware().elf;
  const csrNs = exitCost(0);
  const faultNs = exitCost(1);
  const workloads = WORKLOADS.map((w) => {
    const t = trappedRegion(kernel, w.name, w.n);
    return { ...w, ops: w.ops(w.n), trap: t };
  });
  // compute: best of 3 host times, native and trapped.
  const nat = [0, 1, 2].map(() => nativeRegion(kernel, firmware, 'compute', 150));
  const trp = [0, 1, 2].map(() => trappedRegion(kernel, 'compute', 150));
  const mips = (r: { instructions: number; hostMs: number }[]) => Math.max(...r.map((x) => x.instructions / x.hostMs / 1e3));
  return { csrNs, faultNs, workloads, computeNativeMips: mips(nat), computeTrapMips: mips(trp) };
}

export function printVmmBench(b: ReturnType<typeof benchVmm>): void {
  const f = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log('trap-and-emulate hypervisor: host cost of an exit (median of 5 loops of 200,000 exits)');
  console.log(`  CSR-emulation exit (csrr sscratch):  ${f(b.csrNs)} ns   (target < 1,000${b.csrNs < 1000 ? ', met' : ', MISSED'})`);
  console.log(`  hidden page fault (shadow fill):     ${f(b.faultNs)} ns`);
  console.log('exits per operation inside each workload\'s measured region, trap mode (native: 0); exact');
  for (const w of b.workloads) {
    const top = Object.entries(w.trap.byReason).sort((a, c) => c[1] - a[1]).slice(0, 4).map(([r, k]) => `${r} ${f(k / w.ops, 1)}`).join(', ');
    console.log(`  ${w.name.padEnd(8)} ${f(w.trap.exits / w.ops, 1).padStart(8)} exits per ${w.what.padEnd(12)} (${top})`);
  }
  const ratio = b.computeTrapMips / b.computeNativeMips;
  console.log(`  compute without exits: native ${f(b.computeNativeMips)} MIPS, trap ${f(b.computeTrapMips)} MIPS = ${f(100 * ratio)}% of native   (target ≥ 90%${ratio >= 0.9 ? ', met' : ', MISSED'})`);
  void EXIT_REASONS;
}
