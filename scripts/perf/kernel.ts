/**
 * The guest kernel's costs natively: exact instruction counts, the same
 * every run. Per operation from the benchmark harness's native rows
 * (hypervisor/src/bench: the regions between the workload's markers and the
 * difference of the runs at N/2 and N, exactly as `pvlab bench` counts
 * them); and the instructions from reset to the shell's first prompt.
 */
import { buildFirmware, buildKernel } from '@pvlab/guest-kernel';
import { benchWorkload, boot, isBenchWorkload, type BenchResult } from '@pvlab/hypervisor';
import { targetNote } from './targets.js';

/** Instructions from reset until the shell waits at its first prompt. */
export function resetToPrompt(): number {
  const run = boot(buildKernel().elf, { firmware: buildFirmware().elf }); // no input: it stops idle at the first prompt
  if (run.stop !== 'idle' || !run.transcript.endsWith('$ ')) throw new Error(`the kernel did not reach its prompt (${run.stop})`);
  return run.instructions;
}

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 1 }));

/** The lines `npm run bench` prints for the kernel. */
export function kernelLines(result: BenchResult, reset: number): string[] {
  const lines = [
    'guest kernel, native boot: exact instructions per operation (the native rows of pvlab bench)',
    `  reset to the first shell prompt:  ${fmt(reset)} instructions`,
  ];
  for (const row of result.rows.filter((r) => r.mode === 'native')) {
    const what = isBenchWorkload(row.workload) ? benchWorkload(row.workload).what : row.workload;
    const target = row.workload === 'null' ? `   ${targetNote('nullSyscallInstructions', row.instructionsPerOp)}` : '';
    lines.push(`  ${`${row.workload}: per ${row.operation} (${what})`.padEnd(64)} ${fmt(row.instructionsPerOp).padStart(9)} instructions${target}`);
  }
  return lines;
}
