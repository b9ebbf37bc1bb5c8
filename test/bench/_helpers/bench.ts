/**
 * Shared by the benchmark tests: the built `pvlab` command, a short run of
 * every workload in every mode (smaller counts than the default run: the
 * exits per operation are the same, a few figures such as a console line's
 * length depend a little on N), and a well-formedness check of HTML.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runBench, type BenchResult, BENCH_WORKLOAD_NAMES, BENCH_MODES } from '@pvlab/hypervisor';

export const ROOT = join(import.meta.dirname, '../../..');
export const CLI = join(ROOT, 'hypervisor/dist/cli/main.js');

/** Run the built CLI. */
export const pvlab = (args: readonly string[], cwd = ROOT) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 240_000 });

/** Small counts for the tests (at least 2 operations between the two runs of each). */
export const TEST_ITERATIONS = {
  null: 100, ctxsw: 20, pgfault: 5, fork: 4, console: 4, timer: 2, compute: 10, 'disk-read': 16, 'disk-write': 16, 'net-rr': 4, 'net-stream': 16,
} as const;

let cached: BenchResult | undefined;
/** Every workload in every mode, one repetition, through the API. */
export function shortRun(): BenchResult {
  cached ??= runBench({ workloads: BENCH_WORKLOAD_NAMES, modes: BENCH_MODES, repeat: 1, iterations: TEST_ITERATIONS, warmUp: false });
  return cached;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * Problems of an HTML document as a well-formed tree: every non-void
 * element closed in order (SVG children self-closed or closed), attributes
 * quoted. Empty when it parses.
 */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = html.replace(/<!doctype html>/i, '').replace(/<style>[\s\S]*?<\/style>/g, '<style></style>');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*(\/?)>|<[^>]*>/g)) {
    if (!m[2]) {
      problems.push(`malformed tag ${m[0].slice(0, 60)}`);
      continue;
    }
    const [, close, name, , self] = m;
    const tag = name.toLowerCase();
    if (close) {
      const open = stack.pop();
      if (open !== tag) problems.push(`</${tag}> closes <${open ?? 'nothing'}>`);
    } else if (!self && !VOID.has(tag)) stack.push(tag);
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}
