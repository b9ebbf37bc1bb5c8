/**
 * The benchmark's host errors: named factories, one line each, so that the
 * CLI prints them as `pvlab: bench: ...` without a stack trace.
 */
export type BenchErrorCode = 'bad-argument' | 'cannot-read' | 'bad-cost-file' | 'bad-result-file' | 'mode-unavailable' | 'workload-failed' | 'no-device' | 'nondeterministic';

export class BenchError extends Error {
  constructor(readonly code: BenchErrorCode, message: string) {
    super(message);
  }
}

export const benchErrors = {
  badArgument: (message: string) => new BenchError('bad-argument', message),
  cannotRead: (what: string, path: string) => new BenchError('cannot-read', `cannot read ${what} '${path}'`),
  badCostFile: (path: string, why: string) => new BenchError('bad-cost-file', `${path}: error: ${why}`),
  badResultFile: (path: string, why: string) => new BenchError('bad-result-file', `${path}: error: not a pvlab bench --json result: ${why}`),
  modeUnavailable: (mode: string, why: string) => new BenchError('mode-unavailable', `mode ${mode} is unavailable: ${why}`),
  workloadFailed: (workload: string, mode: string, count: number, why: string) =>
    new BenchError('workload-failed', `${workload} ${count} (${mode}): ${why}`),
  noDevice: (why: string) => new BenchError('no-device', `no driver for the device: ${why}`),
  nondeterministic: (workload: string, mode: string, what: string) =>
    new BenchError('nondeterministic', `${workload} (${mode}): ${what} differ between two identical runs; counts must repeat exactly`),
} as const;
