/**
 * The benchmark harness: for each workload and mode, a baseline run at
 * N/2 and `repeat` runs at N; the exact figures per operation come from the
 * difference of the two counts, the host time from the runs at N (min and
 * median). Counts must repeat exactly across the runs at N, or the harness
 * stops: a benchmark of a nondeterministic machine would mean nothing.
 *
 * Host time is of the steady state, as counts are: the code a mode runs is
 * compiled to JavaScript when it gets hot and V8 optimises that when it has
 * run long enough (machine/hart/jit), so the first runs of a workload in a
 * mode measure the compilers. Every cell's baseline runs first (all paths
 * of all modes seen once), and with it PRIME runs at N on one board, untimed;
 * then, per workload, runs at N are made until the
 * last WARM_RUNS made no new compiled code and agree within WARM_AGREE (at
 * most WARM_MAX) before the measured ones, and the measured runs go round
 * the modes, so that the machine's drift falls on every mode alike. Each
 * run's board first runs the workload unmeasured (WARM_SHARE).
 */
import { cpus, hostname } from 'node:os';
import { buildFirmware, buildKernel } from '@pvlab/guest-kernel';
import { functionStats } from '../machine/hart/jit/codegen.js';
import { COST_PRESETS, modeledCycles, type CostPreset } from './costs.js';
import { BenchError, benchErrors } from './errors.js';
import { measureRegion, type BenchImages, type RegionSample } from './measure.js';
import { BENCH_MODES, BENCH_SCHEMA_VERSION, type BenchMode, type BenchResult, type BenchRow, type Spread } from './result.js';
import { pvlabVersion } from './version.js';
import { benchWorkload, type BenchWorkload } from './workloads.js';

/** What to run. */
export interface BenchOptions {
  readonly workloads: readonly BenchWorkload[];
  readonly modes: readonly BenchMode[];
  /** Runs at N per workload and mode (host time: min and median). */
  readonly repeat: number;
  /** N by workload (default: the table's count). */
  readonly iterations?: Readonly<Partial<Record<BenchWorkload, number>>>;
  /** Cost presets; default COST_PRESETS. */
  readonly presets?: readonly CostPreset[];
  /** Images to boot; default: built from guest-kernel's sources now. */
  readonly images?: BenchImages;
  /** Warm up before the timed runs (default true); false: the host times are of cold code (tests that check counts). */
  readonly warmUp?: boolean;
  /** Called before each run: `done` of `total` runs so far. */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/**
 * Build the images the modes need. A paravirtual kernel that does not
 * build is reported, not hidden: the caller shows the mode as unavailable.
 */
export function buildBenchImages(): { images: BenchImages; pvError?: string } {
  const kernel = buildKernel().elf;
  const firmware = buildFirmware().elf;
  try {
    return { images: { kernel, firmware, kernelPv: buildKernel({ paravirt: true }).elf } };
  } catch (e) {
    // The first diagnostic line says what is missing (KernelBuildError's message is the GNU-style list).
    const lines = String((e as Error).message).split('\n');
    return { images: { kernel, firmware }, pvError: `kernel-pv.elf did not build: ${lines[1] ?? lines[0]}` };
  }
}

/**
 * Warm-up runs at N, at most, before the measured ones; the last WARM_RUNS
 * within WARM_AGREE of each other end it. Two in a row were not enough: V8
 * optimises a big region in 100-200 ms on its background thread (traced),
 * longer than a run, and the runs before it lands agree with each other at
 * three times the steady state's time.
 */
export const WARM_MAX = 20;
export const WARM_RUNS = 3;
export const WARM_AGREE = 0.1;

/** Have the last WARM_RUNS times settled? */
const settled = (times: readonly number[]): boolean => {
  const last = times.slice(-WARM_RUNS);
  return last.length === WARM_RUNS && Math.max(...last) <= (1 + WARM_AGREE) * Math.min(...last);
};

/**
 * Each run first runs the workload WARM_SHARE of its count unmeasured on
 * the same board: a fresh board makes its compiled regions again on
 * arrival (from the process's recipes, jit/recipes.ts), and that is set-up
 * of the board, not a cost of the operation (profiled: 20-25% of a short
 * region's time when it fell inside). The count is N's at both counts, so
 * the difference of the two regions still cancels it.
 */
export const WARM_SHARE = 0.1;

/**
 * Before any cell is warmed up, each runs at N PRIME times unmeasured: a
 * place is compiled after it has been interpreted long enough, counted over
 * the process's boards (machine/hart/jit/code-cache.ts, HOT), and short
 * boards took 15-20 boards to make every path of a workload hot, each new
 * region a new function for V8, so the warm-up ended before the code did.
 */
export const PRIME = 3;
const warmCount = (n: number) => Math.max(1, Math.ceil(n * WARM_SHARE));

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs: readonly number[]): Spread => ({ min: Math.min(...xs), median: median(xs) });

