/**
 * Booting a kernel on the board: the modes table, the API, its results.
 */
export { boot, startBoot } from './boot.js';
export { restoreBoot } from './restore.js';
export { bootNative } from './native.js';
export { BOOT_MODES, BOOT_MODE_NAMES, isBootMode, type BootModeSpec } from './modes.js';
export { BootError, bootErrors, type BootErrorCode } from './errors.js';
export { kernelImageInfo, type KernelBuild, type KernelImageInfo } from './image.js';
export { BootSession, MARKERS_KEPT, type BenchMarker, type BenchRegion } from './session.js';
export { ByteTail, DEFAULT_TRANSCRIPT_LIMIT } from './tail.js';
export type { BalloonTarget, BootParts, RestoreOptions, BootMode, BootOptions, BootRun, BootRunner, BootHandle, BootSlice, BootStop, GuestRun, ResolvedBootOptions } from './types.js';
