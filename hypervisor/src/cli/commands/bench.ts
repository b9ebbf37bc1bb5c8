/**
 * `pvlab bench`: the guest kernel's workloads natively, paravirtualized and
 * trapped; a table, JSON, an HTML report, a comparison with an earlier run.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import {
  BENCH_MODES, BENCH_WORKLOADS, BENCH_WORKLOAD_NAMES, BenchError, COST_PRESETS, formatCompare, formatTable, htmlReport,
  isBenchWorkload, loadCostFile, parseBenchResult, runBench, type BenchMode, type BenchResult, type BenchWorkload,
} from '../../bench/index.js';
import { writeOutput } from '../files.js';
import { count, flag, parseCount, parseOptions, text, type OptionTable } from '../options.js';
import { UsageError, useColor } from '../output.js';
import { DIST_IMAGES } from '@pvlab/guest-kernel';
import { MEASURE_SLICE, MIGRATION_GUESTS, measureMigration, migrationTable, type MigrationGuest } from '../../migration/measure.js';
import { stateCodec } from '../control.js';

/** N of a workload: the baseline run uses N/2, so at least 2. */
const ITERATIONS = { min: 2, max: 1_000_000, why: 'the baseline run uses N/2' } as const;

/** `pvlab bench`'s options (--iterations is N, or NAME=N,…: parsed below). */
export const benchOptions = {
  workloads: text(),
  modes: text(),
  iterations: text(),
  repeat: count(1, 100),
  costs: text(),
  json: flag(),
  html: text(),
  compare: text(),
  migration: flag(),
  help: flag('h'),
} as const satisfies OptionTable;

const workloadRows = BENCH_WORKLOADS.map((w) => `  ${w.name.padEnd(9)} ${w.what} (N = ${w.count})`).join('\n');

export const benchHelp = `usage: pvlab bench [options]
       pvlab bench --compare OLD.json [NEW.json]

Run the guest kernel's benchmark workloads natively (kernel.elf under the
firmware), paravirtualized (kernel-pv.elf, confined S-mode, hypercalls) and
trapped (kernel.elf deprivileged, trap-and-emulate), and print the cost of
one operation of each in each mode, beside its ratio to native.

Each workload runs at N/2 and at N; per operation is the difference of the
two measured regions over the difference of their operations, so set-up
cancels. Counts (instructions, exits, hypercalls) are exact and repeat
every run; cycles are modeled (instructions + exits x cost of each exit,
from cost presets that cite their sources); host time is measured.

workloads:
${workloadRows}

options:
  --workloads A,B     which workloads (default: all)
  --modes A,B         which modes, from ${BENCH_MODES.join(', ')} (default: all)
  --iterations N      N for every workload, or per workload: null=2000,fork=20
  --repeat N          runs at N per workload and mode, for host time min/median (default 5)
  --costs FILE        cost presets from JSON, shown before the built-in ones
                      ({ "name", "roundTrip", "handler": { "exit-reason": cycles } })
  --json              print the result as JSON instead of the table
  --html FILE         write a self-contained HTML report with charts
  --compare OLD.json  after the run, show what changed against an earlier --json
                      result (with NEW.json too: compare the two files, run nothing)
  --migration         instead: live-migrate an idle and a busy guest once each (trap and
                      paravirt, or --modes) in this process over loopback, and print the
                      rounds, pages per round, bytes and downtime (guest instructions, host ms)

A progress bar goes to stderr on a terminal; colours only on a terminal.

examples:
  pvlab bench                                      the default run (under a minute)
  pvlab bench --workloads null,fork --repeat 5
  pvlab bench --json > before.json                 ... change something ...
  pvlab bench --compare before.json --html report.html
  pvlab bench --migration                          migration figures (a few seconds)`;

