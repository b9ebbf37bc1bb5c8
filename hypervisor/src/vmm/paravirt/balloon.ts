/**
 * The balloon's hypercalls (the `memory` extension): a paravirtual guest
 * hands frames back (decrease_reservation), asks for them again
 * (increase_reservation) and reads its figures (memory_stat); the host sets
 * its target (`Hypervisor#setBalloonTarget`) and the guest hears of it by
 * an upcall, as a xenstore watch fires. The reservation's rules are in
 * memory/reservation.ts; here the guest's words become frames, frames the
 * VM still uses are found (its validated tables, its grants), and its
 * shadows are dropped when its p2m changed.
 */
import { PAGE_SIZE as PAGE } from '@pvlab/assembler';
import { HYPERCALLS, PVLAB_MEMORY, defineHandler, fail, type Handler } from '@pvlab/hypercall-abi';
import type { Vm } from '../vm.js';
import { WORK } from '../work.js';
import type { HypercallHost } from './hypercall-host.js';
import type { SplitDrivers } from './split-drivers.js';

/** Frames in one batch at most. */
export const MEMORY_BATCH_MAX = PVLAB_MEMORY.constants.memory_batch_max.value;
/** The event port a target change signals. */
export const MEMORY_TARGET_PORT = PVLAB_MEMORY.constants.memory_target_port.value;

/** The guest's frame numbers (gpa >> 12) as frames of its RAM (negative or past it: outside). */
function guestFrames(vm: Vm, words: { get(i: number): number }, count: number): number[] {
  const first = vm.memory.p2m.base / PAGE;
  return Array.from({ length: count }, (_, i) => (words.get(i) >>> 0) - first);
}

/**
 * Tell the VM its target changed: its memory-target port on its event page
 * when it has one, its event upcall (SSIP) either way.
 */
export function announceTarget(host: HypercallHost, split: SplitDrivers | undefined, vm: Vm): void {
  if (split?.events.page !== undefined) split.events.signal(MEMORY_TARGET_PORT);
  else host.mode.softInterrupt(host.hart, vm, host.running(vm));
}

/** The handlers; `split(vm)` is the VM's split-driver state if it has any (its grants). */
export function balloonHandlers(host: HypercallHost, split: (vm: Vm) => SplitDrivers | undefined): Handler<Vm>[] {
  const { mode } = host;
  /** A p2m changed: the mode drops the VM's shadows. */
  const changed = (vm: Vm) => mode.memoryChanged!(host.hart, vm, host.running(vm));
  return [
    defineHandler(HYPERCALLS.memory_stat, (vm: Vm, { which }) => {
      const r = vm.memory;
      if (which === 'max_pages') return r.p2m.frames;
      if (which === 'pages') return r.p2m.pages;
      if (which === 'target_pages') return r.target;
      return r.pool.free.length;
    }),
    defineHandler(HYPERCALLS.decrease_reservation, (vm: Vm, { frames, count }) => {
      if (!mode.memoryChanged || !mode.framesInUse) return fail('NOT_SUPPORTED');
      if (count < 1 || count > MEMORY_BATCH_MAX) return fail('INVALID_PARAM');
      vm.work.charge(count * WORK.balloonFrame);
      const grants = split(vm)?.grants;
      const refusal = vm.memory.decrease(guestFrames(vm, frames, count), (gpas) => {
        const i = gpas.findIndex((g) => grants?.holds(g) === true);
        const t = mode.framesInUse!(vm, gpas);
        return i < 0 ? t : t < 0 ? i : Math.min(i, t);
      });
      if (refusal) return fail(refusal.error, refusal.index);
      changed(vm);
      return count;
    }),
    defineHandler(HYPERCALLS.increase_reservation, (vm: Vm, { frames, count }) => {
      if (!mode.memoryChanged) return fail('NOT_SUPPORTED');
      if (count < 1 || count > MEMORY_BATCH_MAX) return fail('INVALID_PARAM');
      vm.work.charge(count * WORK.balloonFrame);
      const n = vm.memory.increase(guestFrames(vm, frames, count));
      if (typeof n !== 'number') return fail(n.error as 'INVALID_ADDRESS' | 'INVALID_PARAM', n.index); // never DENIED: nothing is in use before it is populated
      if (n > 0) changed(vm);
      return n;
    }),
  ];
}
