/**
 * The benchmark: native vs paravirtual vs trapped execution of the guest
 * kernel's workloads, with its cost model, table, JSON and HTML report.
 */
export { BENCH_WORKLOADS, BENCH_WORKLOAD_NAMES, IO_BATCH, IO_DISK_BYTES, benchWorkload, isBenchWorkload, type BenchWorkload, type BenchWorkloadSpec } from './workloads.js';
export { COST_PRESETS, HANDLER_CYCLES, exitCost, loadCostFile, modeledCycles, type CostPreset, type Sourced } from './costs.js';
export { BenchError, benchErrors, type BenchErrorCode } from './errors.js';
export { measureRegion, type BenchImages, type RegionSample } from './measure.js';
export { EXIT_COST_KINDS, exitCostGuest, measureExitCost, type ExitCost, type ExitCostKind } from './exit-cost.js';
export { buildBenchImages, runBench, type BenchOptions } from './harness.js';
export {
  BENCH_MODES, BENCH_ROW_FIELDS, BENCH_SCHEMA_VERSION, benchResultProblems, parseBenchResult,
  type BenchMode, type BenchResult, type BenchRow, type Spread,
} from './result.js';
export { formatTable } from './table.js';
export { formatCompare } from './compare.js';
export { htmlReport } from './html/report.js';
