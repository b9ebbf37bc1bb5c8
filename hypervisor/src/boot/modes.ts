/**
 * The boot modes, one row each: what runs the kernel, which build of it the
 * mode runs, and its runner.
 */
import { bootNative } from './native.js';
import { bootHypervised } from './hypervised.js';
import type { BootMode, BootRunner } from './types.js';

/** One boot mode. */
export interface BootModeSpec {
  readonly summary: string;
  /** The kernel image this mode runs: the native build, or the PARAVIRT build. */
  readonly image: 'kernel.elf' | 'kernel-pv.elf';
  /** Needs the M-mode firmware (the hypervisor plays M-mode otherwise). */
  readonly firmware: boolean;
  readonly run: BootRunner;
}

export const BOOT_MODES: Readonly<Record<BootMode, BootModeSpec>> = {
  native: {
    summary: 'the kernel alone on the board, entered in S-mode by pvlab\'s M-mode firmware (no hypervisor)',
    image: 'kernel.elf', firmware: true, run: bootNative,
  },
  trap: {
    summary: 'full virtualization: the same kernel.elf deprivileged to U-mode, every privileged operation trapped and emulated',
    image: 'kernel.elf', firmware: false, run: bootHypervised,
  },
  paravirt: {
    summary: 'paravirtualization: kernel-pv.elf in confined S-mode, asking the hypervisor by hypercall',
    image: 'kernel-pv.elf', firmware: false, run: bootHypervised,
  },
};

/** The mode names, in table order. */
export const BOOT_MODE_NAMES = Object.keys(BOOT_MODES) as BootMode[];

/** Is `name` a boot mode? */
export const isBootMode = (name: string): name is BootMode => Object.hasOwn(BOOT_MODES, name);
