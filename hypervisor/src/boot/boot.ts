/**
 * `boot(kernel, options)`: boot a kernel ELF on the board in one of the
 * BOOT_MODES, feed it a script, run it to shutdown and report what it did.
 * `startBoot` gives the handle instead, to run in slices (a terminal).
 */
import { bootErrors } from './errors.js';
import { BOOT_MODES, BOOT_MODE_NAMES, isBootMode, type BootModeSpec } from './modes.js';
import type { BootHandle, BootOptions, BootRun } from './types.js';

/** Load `kernel` for `options.mode` (default native). Throws BootError when it cannot start. */
export function startBoot(kernel: Uint8Array, options: BootOptions = {}): BootHandle {
  const mode = options.mode ?? 'native';
  if (!isBootMode(mode)) throw bootErrors.unknownMode(mode, BOOT_MODE_NAMES);
  const spec: BootModeSpec = BOOT_MODES[mode];
  if (!spec.run) throw bootErrors.modeUnavailable(mode, spec.issue);
  return spec.run(kernel, { ...options, mode, maxInstructions: options.maxInstructions ?? Infinity });
}

/** Boot `kernel` and run it until it shuts down, runs out of budget or goes idle for good. */
export function boot(kernel: Uint8Array, options: BootOptions = {}): BootRun {
  const handle = startBoot(kernel, options);
  handle.run(options.maxInstructions ?? Infinity);
  return handle.result();
}
