/**
 * The SBI error codes: one table. A hypercall returns one of these in `a0`.
 *
 * RISC-V SBI specification, §3 "Binary Encoding", table "Standard SBI Errors"
 * (codes 0..-9 since v2.0; -10..-14 added in v3.0).
 */
export const SBI_ERRORS = {
  SUCCESS: { code: 0, doc: 'completed successfully' },
  FAILED: { code: -1, doc: 'failed (for a hypercall: the hypervisor could not complete it)' },
  NOT_SUPPORTED: { code: -2, doc: 'not supported (unknown extension or function id, or a valid request this hypervisor does not implement)' },
  INVALID_PARAM: { code: -3, doc: 'invalid parameter (bad enum value, unknown flag bit, misaligned pointer, out-of-range value)' },
  DENIED: { code: -4, doc: 'denied (the request is well formed but not allowed)' },
  INVALID_ADDRESS: { code: -5, doc: 'invalid address (unmapped, not writable, outside the VM, or wrapping past 2^32)' },
  ALREADY_AVAILABLE: { code: -6, doc: 'already available' },
  ALREADY_STARTED: { code: -7, doc: 'already started' },
  ALREADY_STOPPED: { code: -8, doc: 'already stopped' },
  NO_SHMEM: { code: -9, doc: 'shared memory not available' },
  INVALID_STATE: { code: -10, doc: 'invalid state' },
  BAD_RANGE: { code: -11, doc: 'bad (or invalid) range' },
  TIMEOUT: { code: -12, doc: 'timed out' },
  IO: { code: -13, doc: 'input/output error' },
  DENIED_LOCKED: { code: -14, doc: 'denied, locked' },
} as const satisfies Record<string, { code: number; doc: string }>;

/** An SBI error's name, as in the table (`INVALID_PARAM`). */
export type SbiErrorName = keyof typeof SBI_ERRORS;

/** Every error name, in table order (SUCCESS first). */
export const SBI_ERROR_NAMES = Object.keys(SBI_ERRORS) as readonly SbiErrorName[];

const BY_CODE = new Map<number, SbiErrorName>(SBI_ERROR_NAMES.map((n) => [SBI_ERRORS[n].code, n]));

/** The code of an error name (`sbiError('DENIED')` = -4). */
export const sbiError = (name: SbiErrorName): number => SBI_ERRORS[name].code;

/** The name of an error code, or undefined when the code is not in the table. */
export const sbiErrorName = (code: number): SbiErrorName | undefined => BY_CODE.get(code | 0);

/** The assembly/C symbol of an error: `SBI_SUCCESS`, `SBI_ERR_DENIED`. */
export const sbiErrorSymbol = (name: SbiErrorName): string => (name === 'SUCCESS' ? 'SBI_SUCCESS' : `SBI_ERR_${name}`);
