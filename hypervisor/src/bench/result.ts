/**
 * What `pvlab bench` produces, as data: the rows (one per workload and
 * mode) and the run's context. `--json` prints it, the table, the HTML
 * report and `--compare` read it. BENCH_ROW_FIELDS is the schema: it
 * drives the validation of a result file and the tutorial's field list.
 */
import type { CostPreset } from './costs.js';
import { benchErrors } from './errors.js';

/** The modes, in the table's column order (the Xen paper's: native, paravirtual, full). */
export const BENCH_MODES = ['native', 'paravirt', 'trap'] as const satisfies readonly import('../boot/types.js').BootMode[];
export type BenchMode = (typeof BENCH_MODES)[number];

/** The format of the JSON; bumped when a field changes meaning. */
export const BENCH_SCHEMA_VERSION = 2;

/** Min and median of the repetitions. */
export interface Spread {
  readonly min: number;
  readonly median: number;
}

/** One workload in one mode. */
export interface BenchRow {
  readonly workload: string;
  readonly mode: BenchMode;
  /** One operation (`getpid`). */
  readonly operation: string;
  /** The count N of the measured run (`run NAME N`). */
  readonly iterations: number;
  /** The count of the baseline run whose region is subtracted. */
  readonly baselineIterations: number;
  /** Operations of the measured run. */
  readonly ops: number;
  /** Exact, measured run's region: instructions, exits, by reason, hypercalls by name. */
  readonly instructions: number;
  readonly exits: number;
  readonly exitsByReason: Readonly<Record<string, number>>;
  readonly hypercallsByName: Readonly<Record<string, number>>;
  /** Exact, per operation (difference of the two runs over the difference of their operations). */
  readonly instructionsPerOp: number;
  readonly exitsPerOp: number;
  readonly exitsPerOpByReason: Readonly<Record<string, number>>;
  readonly hypercallsPerOp: number;
  readonly hypercallsPerOpByName: Readonly<Record<string, number>>;
  /** Modeled, per operation, by cost preset name. */
  readonly modeledCyclesPerOp: Readonly<Record<string, number>>;
  /** Measured: host time of the measured run's region over its operations. */
  readonly hostNsPerOp: Spread;
  /** Measured: of that, the time the hypervisor spent handling exits (each timed from the trap to the return), per operation. */
  readonly hostNsInExitsPerOp: Spread;
  /** Measured: host ns of one exit of each reason in the region (median over the repetitions); reasons with exits only. */
  readonly hostNsPerExitByReason: Readonly<Record<string, number>>;
  /** Measured: the region's guest instructions per host microsecond. */
  readonly guestMips: Spread;
  /** Repetitions behind the measured figures. */
  readonly repeat: number;
}

/** A whole run. */
export interface BenchResult {
  readonly tool: 'pvlab bench';
  readonly schema: number;
  readonly version: string;
  readonly date: string;
  readonly machine: { readonly host: string; readonly cpu: string; readonly cores: number; readonly node: string; readonly platform: string };
  readonly settings: { readonly workloads: readonly string[]; readonly modes: readonly BenchMode[]; readonly repeat: number; readonly iterations: Readonly<Record<string, number>> };
  /** The presets, the first is the default view. */
  readonly presets: readonly CostPreset[];
  readonly rows: readonly BenchRow[];
  /**
   * Modes that were asked for and could not run, and why; with `workload`,
   * only that workload in that mode (a kernel without the device's driver).
   */
  readonly unavailable: readonly { readonly mode: BenchMode; readonly workload?: string; readonly reason: string }[];
  /** Wall time of the whole benchmark, ms. */
  readonly wallMs: number;
}

type Kind = 'string' | 'number' | 'counts' | 'spread' | 'mode';