const list = (v: string | undefined, what: string, ok: (x: string) => boolean, all: readonly string[]): string[] | undefined => {
  if (v === undefined) return undefined;
  const xs = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (!xs.length) throw new UsageError(`bench: --${what} needs a list, e.g. --${what} ${all.slice(0, 2).join(',')}`);
  for (const x of xs) if (!ok(x)) throw new UsageError(`bench: unknown ${what.replace(/s$/, '')} '${x}' (${what}: ${all.join(', ')})`);
  return [...new Set(xs)];
};

function parseIterations(v: string | undefined, workloads: readonly BenchWorkload[]): Partial<Record<BenchWorkload, number>> | undefined {
  if (v === undefined) return undefined;
  const { min, max, why } = ITERATIONS;
  if (!v.includes('=')) {
    const n = parseCount('bench', '--iterations', v, min, max, why);
    return Object.fromEntries(workloads.map((w) => [w, n]));
  }
  const out: Partial<Record<BenchWorkload, number>> = {};
  for (const part of v.split(',')) {
    const [name, n, extra] = part.split('=');
    if (extra !== undefined || n === undefined) throw new UsageError(`bench: --iterations: '${part}' is not NAME=N`);
    if (!isBenchWorkload(name)) throw new UsageError(`bench: --iterations: unknown workload '${name}' (workloads: ${BENCH_WORKLOAD_NAMES.join(', ')})`);
    out[name] = parseCount('bench', `--iterations ${name}=`, n, min, max, why);
  }
  return out;
}

function readResult(path: string): BenchResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`bench: cannot read '${path}'`);
  }
  return parseBenchResult(path, text);
}

/** A progress bar on stderr, redrawn in place; nothing when stderr is not a terminal. */
function progressBar(): { update: (done: number, total: number, label: string) => void; clear: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, clear: () => {} };
  const width = 30;
  let shown = false;
  return {
    update: (done, total, label) => {
      const full = Math.round((done / Math.max(total, 1)) * width);
      process.stderr.write(`\r\x1b[2Kbench [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${done}/${total} ${label}`);
      shown = true;
    },
    clear: () => {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}

export async function benchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions('bench', argv, benchOptions);
  if (values.help) {
    console.log(benchHelp);
    return 0;
  }
  try {
    if (values.migration) return await migrationBench(values, positionals);
    return run(values, positionals);
  } catch (e) {
    if (e instanceof BenchError) throw new UsageError(`bench: ${e.message}`, e.code === 'bad-argument' || e.code === 'bad-cost-file' || e.code === 'bad-result-file' || e.code === 'cannot-read' ? 2 : 1);
    throw e;
  }
}

interface Values {
  workloads?: string; modes?: string; iterations?: string; repeat?: number; costs?: string; json?: boolean; html?: string; compare?: string; migration?: boolean;
}

/** `--migration`: each guest of MIGRATION_GUESTS migrated once per mode; a table, or JSON. */
async function migrationBench(values: Values, positionals: string[]): Promise<number> {
  for (const o of ['workloads', 'iterations', 'repeat', 'costs', 'html', 'compare'] as const) {
    if (values[o] !== undefined) throw new UsageError(`bench: --${o} has no effect with --migration`);
  }
  if (positionals.length) throw new UsageError(`bench: unexpected argument '${positionals[0]}' (try: pvlab bench --help)`);
  const modes = (list(values.modes, 'modes', (m) => BENCH_MODES.includes(m as BenchMode), BENCH_MODES) ?? ['trap', 'paravirt']) as BenchMode[];
  const codec = stateCodec();
  const rows = [];
  for (const mode of modes) {
    const kernel = readFileSync(mode === 'paravirt' ? DIST_IMAGES['kernel-pv'] : DIST_IMAGES.kernel);
    const firmware = mode === 'native' ? readFileSync(DIST_IMAGES.firmware) : undefined;
    for (const guest of Object.keys(MIGRATION_GUESTS) as MigrationGuest[]) rows.push({ guest, mode, report: await measureMigration({ kernel, mode, guest, codec, firmware }) });
  }
  if (values.json) console.log(JSON.stringify(rows, null, 2));
  else {
    console.log(`live migration, once per guest, in this process over loopback (the run loop runs ${MEASURE_SLICE.toLocaleString('en-US')} guest instructions between batches of pages):`);
    for (const [name, g] of Object.entries(MIGRATION_GUESTS)) console.log(`  ${name.padEnd(5)} ${g.what}`);
    console.log('\n' + migrationTable(rows));
    console.log('\nguest insns: the downtime in guest instructions, at the rate the guest ran during pre-copy; host ms: measured (noisy).');
  }
  return 0;
}

