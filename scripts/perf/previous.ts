/**
 * The exact counts beside their previous values: each `npm run bench` keeps
 * the harness's exact counts per workload and mode (instructions, exits and
 * hypercalls per operation) in .bench/perf-counts.json (not committed: the
 * machine's own record), and says which changed since the run before. They
 * change only when the guest kernel or the workloads do; anything else that
 * moves them broke exactness.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BenchResult } from '@pvlab/hypervisor';

/** Exact counts per operation, by `workload mode`. */
export type Counts = Record<string, { instructions: number; exits: number; hypercalls: number }>;

export const countsOf = (result: BenchResult): Counts =>
  Object.fromEntries(result.rows.map((r) => [`${r.workload} ${r.mode}`, { instructions: r.instructionsPerOp, exits: r.exitsPerOp, hypercalls: r.hypercallsPerOp }]));

/** The counts the last run kept at `file` (undefined: none, or unreadable), and `now` kept for the next. */
export function swapCounts(file: string, now: Counts): { previous: Counts | undefined; at: string | undefined } {
  let previous: Counts | undefined, at: string | undefined;
  try {
    if (existsSync(file)) ({ counts: previous, at } = JSON.parse(readFileSync(file, 'utf8')) as { counts: Counts; at: string });
  } catch {
    previous = undefined; // a broken record is no record: this run writes a new one
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), counts: now }, null, 1));
  return { previous, at };
}

const f = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 4 });

/** The lines comparing `now` with `previous`: one summary, then each count that changed, beside its previous value. */
export function countLines(now: Counts, previous: Counts | undefined, at: string | undefined): string[] {
  if (previous === undefined) return ['exact counts: no earlier run on this machine to compare with (kept for the next)'];
  const changed: string[] = [];
  for (const [key, c] of Object.entries(now)) {
    const p = previous[key];
    if (p === undefined) {
      changed.push(`  ${key}: new (${f(c.instructions)} instructions, ${f(c.exits)} exits, ${f(c.hypercalls)} hypercalls per operation)`);
      continue;
    }
    for (const k of ['instructions', 'exits', 'hypercalls'] as const) {
      if (c[k] !== p[k]) changed.push(`  ${key}: ${k} per operation ${f(c[k])}, was ${f(p[k])}`);
    }
  }
  return changed.length === 0
    ? [`exact counts: instructions, exits and hypercalls per operation of all ${Object.keys(now).length} rows the same as the run of ${at}`]
    : [`exact counts: ${changed.length} changed since the run of ${at}`, ...changed];
}
