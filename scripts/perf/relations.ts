/**
 * Measured agrees with modeled (issue 14): for every workload, the median
 * host time per operation of `pvlab bench`'s rows, paravirtualized against
 * native (at most 1.15x where there is nothing to exit for, null and
 * compute; at most 1.5x elsewhere) and against trapped (trapped dearer), each
 * judged from the targets' table; beside them the exact counts the times
 * must agree with: exits per operation in each mode and the guest
 * instructions paravirtualization adds.
 */
import type { BenchResult, BenchRow } from '@pvlab/hypervisor';
import { meets, targetNote, type TargetName } from './targets.js';

/** The workloads whose paravirtual path has nothing to exit for: held to the tighter bound. */
const LIGHT = new Set(['null', 'compute']);

const f = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** The lines `npm run bench` prints for the relations, and how many of them were met out of how many. */
export function relationLines(result: BenchResult): { lines: string[]; met: number; of: number } {
  const lines = [
    'measured agrees with modeled: median host ns per operation of pvlab bench\'s rows; paravirtualized against native and against trapped; exact exits per operation and guest instructions paravirtualization adds',
    `  ${'workload'.padEnd(10)} ${'native'.padStart(9)} ${'paravirt'.padStart(9)} ${'trap'.padStart(9)}   ${'paravirt / native'.padEnd(30)} ${'paravirt / trap'.padEnd(27)} exits/op pv, trap   instructions/op pv − native`,
  ];
  let met = 0, of = 0;
  const rowOf = (w: string, mode: string): BenchRow | undefined => result.rows.find((r) => r.workload === w && r.mode === mode);
  for (const native of result.rows.filter((r) => r.mode === 'native')) {
    const pv = rowOf(native.workload, 'paravirt'), trap = rowOf(native.workload, 'trap');
    if (pv === undefined || trap === undefined) continue;
    const n = native.hostNsPerOp.median, p = pv.hostNsPerOp.median, t = trap.hostNsPerOp.median;
    const light: TargetName = LIGHT.has(native.workload) ? 'paravirtNativeLight' : 'paravirtNative';
    const judged = (name: TargetName, ratio: number) => {
      of++;
      if (meets(name, ratio)) met++;
      return `${f(ratio, 2)}× ${targetNote(name, ratio)}`;
    };
    lines.push(
      `  ${native.workload.padEnd(10)} ${f(n).padStart(9)} ${f(p).padStart(9)} ${f(t).padStart(9)}   ${judged(light, p / n).padEnd(30)} ${judged('paravirtTrap', p / t).padEnd(27)} ${`${f(pv.exitsPerOp, 2)}, ${f(trap.exitsPerOp, 1)}`.padEnd(18)} ${f(pv.instructionsPerOp - native.instructionsPerOp, 1).padStart(8)}`,
    );
  }
  lines.push(`  ${met} of ${of} relations met`);
  return { lines, met, of };
}
