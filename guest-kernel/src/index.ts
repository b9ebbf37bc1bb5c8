/**
 * @pvlab/guest-kernel — the teaching RV32 kernel (native and PARAVIRT builds of
 * the same sources), its M-mode firmware, and the tools to build them.
 */
export {
  buildKernel, buildFirmware, KernelBuildError, GUEST_KERNEL_ROOT, KERNEL_SOURCES, FIRMWARE_SOURCES, DIST_IMAGES,
  type ImageBuild, type KernelBuildOptions,
} from './build.js';
export { readPvopSites, kernelCode, KERNEL_CODE_SECTIONS, type PvopSite, type CodeRange } from './pvop-sites.js';
export { FIRMWARE_KERNEL_ENTRY, FIRMWARE_MEDELEG, FIRMWARE_MIDELEG, FIRMWARE_MCOUNTEREN, FIRMWARE_TRAP_EXIT } from './firmware-contract.js';
