/**
 * What the debugger needs of a running system, and nothing more: threads
 * whose registers, CSRs and memory it can read and write, and a way to run
 * them one step or many. Adapters implement it for the bare board and the
 * native boot (machine-target.ts) and for the VMs under the hypervisor
 * (vm-target.ts); the server (server.ts, commands.ts) and the run control
 * (run-control.ts) know only this file.
 */
import type { Priv } from '@pvlab/assembler';
import type { Walk } from './sv32-walk.js';

/** A gdb thread: a hart, or a VM's virtual CPU. Ids count from 1. */
export interface DebugThread {
  readonly id: number;
  /** `hart0`, `vm1`. */
  readonly name: string;
  /** One line for `info threads`: how it runs, its privilege, its state. */
  describe(): string;
  /** x0..x31 (0..31) and pc (32). */
  register(n: number): number;
  setRegister(n: number, value: number): void;
  /** A CSR as the program sees it, or undefined when the hart has none by that number. */
  csr(number: number): number | undefined;
  /** False when the CSR cannot be written (absent, read-only, or not from the debugger). */
  setCsr(number: number, value: number): boolean;
  /** The privilege mode the program runs in: virtual, for a guest. */
  priv(): Priv;
  setPriv(p: Priv): boolean;
  /** The program's current satp: the guest's own, for a guest. */
  satp(): number;
  /** Where a virtual address is, through the program's current translation. */
  translate(va: number): Walk;
  /** Bytes of (guest-)physical RAM from `pa`, stopping at the first byte that is not RAM. */
  readPhysical(pa: number, length: number): Uint8Array;
  /** Write (guest-)physical RAM; false (nothing written) unless every byte is RAM. */
  writePhysical(pa: number, bytes: Uint8Array): boolean;
  /** Instructions the program has retired: with the pc, how a step is seen to have happened. */
  retired(): number;
  /** The thread can run no more (a VM that shut down). */
  finished(): boolean;
}

/** How a step or a run ended. */
export type TargetEnd =
  | { readonly kind: 'running' }
  /** Nothing can run until input arrives (every hart waits for an interrupt that nothing will raise). */
  | { readonly kind: 'idle' }
  /** The machine stopped: the program shut it down, or the instruction budget ran out (`budget`). */
  | { readonly kind: 'exited'; readonly code: number; readonly budget?: boolean };

/** An exit the hypervisor took, as the debugger hears of it. */
export interface ExitEvent {
  /** The thread (VM) that exited. */
  readonly thread: number;
  readonly reason: string;
  /** Its `--trace` line. */
  readonly line: string;
}

/** The hypervisor's side, for `monitor` commands (absent when there is none). */
export interface HypervisorView {
  /** `trap` or `paravirt`. */
  readonly mode: string;
  /** The exit reasons' names (the exit-reasons table). */
  readonly reasons: readonly string[];
  /** The `--stats` exit table of a thread's VM, so far. */
  exitTable(thread: number): string;
  /** The hypercalls a thread's VM made so far, by name. */
  hypercalls(thread: number): string;
  /** Hear every exit (undefined: stop listening). Exits are traced while someone listens. */
  listen(f: ((e: ExitEvent) => void) | undefined): void;
  /** How the hart walks the thread's memory now: its shadow tables' satp, or undefined when the VM is off the hart. */
  shadowSatp(thread: number): number | undefined;
  /** Read a word of host-physical memory (the shadow tables live there). */
  readHost(pa: number): number | undefined;
  /** How the thread's VM runs: the physical privilege under its virtual one. */
  describeMode(thread: number): string;
}

/** Everything the debugger can run and look at. */
export interface DebugTarget {
  /** `bare`, `native`, `trap` or `paravirt`. */
  readonly mode: string;
  readonly threads: readonly DebugThread[];
  /** The thread whose instructions the hart runs now. */
  running(): DebugThread;
  /**
   * Whether the next step executes the instruction at the running thread's
   * pc (rather than taking an interrupt, or letting time pass).
   */
  executesNext(): boolean;
  /** One step: an interrupt taken, an instruction executed (or its trap taken), or idle time passing. */
  step(): TargetEnd;
  /** Up to `max` instructions at full speed, with no look between them. */
  run(max: number): TargetEnd;
  /** The hart's TLB, for `monitor tlb`: one line per valid entry. */
  tlb(): string[];
  readonly hypervisor?: HypervisorView;
}
