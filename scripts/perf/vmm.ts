/**
 * The hypervisor's costs, through the product's own entry points (nothing
 * here reaches into the sources or the tests):
 * - the host time of one exit (`measureExitCost`), median of 5 loops of
 *   200,000 exits: trapped, a CSR read emulated and a hidden page fault
 *   filled; paravirtualized, a call with no work (the fixed cost of an exit)
 *   a multicall of two entries (new_baseptr and tlb_flush, as a context
 *   switch made them before new_baseptr could flush: the fixed cost plus the
 *   work of its entries, counted apart per entry) and a page fault's
 *   mmu_update of one PTE with its page's flush;
 * - exits per operation of each workload, trapped: the benchmark harness's
 *   trap rows (`runBench`), the very figures `pvlab bench` prints;
 * - the speed of guest code that makes no exit (compute), trapped against
 *   native: the harness's guest MIPS of both rows.
 */
import { measureExitCost, type BenchResult, type ExitCost } from '@pvlab/hypervisor';
import { targetNote } from './targets.js';

/** The exit costs `npm run bench` prints. */
export interface ExitCosts {
  readonly csr: ExitCost;
  readonly fault: ExitCost;
  readonly hypercall: ExitCost;
  readonly multicall: ExitCost;
  readonly pteUpdate: ExitCost;
}

/**
 * Measure the exit costs. perf.ts does this first, in a process that has
 * run nothing else yet, so that they measure the exit path and not what the
 * process ran before (after the harness's native and trap runs, the same
 * exits took about 10-15% more CPU time here). The wall time is printed
 * beside the CPU time: on a machine shared with other work the wall time
 * of an exit is several times its CPU time (measured at a load of 16 on 2
 * cores: a CSR exit 1.6-2.2 us of wall time, 0.32-0.37 us of CPU time),
 * which is why the CSR exit read 1,472 ns where it had read 407.
 */
export function exitCosts(): ExitCosts {
  return { csr: measureExitCost('csr-read'), fault: measureExitCost('shadow-fault'), hypercall: measureExitCost('hypercall'), multicall: measureExitCost('multicall'), pteUpdate: measureExitCost('pte-update') };
}

const f = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** The lines `npm run bench` prints for the hypervisor. */
export function vmmLines(costs: ExitCosts, result: BenchResult): string[] {
  const perEntry = (costs.multicall.nsPerExit - costs.hypercall.nsPerExit) / 2;
  const lines = [
    `hypervisor: host cost of an exit, the hart's trap to the guest's next instruction (median of 5 loops of ${f(costs.csr.loops)} exits, measured first in this process; wall time, and the process's CPU time)`,
    `  trapped, CSR-emulation exit (csrr sscratch):     ${f(costs.csr.nsPerExit).padStart(6)} ns (CPU ${f(costs.csr.cpuNsPerExit)} ns)   ${targetNote('csrExitNs', costs.csr.nsPerExit)}`,
    `  trapped, hidden page fault (shadow fill):        ${f(costs.fault.nsPerExit).padStart(6)} ns (CPU ${f(costs.fault.cpuNsPerExit)} ns)`,
    `  paravirtual, a call with no work (spec_version): ${f(costs.hypercall.nsPerExit).padStart(6)} ns (CPU ${f(costs.hypercall.cpuNsPerExit)} ns)   ${targetNote('hypercallExitNs', costs.hypercall.nsPerExit)}`,
    `  paravirtual, a multicall of two entries:         ${f(costs.multicall.nsPerExit).padStart(6)} ns (CPU ${f(costs.multicall.cpuNsPerExit)} ns) = that + 2 entries (new_baseptr, tlb_flush) of ${f(perEntry)} ns each`,
    `  paravirtual, a page fault's mmu_update:          ${f(costs.pteUpdate.nsPerExit).padStart(6)} ns (CPU ${f(costs.pteUpdate.cpuNsPerExit)} ns) = one PTE validated, written to the guest's table and its shadow, and its page flushed`,
    'exits per operation, trapped (native: 0); exact: the trap rows of pvlab bench',
  ];
  const trap = result.rows.filter((r) => r.mode === 'trap');
  for (const row of trap) {
    const top = Object.entries(row.exitsPerOpByReason).filter(([, k]) => k > 0).sort((a, c) => c[1] - a[1]).slice(0, 4).map(([r, k]) => `${r} ${f(k, 1)}`).join(', ');
    lines.push(`  ${row.workload.padEnd(10)} ${f(row.exitsPerOp, 1).padStart(8)} exits per ${row.operation.padEnd(8)} (${top})`);
  }
  const mips = (mode: string) => result.rows.find((r) => r.workload === 'compute' && r.mode === mode)?.guestMips.median;
  const native = mips('native');
  const trapped = mips('trap');
  if (native && trapped) {
    const share = (100 * trapped) / native;
    lines.push(`  compute without exits: native ${f(native)} MIPS, trap ${f(trapped)} MIPS = ${f(share)}% of native   ${targetNote('computeTrapShare', share)}`);
  }
  return lines;
}
