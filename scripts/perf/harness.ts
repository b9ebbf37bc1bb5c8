/**
 * One run of the product's benchmark harness (`runBench`, what `pvlab bench`
 * prints), in a fresh process, as `pvlab bench` runs: host times depend on
 * what a process ran before (measured: run after this script's boards and
 * kernel sessions, a paravirtual fork took 2.6 times its time in a fresh
 * process, and run before them, the assembler and the sessions after it lost
 * 10-15%). The exact counts are the same either way.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseBenchResult, type BenchResult } from '@pvlab/hypervisor';

export function benchInFreshProcess(): BenchResult {
  const child = fileURLToPath(new URL('./harness-child.ts', import.meta.url));
  // The same node and loader flags as this process (tsx, the source conditions).
  const r = spawnSync(process.execPath, [...process.execArgv, child], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`the benchmark harness failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return parseBenchResult('the harness\'s output', r.stdout);
}