/** Run the benchmark. */
export function runBench(options: BenchOptions): BenchResult {
  const start = performance.now();
  const presets = options.presets ?? COST_PRESETS;
  let images = options.images;
  const unavailable: { mode: BenchMode; workload?: string; reason: string }[] = [];
  if (!images) {
    const built = buildBenchImages();
    images = built.images;
    if (built.pvError && options.modes.includes('paravirt')) unavailable.push({ mode: 'paravirt', reason: built.pvError });
  } else if (!images.kernelPv && options.modes.includes('paravirt')) unavailable.push({ mode: 'paravirt', reason: 'no kernel-pv.elf given' });
  const modes = BENCH_MODES.filter((m) => options.modes.includes(m) && !unavailable.some((u) => u.mode === m));
  const iterations = Object.fromEntries(options.workloads.map((w) => [w, options.iterations?.[w] ?? benchWorkload(w).count]));

  const warmMax = options.warmUp === false ? 0 : WARM_MAX;
  const total = options.workloads.length * modes.length * (1 + warmMax + options.repeat);
  let done = 0;
  const step = (label: string) => options.onProgress?.(done++, total, label);

  // Every cell's baseline first: the counts need it, and it runs every path of every mode once before
  // anything is timed, so that V8 has seen all of them when the timed runs begin (code shared by the
  // modes, optimised on one workload's feedback alone, was deoptimised by the next workload's).
  const bases = new Map<BenchWorkload, Map<BenchMode, RegionSample>>();
  for (const name of options.workloads) {
    const cells = new Map<BenchMode, RegionSample>();
    bases.set(name, cells);
    for (const mode of modes) {
      step(`${name} ${mode} (baseline)`);
      try {
        cells.set(mode, measureRegion(images, mode, name, Math.floor(iterations[name] / 2), warmCount(iterations[name])));
        // PRIME runs at N on one board, untimed: its paths become hot (heat is counted by the process, machine/hart/jit).
        if (warmMax > 0) measureRegion(images, mode, name, iterations[name], iterations[name], PRIME);
      } catch (e) {
        // A kernel without a driver for the workload's device: a missing cell, with the kernel's words, not a failed run.
        if (!(e instanceof BenchError && e.code === 'no-device')) throw e;
        unavailable.push({ mode, workload: name, reason: e.message });
        done += warmMax + options.repeat;
      }
    }
  }

  const rows: BenchRow[] = [];
  for (const name of options.workloads) {
    const spec = benchWorkload(name);
    const n = iterations[name];
    const cells = bases.get(name)!;
    const measured = [...cells.keys()];
    const at = (mode: BenchMode) => measureRegion(images!, mode, name, n, warmCount(n));
    for (const mode of measured) {
      // Warm up: runs at N until the last WARM_RUNS agree and made no new compiled code.
      const times: number[] = [];
      let quiet = 0;
      for (let w = 0; w < warmMax; w++) {
        step(`${name} ${mode} (warming up)`);
        const made = functionStats.made;
        times.push(at(mode).hostNs);
        quiet = functionStats.made === made ? quiet + 1 : 0;
        if (quiet >= WARM_RUNS && settled(times)) {
          done += warmMax - w - 1;
          break;
        }
      }
    }
    const runs = new Map<BenchMode, RegionSample[]>(measured.map((m) => [m, []]));
    for (let r = 0; r < options.repeat; r++) {
      for (const mode of measured) {
        step(`${name} ${mode}`);
        runs.get(mode)!.push(at(mode));
      }
    }
    // A run of several regions (spec.regions) makes that many times the operations.
    for (const mode of measured) rows.push(row(spec.name, spec.op, spec.opsPerCount * (spec.regions ?? 1), mode, Math.floor(n / 2), n, cells.get(mode)!, runs.get(mode)!, presets));
  }
  options.onProgress?.(done, total, 'done');
  const cpu = cpus();
  return {
    tool: 'pvlab bench',
    schema: BENCH_SCHEMA_VERSION,
    version: pvlabVersion(),
    date: new Date().toISOString(),
    machine: { host: hostname(), cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, node: process.version, platform: `${process.platform} ${process.arch}` },
    settings: { workloads: [...options.workloads], modes: [...options.modes], repeat: options.repeat, iterations },
    presets,
    rows,
    unavailable,
    wallMs: Math.round(performance.now() - start),
  };
}