/** THE schema of a row: field, kind, and what it is (exact, modeled or measured). */
export const BENCH_ROW_FIELDS = Object.freeze([
  ['workload', 'string', 'the workload (BENCH_WORKLOADS)'],
  ['mode', 'mode', 'native, paravirt or trap'],
  ['operation', 'string', 'what one operation is'],
  ['iterations', 'number', 'N of the measured run (run NAME N)'],
  ['baselineIterations', 'number', 'N of the baseline run, subtracted'],
  ['ops', 'number', 'operations of the measured run'],
  ['instructions', 'number', 'exact: guest instructions in the measured run\'s region'],
  ['exits', 'number', 'exact: exits in that region'],
  ['exitsByReason', 'counts', 'exact: exits in that region by EXIT_REASONS row'],
  ['hypercallsByName', 'counts', 'exact: hypercalls in that region by name'],
  ['instructionsPerOp', 'number', 'exact: instructions per operation'],
  ['exitsPerOp', 'number', 'exact: exits per operation'],
  ['exitsPerOpByReason', 'counts', 'exact: exits per operation by reason'],
  ['hypercallsPerOp', 'number', 'exact: hypercalls per operation'],
  ['hypercallsPerOpByName', 'counts', 'exact: hypercalls per operation by name'],
  ['modeledCyclesPerOp', 'counts', 'modeled: cycles per operation, by cost preset'],
  ['hostNsPerOp', 'spread', 'measured: host ns per operation, min and median over the repetitions'],
  ['hostNsInExitsPerOp', 'spread', 'measured: of that, host ns inside the hypervisor\'s exit handling, min and median'],
  ['hostNsPerExitByReason', 'counts', 'measured: host ns of one exit, by reason (median over the repetitions)'],
  ['guestMips', 'spread', 'measured: guest instructions per host µs in the region, min and median'],
  ['repeat', 'number', 'repetitions behind the measured figures'],
] as const satisfies readonly (readonly [keyof BenchRow, Kind, string])[]);

const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const KIND_CHECK: Record<Kind, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: isNum,
  mode: (v) => BENCH_MODES.includes(v as BenchMode),
  counts: (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isNum),
  spread: (v) => typeof v === 'object' && v !== null && isNum((v as Spread).min) && isNum((v as Spread).median),
};

/**
 * The problems of `data` as a BenchResult, empty when it is one (every row
 * field of BENCH_ROW_FIELDS present with its kind, the context fields too).
 */
export function benchResultProblems(data: unknown): string[] {
  const problems: string[] = [];
  if (typeof data !== 'object' || data === null) return ['not an object'];
  const o = data as Record<string, unknown>;
  if (o.tool !== 'pvlab bench') problems.push('"tool" is not "pvlab bench"');
  if (o.schema !== BENCH_SCHEMA_VERSION) problems.push(`"schema" is ${JSON.stringify(o.schema)}, this pvlab reads ${BENCH_SCHEMA_VERSION}`);
  for (const k of ['version', 'date'] as const) if (typeof o[k] !== 'string') problems.push(`"${k}" is not a string`);
  if (typeof o.machine !== 'object' || o.machine === null) problems.push('"machine" is missing');
  if (typeof o.settings !== 'object' || o.settings === null) problems.push('"settings" is missing');
  if (!Array.isArray(o.presets) || o.presets.length === 0) problems.push('"presets" is not a non-empty array');
  if (!Array.isArray(o.unavailable)) problems.push('"unavailable" is not an array');
  if (!Array.isArray(o.rows)) return [...problems, '"rows" is not an array'];
  o.rows.forEach((row: unknown, i: number) => {
    if (typeof row !== 'object' || row === null) return problems.push(`rows[${i}] is not an object`);
    for (const [field, kind] of BENCH_ROW_FIELDS) {
      if (!KIND_CHECK[kind]((row as Record<string, unknown>)[field])) problems.push(`rows[${i}].${field} is not a ${kind}`);
    }
  });
  return problems;
}

/** Read a result file (`--compare`); throws BenchError with the first problem. */
export function parseBenchResult(path: string, text: string): BenchResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw benchErrors.badResultFile(path, `not JSON (${(e as Error).message})`);
  }
  const problems = benchResultProblems(data);
  if (problems.length) throw benchErrors.badResultFile(path, problems[0] + (problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''));
  return data as BenchResult;
}
