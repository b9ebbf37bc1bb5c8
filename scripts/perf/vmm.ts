/**
 * The trap-and-emulate hypervisor's costs, through the product's own
 * entry points (nothing here reaches into the sources or the tests):
 * - the host time of one exit (`measureExitCost`: a CSR read emulated, a
 *   hidden page fault filled), median of 5 loops of 200,000 exits;
 * - exits per operation of each workload, trapped: the benchmark harness's
 *   trap rows (`runBench`), the very figures `pvlab bench` prints;
 * - the speed of guest code that makes no exit (compute), trapped against
 *   native: the harness's guest MIPS of both rows.
 */
import { measureExitCost, type BenchResult, type ExitCost } from '@pvlab/hypervisor';
import { targetNote } from './targets.js';

/** The two exit costs. */
export function exitCosts(): { csr: ExitCost; fault: ExitCost } {
  return { csr: measureExitCost('csr-read'), fault: measureExitCost('shadow-fault') };
}

const f = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** The lines `npm run bench` prints for the hypervisor. */
export function vmmLines(costs: { csr: ExitCost; fault: ExitCost }, result: BenchResult): string[] {
  const lines = [
    `trap-and-emulate hypervisor: host cost of an exit (median of 5 loops of ${f(costs.csr.loops)} exits)`,
    `  CSR-emulation exit (csrr sscratch):  ${f(costs.csr.nsPerExit)} ns   ${targetNote('csrExitNs', costs.csr.nsPerExit)}`,
    `  hidden page fault (shadow fill):     ${f(costs.fault.nsPerExit)} ns`,
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
