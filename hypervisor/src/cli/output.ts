/**
 * Terminal output: colours only on a TTY (and never with NO_COLOR), errors
 * as one line each, never a stack trace.
 */
export const useColor = (stream: NodeJS.WriteStream = process.stderr): boolean =>
  Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

const paint = (code: string) => (s: string) => (useColor(process.stdout) ? `\x1b[${code}m${s}\x1b[0m` : s);
export const bold = paint('1');
export const dim = paint('2');
export const green = paint('32');
export const red = paint('31');

/** A usage or input error: printed as `pvlab: message`, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

/**
 * A guest's console on stdout, streamed as it is produced: bytes are held
 * until a line ends (or 4 KiB gather), so a long scripted run prints each
 * line when the guest writes it, not all at the end; `flush` writes a
 * partial line too (a prompt, before the terminal waits for keys).
 */
export class ConsoleOut {
  private readonly held: number[] = [];

  constructor(private readonly write: (bytes: Uint8Array) => void = (b) => process.stdout.write(b)) {}

  /** A byte the guest wrote. */
  push(byte: number): void {
    this.held.push(byte);
    if (byte === 10 || this.held.length >= 4096) this.flush();
  }

  /** Several bytes at once (a whole line of a VM, prefixed). */
  pushAll(bytes: Iterable<number>): void {
    for (const b of bytes) this.push(b);
  }

  /** Write what is held. */
  flush(): void {
    if (this.held.length) this.write(Uint8Array.from(this.held.splice(0)));
  }
}
