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
 * mode measure the compilers. Runs at N are made until two in a row agree
 * within WARM_AGREE (at most WARM_MAX) before the measured ones, and the
 * measured runs go round the modes, so that the machine's drift falls on
 * every mode alike.
 */
import { cpus, hostname } from 'node:os';
import { buildFirmware, buildKernel } from '@pvlab/guest-kernel';
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

/** Warm-up runs at N, at most, before the measured ones; two in a row within this share of each other end it. */
export const WARM_MAX = 6;
export const WARM_AGREE = 0.1;

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

  const total = options.workloads.length * modes.length * (1 + WARM_MAX + options.repeat);
  let done = 0;
  const step = (label: string) => options.onProgress?.(done++, total, label);

  const rows: BenchRow[] = [];
  for (const name of options.workloads) {
    const spec = benchWorkload(name);
    const n = iterations[name];
    const n0 = Math.floor(n / 2);
    const bases = new Map<BenchMode, RegionSample>();
    for (const mode of modes) {
      step(`${name} ${mode}`);
      try {
        bases.set(mode, measureRegion(images, mode, name, n0));
      } catch (e) {
        // A kernel without a driver for the workload's device: a missing cell, with the kernel's words, not a failed run.
        if (!(e instanceof BenchError && e.code === 'no-device')) throw e;
        unavailable.push({ mode, workload: name, reason: e.message });
        done += WARM_MAX + options.repeat;
        continue;
      }
      // Warm up: runs at N until two in a row agree.
      let last = Infinity;
      for (let w = 0; w < WARM_MAX; w++) {
        step(`${name} ${mode} (warming up)`);
        const t = measureRegion(images, mode, name, n).hostNs;
        if (Math.abs(t - last) <= WARM_AGREE * Math.min(t, last)) {
          done += WARM_MAX - w - 1;
          break;
        }
        last = t;
      }
    }
    const measured = [...bases.keys()];
    const runs = new Map<BenchMode, RegionSample[]>(measured.map((m) => [m, []]));
    for (let r = 0; r < options.repeat; r++) {
      for (const mode of measured) {
        step(`${name} ${mode}`);
        runs.get(mode)!.push(measureRegion(images, mode, name, n));
      }
    }
    for (const mode of measured) rows.push(row(spec.name, spec.op, spec.opsPerCount, mode, n0, n, bases.get(mode)!, runs.get(mode)!, presets));
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
