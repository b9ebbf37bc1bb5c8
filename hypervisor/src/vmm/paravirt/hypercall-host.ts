/**
 * What the hypercall handlers (hypercalls.ts, split-drivers.ts, balloon.ts)
 * need of the hypervisor beyond the VM itself: one small interface of its
 * own, so the handler files depend on it and not on each other.
 */
import type { Hart } from '../../machine/hart/hart.js';
import type { Virtualization } from '../virtualization.js';
import type { Vm } from '../vm.js';

/** What handlers need of the hypervisor beyond the VM itself. */
export interface HypercallHost {
  readonly hart: Hart;
  readonly mode: Virtualization;
  /** Whether `vm` is on the hart now (it always is during its own hypercall). */
  running(vm: Vm): boolean;
  /** A benchmark region begins or ends in `vm`. */
  marker(vm: Vm, event: 'begin' | 'end'): void;
  /** Give the hart to another VM after this exit. */
  yieldFrom(vm: Vm): void;
}

