/**
 * The boot modes, one row each: what runs the kernel, which image it
 * expects, and its runner. `trap` and `paravirt` are filled in by the
 * hypervisor's issues (their runners attach the vmm as the board's monitor
 * and must return the same BootRun, with their exit statistics beside it).
 */
import { bootNative } from './native.js';
import { bootHypervised } from './hypervised.js';
import type { BootMode, BootRunner } from './types.js';

/** One boot mode. */
export interface BootModeSpec {
  readonly summary: string;
  /** The kernel image this mode runs. */
  readonly image: 'kernel.elf' | 'kernel-pv.elf';
  /** Needs the M-mode firmware (the hypervisor plays M-mode otherwise). */
  readonly firmware: boolean;
  /** The runner; undefined while the mode is not implemented. */
  readonly run: BootRunner | undefined;
  /** Where it is coming from, while it is not available. */
  readonly issue: string;
}

export const BOOT_MODES: Readonly<Record<BootMode, BootModeSpec>> = {
  native: {
    summary: 'the kernel alone on the board, entered in S-mode by pvlab\'s M-mode firmware (no hypervisor)',
    image: 'kernel.elf', firmware: true, run: bootNative, issue: 'issue 5',
  },
  trap: {
    summary: 'full virtualization: the same kernel.elf deprivileged to U-mode, every privileged operation trapped and emulated',
    image: 'kernel.elf', firmware: false, run: bootHypervised, issue: 'issue 6, the trap-and-emulate hypervisor',
  },
  paravirt: {
    summary: 'paravirtualization: kernel-pv.elf in confined S-mode, asking the hypervisor by hypercall',
    image: 'kernel-pv.elf', firmware: false, run: bootHypervised, issue: 'issue 7, paravirtualization',
  },
};

/** The mode names, in table order. */
export const BOOT_MODE_NAMES = Object.keys(BOOT_MODES) as BootMode[];

/** Is `name` a boot mode? */
export const isBootMode = (name: string): name is BootMode => Object.hasOwn(BOOT_MODES, name);
