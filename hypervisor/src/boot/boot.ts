/**
 * `boot(kernel, options)`: boot a kernel ELF on the board in one of the
 * BOOT_MODES, feed it a script, run it to shutdown and report what it did.
 * `startBoot` gives the handle instead, to run in slices (a terminal).
 */
import { RAM_BASE, RAM_GRANULE, RAM_SIZE_MAX } from '../machine/bus.js';
import { layoutProblem } from '../vmm/layout.js';
import { bootErrors } from './errors.js';
import { kernelImageInfo, type KernelImageInfo } from './image.js';
import { BOOT_MODES, BOOT_MODE_NAMES, isBootMode } from './modes.js';
import type { BootHandle, BootMode, BootOptions, BootRun } from './types.js';

/**
 * Load `kernel` for `options.mode` (default native). Throws BootError when it
 * cannot start: an unknown mode, a build of pvlab's kernel that the mode does
 * not run, memory the board cannot have or the kernel does not fit in, a bad image.
 */
export function startBoot(kernel: Uint8Array, options: BootOptions = {}): BootHandle {
  const mode = options.mode ?? 'native';
  if (!isBootMode(mode)) throw bootErrors.unknownMode(mode, BOOT_MODE_NAMES);
  const info = kernelImageInfo(kernel);
  checkBuild(mode, info);
  if (options.memory !== undefined) checkMemory(mode, options.memory, options.vms ?? 1, info);
  if (options.disks !== undefined && mode !== 'paravirt') throw bootErrors.disksNeedParavirt(mode);
  if (options.nics !== undefined && mode !== 'paravirt') throw bootErrors.nicsNeedParavirt(mode);
  if ((options.memoryTotal !== undefined || options.balloon?.length) && mode === 'native') throw bootErrors.badMemory('the balloon (memoryTotal, balloon) is the hypervisor\'s: mode paravirt');
  for (const t of options.balloon ?? []) if (!Number.isInteger(t.vm) || t.vm < 0 || t.vm >= (options.vms ?? 1)) throw bootErrors.badMemory(`a balloon target for VM ${t.vm}, but the VMs are 0..${(options.vms ?? 1) - 1}`);
  if (options.firmwareMode === 'guest') {
    if (mode !== 'trap') throw bootErrors.guestFirmwareNeedsTrap(mode);
    if (!options.firmware) throw bootErrors.noFirmware();
  }
  return BOOT_MODES[mode].run(kernel, { ...options, mode, maxInstructions: options.maxInstructions ?? Infinity });
}

/** Boot `kernel` and run it until it shuts down, runs out of budget or goes idle for good. */
export function boot(kernel: Uint8Array, options: BootOptions = {}): BootRun {
  const handle = startBoot(kernel, options);
  handle.run(options.maxInstructions ?? Infinity);
  return handle.result();
}

/**
 * pvlab's kernel in the wrong mode fails far from the cause — its native build
 * spins on page faults under paravirtual confinement, its PARAVIRT build makes
 * hypercalls that the native firmware cannot answer — so the image is checked first.
 */
function checkBuild(mode: BootMode, info: KernelImageInfo): void {
  if (info.build === 'unknown') return;
  const image = info.build === 'paravirt' ? 'kernel-pv.elf' : 'kernel.elf';
  if (BOOT_MODES[mode].image === image) return;
  const modesForIt = BOOT_MODE_NAMES.filter((m) => BOOT_MODES[m].image === image);
  throw bootErrors.wrongImage(mode, info.build, modesForIt, BOOT_MODES[mode].image);
}

/** The board's RAM (native) or each VM's (under the hypervisor) must be possible, and hold the kernel's. */
function checkMemory(mode: BootMode, memory: number, vms: number, info: KernelImageInfo): void {
  if (mode === 'native') {
    if (!Number.isInteger(memory) || memory <= 0 || memory % RAM_GRANULE !== 0 || memory > RAM_SIZE_MAX) {
      throw bootErrors.badMemory(`the board's RAM is a whole number of 4 KiB pages, at most 2 GiB, not ${memory} bytes`);
    }
  } else {
    const problem = Number.isInteger(memory) ? layoutProblem(vms, memory) : `not a number of bytes: ${memory}`;
    if (problem) throw bootErrors.badMemory(problem);
  }
  if (info.ramEnd !== undefined && memory < info.ramEnd - RAM_BASE) throw bootErrors.kernelNeedsMore(memory, RAM_BASE, info.ramEnd);
}
