/**
 * Host-side errors of the ABI package: a catalogue or a custom hypercall file
 * that is wrong. (A guest's bad hypercall is never one of these: it gets an
 * SBI error code in `a0`.) Named factories, one `code` each; messages give
 * ids in hex and name the file when there is one.
 */
export type HypercallAbiErrorCode =
  | 'HC_BAD_SCHEMA'
  | 'HC_ID_CONFLICT'
  | 'HC_NAME_CONFLICT'
  | 'HC_ID_RANGE'
  | 'HC_BAD_HANDLER'
  | 'HC_LOAD_FAILED'
  | 'HC_NOTHING_EXPORTED';

/** An error in a hypercall declaration or a custom hypercall file. */
export class HypercallAbiError extends Error {
  constructor(
    readonly code: HypercallAbiErrorCode,
    message: string,
    /** The file the declaration came from, when known. */
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'HypercallAbiError';
  }
}

/** True for errors thrown by this package (also across module copies: checks the name and code). */
export const isHypercallAbiError = (e: unknown): e is HypercallAbiError =>
  e instanceof Error && e.name === 'HypercallAbiError' && typeof (e as { code?: unknown }).code === 'string';

export const badSchema = (message: string, file?: string) => new HypercallAbiError('HC_BAD_SCHEMA', message, file);
export const idConflict = (message: string, file?: string) => new HypercallAbiError('HC_ID_CONFLICT', message, file);
export const nameConflict = (message: string, file?: string) => new HypercallAbiError('HC_NAME_CONFLICT', message, file);
export const idRange = (message: string, file?: string) => new HypercallAbiError('HC_ID_RANGE', message, file);
export const badHandler = (message: string, file?: string) => new HypercallAbiError('HC_BAD_HANDLER', message, file);
export const loadFailed = (message: string, file?: string) => new HypercallAbiError('HC_LOAD_FAILED', message, file);
export const nothingExported = (file: string) =>
  new HypercallAbiError('HC_NOTHING_EXPORTED', 'exports no hypercall extension (export the value of defineExtension(...))', file);
