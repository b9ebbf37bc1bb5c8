/**
 * What differs between the two ways the hypervisor runs a guest — trap
 * and emulate (trap/mode.ts) and paravirtualization (paravirt/mode.ts): the world
 * switch, the exits, how interrupts reach the guest, and what a change of
 * address space or a TLB flush means. The scheduler, the statistics and the
 * hypercall dispatcher (hypervisor.ts) are shared.
 */
import type { Hart } from '../machine/hart/hart.js';
import type { Vm } from './vm.js';
import type { ExitReason } from './exit-reasons.js';

export type VirtMode = 'trap' | 'paravirt';

/** What an exit handler works on: the physical hart (holding the guest's registers) and the VM. */
export interface ExitContext {
  readonly hart: Hart;
  readonly vm: Vm;
  /** The virtualization mode's side of translation: what a guest sfence.vma drops (all, or one page). */
  readonly flush: (vm: Vm, va: number | undefined) => void;
  /** The guest pc: the exiting instruction's on entry, where the guest resumes on return. */
  pc: number;
  /** Words for the trace, when tracing (set by handlers that know what they did). */
  effect: string;
  readonly tracing: boolean;
}

/** Services the hypervisor gives a mode's exit handler. */
export interface HypervisorServices {
  /** An ecall from the guest kernel: dispatch it through the catalogue (a0/a1 written, `c.pc` past the ecall — or left on it, when the call is continued). */
  hypercall(c: ExitContext): void;
  /** The hypervisor's timer fired. */
  timer(c: ExitContext): void;
}

export interface Virtualization {
  readonly mode: VirtMode;
  /** Prepare a new VM (its shadow tables). */
  attach(vm: Vm): void;
  /** Configure the hart for this mode (delegation, interrupt enables) once. */
  configure(hart: Hart): void;
  /** Put a VM on the hart. */
  enter(hart: Hart, vm: Vm): void;
  /** Take it off, saving what the hart held. */
  leave(hart: Hart, vm: Vm): void;
  /**
   * A VM that halted is off the hart for good: leave nothing of it there
   * that could run, be delivered or wake the hart (its timer, its enabled
   * interrupts). The hart waits until the hypervisor switches to another VM.
   */
  park(hart: Hart, vm: Vm): void;
  /** Handle one exit of the running VM; `c.pc` is where it resumes. */
  exit(c: ExitContext, s: HypervisorServices, mcause: number, tval: number): ExitReason;
  /** After an exit: deliver what became deliverable, and make the hart match the guest's state. Returns true if the guest now waits. */
  settle(hart: Hart, vm: Vm): boolean;
  /** Whether a VM that is not running has an interrupt that wakes it. */
  wakes(vm: Vm): boolean;
  /** The guest timer deadline the hypervisor must wake for (mtime ticks), if the hart does not see it itself. */
  deadline(vm: Vm, running: boolean): number;
  /** A guest sfence.vma or TLB-flush hypercall: drop translations (all, or one page). */
  flush(hart: Hart, vm: Vm, va: number | undefined): void;
  /** A guest asked for a new root (new_baseptr, or satp written): false when it cannot be used. */
  setRoot(hart: Hart, vm: Vm, satp: number, running: boolean): boolean;
  /** A PTE at guest-physical `ptep` was written by hypercall (already validated and stored). */
  pteWritten(hart: Hart, vm: Vm, ptep: number, value: number): void;
  /** The guest's timer (SBI set_timer). */
  setTimer(hart: Hart, vm: Vm, value: number, running: boolean): void;
  /** An event channel signalled the VM: its supervisor software interrupt (SSIP) becomes pending; the guest clears it. */
  softInterrupt(hart: Hart, vm: Vm, running: boolean): void;
  /** The running VM's p2m changed (the balloon): drop what names its machine frames. Paravirtual mode only. */
  memoryChanged?(hart: Hart, vm: Vm, running: boolean): void;
  /** The index of the first of `gpas` (guest frames) the VM's validated tables hold or map with a 4 KiB leaf, or -1. Paravirtual mode only. */
  framesInUse?(vm: Vm, gpas: readonly number[]): number;
  /** Console input is pending for a VM (or no longer is). */
  inputPending(hart: Hart, vm: Vm, pending: boolean, running: boolean): void;
  /** The mode's state of a VM (its shadow pager's bookkeeping, …) as plain data, for a snapshot; pool pages as pool offsets. */
  saveVm(vm: Vm): unknown;
  /** Take a VM's saved mode state (its pool's bytes restored apart); counts no exit. */
  loadVm(vm: Vm, state: unknown): void;
}
