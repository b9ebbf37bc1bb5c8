/**
 * The guest kernel's costs on the board, natively (no hypervisor): exact
 * instruction counts, the same every run. Per-operation figures come from
 * the benchmark markers of two runs of a workload with different counts, so
 * that the set-up and the markers' own system calls cancel out:
 *
 *   per op = (region(N2) - region(N1)) / (ops(N2) - ops(N1))
 *
 * Target: a null system call round trip (ecall, trap entry, dispatch,
 * getpid, return to user) in fewer than 150 instructions.
 */
import { buildFirmware, buildKernel } from '@pvlab/guest-kernel';
import { boot } from '@pvlab/hypervisor';

/** A workload and how many operations a count of N makes. */
const WORKLOADS = [
  { name: 'null', what: 'getpid round trip', n: [1000, 2000], ops: (n: number) => n },
  { name: 'ctxsw', what: 'context switch (a yield, process to process)', n: [200, 400], ops: (n: number) => 2 * n },
  { name: 'pgfault', what: 'page fault (first touch of a heap page)', n: [50, 100], ops: (n: number) => n },
  { name: 'fork', what: 'fork + exit + wait', n: [10, 20], ops: (n: number) => n },
  { name: 'console', what: 'console line (one write)', n: [10, 20], ops: (n: number) => n },
  { name: 'compute', what: 'compute round (sieve + CRC-32 of 2 KiB)', n: [2, 4], ops: (n: number) => n },
] as const;

export interface KernelBench {
  /** Instructions from reset until the shell waits at its first prompt. */
  readonly resetToPrompt: number;
  /** Instructions per operation, by workload. */
  readonly perOp: readonly { name: string; what: string; instructions: number }[];
}

/** Measure; deterministic, so one run each. */
export function benchKernel(): KernelBench {
  const kernel = buildKernel().elf;
  const firmware = buildFirmware().elf;
  const first = boot(kernel, { firmware }); // no input: it stops idle at the first prompt
  if (first.stop !== 'idle' || !first.transcript.endsWith('$ ')) throw new Error(`the kernel did not reach its prompt (${first.stop})`);
  const region = (name: string, n: number) => {
    const r = boot(kernel, { firmware, script: `run ${name} ${n}\nhalt\n` });
    if (r.regions.length !== 1) throw new Error(`${name} ${n}: ${r.regions.length} measured regions, expected 1`);
    return r.regions[0].instructions;
  };
  const perOp = WORKLOADS.map((w) => {
    const [a, b] = w.n;
    return { name: w.name, what: w.what, instructions: (region(w.name, b) - region(w.name, a)) / (w.ops(b) - w.ops(a)) };
  });
  return { resetToPrompt: first.instructions, perOp };
}

/** Print the figures (for scripts/bench.ts). */
export function printKernelBench(k: KernelBench): void {
  const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 1 }));
  console.log('guest kernel, native boot: exact instruction counts (two counts per workload, the difference per operation)');
  console.log(`  reset to the first shell prompt:  ${fmt(k.resetToPrompt)} instructions`);
  for (const o of k.perOp) {
    const target = o.name === 'null' ? `   (target < 150${o.instructions < 150 ? ', met' : ', MISSED'})` : '';
    console.log(`  ${`${o.name}: per ${o.what}`.padEnd(58)} ${fmt(o.instructions).padStart(9)} instructions${target}`);
  }
}
