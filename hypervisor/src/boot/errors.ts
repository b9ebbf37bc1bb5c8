/**
 * Errors of booting a kernel: named factories, one line each, values in hex.
 */

/** Why a boot could not start. */
export type BootErrorCode = 'mode-unavailable' | 'unknown-mode' | 'bad-image' | 'no-firmware';

/** A boot that cannot start (bad mode, bad image): the CLI prints `message` alone. */
export class BootError extends Error {
  constructor(readonly code: BootErrorCode, message: string) {
    super(message);
  }
}

/** Factories, so that the wording lives in one place and tests can match it. */
export const bootErrors = {
  modeUnavailable: (mode: string, issue: string) =>
    new BootError('mode-unavailable', `boot mode '${mode}' is not available yet (${issue}); use --mode native`),
  unknownMode: (mode: string, modes: readonly string[]) =>
    new BootError('unknown-mode', `unknown boot mode '${mode}' (modes: ${modes.join(', ')})`),
  badImage: (what: string, detail: string) => new BootError('bad-image', `${what}: ${detail}`),
  noFirmware: () => new BootError('no-firmware', 'native boot needs the M-mode firmware (firmware.elf): pass firmware'),
};
