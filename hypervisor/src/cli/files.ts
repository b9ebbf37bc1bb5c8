/**
 * The files a command is told to read or write: a failure is one line
 * naming the file and why (`asm: cannot write 'out/x.elf': no such file or
 * directory`), exit code 2 — never an internal error.
 */
import { readFileSync, readSync, writeFileSync } from 'node:fs';
import { UsageError } from './output.js';

/** Why a file operation failed, in words, by Node's error code. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

const reason = (e: unknown): string => REASONS[(e as { code?: string }).code ?? ''] ?? (e as Error).message;

/** Write `data` to `path` for `command`, or fail with one line. */
export function writeOutput(command: string, path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw new UsageError(`${command}: cannot write '${path}': ${reason(e)}`);
  }
}

/** Read `path` (the `what` of `command`, e.g. "linker script"), or fail with one line. */
export function readInput(command: string, what: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`${command}: cannot read ${what ? `${what} ` : ''}'${path}': ${reason(e)}`);
  }
}

/**
 * All of stdin up to its end, for a script piped in; nothing when there is
 * no stdin to read (closed, or not readable). A stdin its parent left
 * non-blocking says EAGAIN until the writer writes: that is waited out,
 * never taken for the end (a script lost that way leaves the guest at its
 * first prompt).
 */
export function readStdin(): Buffer {
  const chunks: Buffer[] = [];
  const chunk = Buffer.alloc(1 << 16);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EAGAIN' || code === 'EINTR') {
        Atomics.wait(pause, 0, 0, 2);
        continue;
      }
      if (code === 'EOF') break;
      return Buffer.concat(chunks); // no stdin to read (EBADF, EISDIR, ...): what was read, if anything
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}