function row(
  workload: string, operation: string, opsPerCount: number, mode: BenchMode,
  n0: number, n: number, base: RegionSample, runs: readonly RegionSample[], presets: readonly CostPreset[],
): BenchRow {
  const top = runs[0];
  for (const r of runs.slice(1)) {
    if (r.instructions !== top.instructions) throw benchErrors.nondeterministic(workload, mode, 'instruction counts');
    if (JSON.stringify(r.exitsByReason) !== JSON.stringify(top.exitsByReason)) throw benchErrors.nondeterministic(workload, mode, 'exit counts');
    if (JSON.stringify(r.hypercallsByName) !== JSON.stringify(top.hypercallsByName)) throw benchErrors.nondeterministic(workload, mode, 'hypercall counts');
  }
  const ops = n * opsPerCount;
  const dOps = ops - n0 * opsPerCount;
  const perOp = (a: number, b: number) => (a - b) / dOps;
  const exitsPerOpByReason = Object.fromEntries(Object.keys(top.exitsByReason).map((k) => [k, perOp(top.exitsByReason[k], base.exitsByReason[k])]));
  const sum = (o: Readonly<Record<string, number>>) => Object.values(o).reduce((a, b) => a + b, 0);
  const instructionsPerOp = perOp(top.instructions, base.instructions);
  return {
    workload, mode, operation,
    iterations: n, baselineIterations: n0, ops,
    instructions: top.instructions,
    exits: sum(top.exitsByReason),
    exitsByReason: Object.fromEntries(Object.entries(top.exitsByReason).filter(([, v]) => v)),
    hypercallsByName: top.hypercallsByName,
    instructionsPerOp,
    exitsPerOp: perOp(sum(top.exitsByReason), sum(base.exitsByReason)),
    exitsPerOpByReason: Object.fromEntries(Object.entries(exitsPerOpByReason).filter(([, v]) => v)),
    hypercallsPerOp: perOp(sum(top.hypercallsByName), sum(base.hypercallsByName)),
    hypercallsPerOpByName: Object.fromEntries(
      [...new Set([...Object.keys(top.hypercallsByName), ...Object.keys(base.hypercallsByName)])].sort()
        .map((k) => [k, perOp(top.hypercallsByName[k] ?? 0, base.hypercallsByName[k] ?? 0)]).filter(([, v]) => v),
    ),
    modeledCyclesPerOp: Object.fromEntries(presets.map((p) => [p.name, modeledCycles(p, instructionsPerOp, exitsPerOpByReason)])),
    hostNsPerOp: spread(runs.map((r) => r.hostNs / ops)),
    hostNsInExitsPerOp: spread(runs.map((r) => sum(r.exitHostNsByReason) / ops)),
    hostNsPerExitByReason: Object.fromEntries(
      Object.keys(top.exitsByReason).filter((k) => top.exitsByReason[k] > 0).map((k) => [k, median(runs.map((r) => r.exitHostNsByReason[k] / r.exitsByReason[k]))]),
    ),
    guestMips: spread(runs.map((r) => r.instructions / (r.hostNs / 1e3))),
    repeat: runs.length,
  };
}