function run(values: Values, positionals: string[]): number {
  if (positionals.length && values.compare === undefined) throw new UsageError(`bench: unexpected argument '${positionals[0]}' (try: pvlab bench --help)`);
  if (positionals.length > 1) throw new UsageError('bench: --compare takes OLD.json and at most one NEW.json');
  const old = values.compare === undefined ? undefined : readResult(values.compare);
  const color = useColor(process.stdout);

  let result: BenchResult;
  if (positionals.length === 1) {
    // Two files: compare them, run nothing.
    for (const o of ['workloads', 'modes', 'iterations', 'repeat', 'costs'] as const) {
      if (values[o] !== undefined) throw new UsageError(`bench: --${o} has no effect when comparing two files`);
    }
    result = readResult(positionals[0]);
  } else {
    const workloads = (list(values.workloads, 'workloads', isBenchWorkload, BENCH_WORKLOAD_NAMES) ?? old?.settings.workloads.filter(isBenchWorkload) ?? BENCH_WORKLOAD_NAMES) as BenchWorkload[];
    const modes = (list(values.modes, 'modes', (m) => BENCH_MODES.includes(m as BenchMode), BENCH_MODES) ?? old?.settings.modes ?? BENCH_MODES) as BenchMode[];
    const iterations = parseIterations(values.iterations, workloads) ?? (old ? (old.settings.iterations as Partial<Record<BenchWorkload, number>>) : undefined);
    const repeat = values.repeat ?? 5;
    const presets = values.costs === undefined ? COST_PRESETS : [...loadCostFile(values.costs), ...COST_PRESETS];
    const names = new Set<string>();
    for (const p of presets) {
      if (names.has(p.name)) throw new UsageError(`bench: ${values.costs}: error: preset name '${p.name}' is a built-in preset's; choose another`);
      names.add(p.name);
    }
    const bar = progressBar();
    try {
      result = runBench({ workloads, modes, iterations, repeat, presets, onProgress: bar.update });
    } finally {
      bar.clear();
    }
  }

  const info = (line: string) => (values.json ? process.stderr : process.stdout).write(line + '\n');
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else if (!old) console.log(formatTable(result, color));
  if (old) {
    if (values.json) process.stderr.write(formatCompare(old, result, false) + '\n');
    else console.log(formatCompare(old, result, color));
  }
  if (values.html !== undefined) {
    const path = resolve(values.html);
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch {
      // writeOutput says why the file cannot be written
    }
    writeOutput('bench', values.html, htmlReport(result));
    const shown = relative(process.cwd(), path);
    info(`report: ${shown.startsWith('..') || isAbsolute(shown) ? path : shown}`);
  }
  // The table says it in its last lines; JSON on stdout says it in "unavailable", and here for the reader.
  if (values.json || old) for (const u of result.unavailable) process.stderr.write(`pvlab: bench: ${u.workload ? `${u.workload} ` : ''}${u.mode} is missing from this run: ${u.reason}\n`);
  // A mode the user named that could not run is a failure; a default run says so and carries on. A workload
  // that a kernel has no driver for (its u.workload) is a missing cell, not a failure, unless nothing ran.
  const modeMissing = result.unavailable.some((u) => u.workload === undefined);
  return result.rows.length === 0 || (modeMissing && values.modes !== undefined) ? 1 : 0;
}
