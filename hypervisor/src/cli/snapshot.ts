/**
 * The CLI's side of snapshots (`--snapshot-at N --snapshot FILE`,
 * `--restore FILE`) for `pvlab run` and `pvlab boot`: the options' rules,
 * reading and writing the file, and the one-line errors. A snapshot that
 * cannot be read is `pvlab: error: FILE: …` with exit code 1, and nothing
 * has started.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { SnapshotError } from '../snapshot/errors.js';
import { count, text } from './options.js';
import { UsageError } from './output.js';

/** The options, as `run` and `boot` declare them. */
export const SNAPSHOT_OPTIONS = {
  'snapshot-at': count(1, Number.MAX_SAFE_INTEGER),
  snapshot: text(),
  restore: text(),
} as const;

/** Their lines in `--help`. */
export const SNAPSHOT_HELP = `  --snapshot-at N      stop when the guest has retired exactly N instructions (counted from
                       reset), write the whole machine to --snapshot FILE and exit 0
  --snapshot FILE      where --snapshot-at writes (pvlab's snapshot format: versioned,
                       checksummed; RAM as its non-zero pages, deflated)
  --restore FILE       continue a snapshot's run where it stopped, in this process: the
                       board, programs, devices and the console input not yet read come
                       from the file (stdin, if given, is typed after it); counts and
                       --max-insns are from reset, as if the run had never stopped`;

/** A snapshot error as the CLI reports it: one line naming the file, exit code 1. */
export function snapshotFailure(file: string, e: unknown): never {
  if (e instanceof SnapshotError) throw new UsageError(`error: ${file}: ${e.message}`, 1);
  throw e;
}

/** `--snapshot-at` and `--snapshot` go together. */
export function checkSnapshotOptions(command: string, values: { 'snapshot-at'?: number; snapshot?: string }): { at: number; file: string } | undefined {
  const at = values['snapshot-at'], file = values.snapshot;
  if (at === undefined && file === undefined) return undefined;
  if (at === undefined) throw new UsageError(`${command}: --snapshot FILE needs --snapshot-at N (the instruction count at which to take it)`);
  if (file === undefined) throw new UsageError(`${command}: --snapshot-at N needs --snapshot FILE (where to write it)`);
  return { at, file };
}

/** Options that describe the machine, which a restore takes from the file: none of them may be given with --restore. */
export function refuseWithRestore(command: string, values: Readonly<Record<string, unknown>>, names: readonly string[], positionals: readonly string[]): void {
  const given = names.find((k) => values[k] !== undefined);
  if (given) throw new UsageError(`${command}: --${given} does not go with --restore: the machine comes from the snapshot`);
  if (positionals.length > 0) throw new UsageError(`${command}: --restore FILE takes no ${command === 'run' ? 'program' : 'kernel'}: it is in the snapshot`);
}

/** Read a snapshot file (a missing file is the same one-line error as a bad one). */
export function readSnapshot(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UsageError(`error: ${file}: cannot read it${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a directory' : `: ${(e as Error).message}`}`, 1);
  }
}

/** Write a snapshot: to a temporary name, then renamed, so a reader never sees half a file. */
export function writeSnapshot(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (e) {
    throw new UsageError(`error: ${file}: cannot write it: ${(e as Error).message}`, 1);
  }
}

/** The run stopped before reaching N: no snapshot. */
export function stoppedEarly(command: string, at: number, retired: number, how: string): UsageError {
  return new UsageError(`error: ${command}: the guest ${how} after ${retired.toLocaleString('en-US')} instructions, before --snapshot-at ${at.toLocaleString('en-US')}: no snapshot written`, 1);
}
