/**
 * pvlab processes for the control and migration tests: started from the
 * built CLI, their stderr watched for the address they serve on, and
 * killed (by their own pid) when the test ends, whatever happened.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';

export const ROOT = join(import.meta.dirname, '../../..');
export const CLI = join(ROOT, 'hypervisor/dist/cli/main.js');
const env = { ...process.env, NO_COLOR: '1' };

/** A running pvlab: its output so far, the address it printed, how it ended. */
export interface Running {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the first `pattern` match's group 1 in stderr. */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
}

/** Start `pvlab ARGS` with `input` on stdin (closed after it). */
export function pvlab(t: ExecutionContext, args: readonly string[], input = ''): Running {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const r: Running = {
    child, stdout: '', stderr: '',
    exited: new Promise((resolve) => child.on('close', (code) => resolve(code))),
    waitFor: (pattern, ms = 60_000) => new Promise((resolve, reject) => {
      const look = () => {
        const m = pattern.exec(r.stderr);
        if (!m) return false;
        clearTimeout(timer);
        child.stderr!.off('data', look);
        resolve(m[1] ?? m[0]);
        return true;
      };
      const timer = setTimeout(() => reject(new Error(`no ${pattern} in ${ms} ms; stderr:\n${r.stderr}`)), ms);
      child.stderr!.on('data', look);
      void r.exited.then(() => setTimeout(() => look() || reject(new Error(`exited without ${pattern}; stderr:\n${r.stderr}`)), 10));
      look();
    }),
  };
  child.stdout!.on('data', (d) => (r.stdout += d));
  child.stderr!.on('data', (d) => (r.stderr += d));
  child.stdin!.on('error', () => {});
  child.stdin!.end(input);
  return r;
}

/** `pvlab ARGS` to its end: exit code and output. */
export function pvlabSync(args: readonly string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, input, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `pvlab ctl --connect ADDR ARGS --json`, parsed. */
export function ctl(address: string, ...args: string[]): { status: number | null; reply: Record<string, unknown> } {
  const r = pvlabSync(['ctl', '--connect', address, '--json', ...args]);
  return { status: r.status, reply: JSON.parse(r.stdout || '{}') as Record<string, unknown> };
}

/** `pvlab ctl --connect ADDR ARGS --json` in the background: the test's own event loop runs on meanwhile. */
export async function ctlAsync(t: ExecutionContext, address: string, ...args: string[]): Promise<{ status: number | null; reply: Record<string, unknown>; stderr: string }> {
  const p = pvlab(t, ['ctl', '--connect', address, '--json', ...args]);
  const status = await p.exited;
  return { status, reply: JSON.parse(p.stdout || '{}') as Record<string, unknown>, stderr: p.stderr };
}

/** The address a `pvlab boot --control` prints. */
export const CONTROL_LINE = /pvlab: control on (\S+) /;
