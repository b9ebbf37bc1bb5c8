/**
 * Errors of the ELF reader and writer: a `code` to switch on and a short
 * message with values in hex. Made by `elfError`, recognised by `isElfError`.
 */

/** What went wrong, as a stable code. */
export type ElfErrorCode =
  | 'not-elf'
  | 'truncated'
  | 'unsupported-class'
  | 'unsupported-endianness'
  | 'unsupported-machine'
  | 'bad-header'
  | 'bad-section'
  | 'bad-segment'
  | 'bad-symbol-table'
  | 'bad-image';

/** An ELF problem; `message` says what and where. */
export class ElfError extends Error {
  constructor(
    readonly code: ElfErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ElfError';
  }
}

/** Make an `ElfError` (e.g. `elfError('not-elf', 'not an ELF file')`). */
export function elfError(code: ElfErrorCode, message: string): ElfError {
  return new ElfError(code, message);
}

/** Is `e` an error made by `elfError`? */
export function isElfError(e: unknown): e is ElfError {
  return e instanceof ElfError;
}

/** Format a number as `0x...` for messages. */
export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
