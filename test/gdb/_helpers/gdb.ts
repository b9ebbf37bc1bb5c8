/**
 * Sessions of the real gdb-multiarch against the built `pvlab`: pvlab
 * serves gdb on 127.0.0.1 with a free port (`--gdb 127.0.0.1:0`, the port
 * read from what it prints), gdb runs a script in batch mode. Every process
 * started is killed when the test ends, pass or fail, and every wait has a
 * limit.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { buildFirmware, buildKernel } from '@pvlab/guest-kernel';

export const ROOT = join(import.meta.dirname, '../../..');
export const CLI = join(ROOT, 'hypervisor/dist/cli/main.js');
export const FIXTURES = join(import.meta.dirname, '../_fixtures');
export const GOLDEN = join(import.meta.dirname, '../_golden');
const GDB = 'gdb-multiarch';

/** Is gdb-multiarch installed? */
export const gdbAvailable = (): boolean => spawnSync(GDB, ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * True when the test can go on; without gdb-multiarch it is skipped with a
 * note, or fails under PVLAB_REQUIRE_REFERENCE_TOOLS=1 (CI).
 */
export function needGdb(t: ExecutionContext): boolean {
  if (gdbAvailable()) return true;
  if (process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') t.fail('gdb-multiarch is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
  else {
    t.log('gdb-multiarch is not installed: skipped (apt-get install gdb-multiarch)');
    t.pass();
  }
  return false;
}

let images: { dir: string; kernel: string; kernelPv: string; firmware: string } | undefined;
/** The kernel images built from source (not a possibly stale dist/), in a temporary folder. */
export function kernelImages(): { dir: string; kernel: string; kernelPv: string; firmware: string } {
  if (images) return images;
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-gdb-'));
  const write = (name: string, bytes: Uint8Array) => (writeFileSync(join(dir, name), bytes), join(dir, name));
  images = {
    dir,
    kernel: write('kernel.elf', buildKernel().elf),
    kernelPv: write('kernel-pv.elf', buildKernel({ paravirt: true }).elf),
    firmware: write('firmware.elf', buildFirmware().elf),
  };
  return images;
}

export interface Session {
  /** gdb's output, as printed. */
  readonly gdb: string;
  /** gdb's log of the protocol (`set remotelogfile`), when asked for. */
  readonly log: string;
  readonly pvlabOut: string;
  readonly pvlabErr: string;
  /** Its exit code; null when killed by a signal, 'timeout' when it did not end within a minute of gdb. */
  readonly pvlabStatus: number | null | 'timeout';
}

/** Kill a process (and wait for it) when the test ends, however it ends. */
function own(t: ExecutionContext, child: ChildProcess): void {
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
}

/** Wait for a child to exit, at most `ms`: its exit code, null when it ended by a signal, 'timeout' when it had to be killed. */
function exited(child: ChildProcess, ms: number): Promise<number | null | 'timeout'> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('timeout');
    }, ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

export interface SessionOptions {
  /** Keep gdb's log of the packets (`Session.log`). */
  readonly log?: boolean;
  /**
   * Runs while gdb does: `pvlabOut` and `gdbOut` are their stdouts so far,
   * `interrupt` sends gdb SIGINT (as a terminal's Ctrl-C does), `hangUp`
   * kills it (SIGKILL: its connection closes without a word).
   */
  readonly during?: (io: { pvlabOut: () => string; gdbOut: () => string; interrupt: () => void; hangUp: () => void }) => Promise<void>;
  /** The longest gdb may take (default 120 s). */
  readonly ms?: number;
}

/**
 * `pvlab ARGS --gdb 127.0.0.1:0` in the background, then gdb-multiarch in
 * batch mode on `file` with `script` after `target remote`.
 */
export async function gdbSession(t: ExecutionContext, args: readonly string[], file: string, script: string, options: SessionOptions = {}): Promise<Session> {
  const ms = options.ms ?? 120_000;
  const pvlab = spawn(process.execPath, [CLI, ...args, '--gdb', '127.0.0.1:0'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  own(t, pvlab);
  let out = '';
  let err = '';
  pvlab.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pvlab did not say where it listens within 30 s:\n${err}`)), 30_000);
    pvlab.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      const m = /gdb server on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    pvlab.once('exit', () => reject(new Error(`pvlab exited before listening:\n${err}`)));
  });
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-gdb-script-'));
  const scriptFile = join(dir, 'session.gdb');
  const logFile = join(dir, 'remote.log');
  const logging = options.log ? `set remotelogfile ${logFile}\n` : '';
  writeFileSync(scriptFile, `set pagination off\nset confirm off\nset width 0\n${logging}target remote 127.0.0.1:${port}\n${script}`);
  const gdb = spawn(GDB, ['-nx', '-batch', '-x', scriptFile, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  own(t, gdb);
  // Its two streams apart: how pipes interleave is not deterministic.
  let gdbOut = '';
  let gdbErr = '';
  gdb.stdout!.setEncoding('utf8').on('data', (d: string) => (gdbOut += d));
  gdb.stderr!.setEncoding('utf8').on('data', (d: string) => (gdbErr += d));
  // What runs beside gdb: if it fails, gdb is ended and the failure reported after it.
  let failed: unknown;
  const io = { pvlabOut: () => out, gdbOut: () => gdbOut, interrupt: () => gdb.kill('SIGINT'), hangUp: () => gdb.kill('SIGKILL') };
  const during = options.during?.(io).catch((e: unknown) => {
    failed = e;
    gdb.kill('SIGKILL');
  });
  const gdbStatus = await exited(gdb, ms);
  await during;
  if (failed !== undefined) throw failed;
  if (gdbStatus === 'timeout') t.log(`gdb did not finish within ${ms / 1000} s`);
  const pvlabStatus = await exited(pvlab, 60_000);
  const log = options.log && existsSync(logFile) ? readFileSync(logFile, 'latin1') : '';
  return { gdb: gdbErr ? `${gdbOut}--- stderr ---\n${gdbErr}` : gdbOut, log, pvlabOut: out, pvlabErr: err, pvlabStatus };
}

/**
 * What varies from run to run or checkout to checkout, made constant: the
 * checkout's path, host times in exit tables and trace lines, the port.
 */
export function normalize(text: string): string {
  return text
    .split(ROOT + '/').join('')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/ +[\d.]+ ms +[\d,]+ ns$/gm, ' HOST-TIME')
    .replace(/\([\d,]+ ns\)/g, '(HOST-TIME)');
}

/** A `--stats` report (from its `mode` line on) without host times: what must repeat exactly. */
export function normalizeStats(stderr: string): string {
  const at = stderr.search(/^mode +/m);
  return at < 0 ? '' : normalize(stderr.slice(at));
}
