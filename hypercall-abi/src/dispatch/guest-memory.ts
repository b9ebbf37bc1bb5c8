/**
 * What the dispatcher needs from the hypervisor: the VM's memory (through
 * the guest's page tables) and the hart's argument registers. The ABI
 * package defines these interfaces; the hypervisor implements them, so the
 * dependency points one way.
 */

/** One access direction, as the page walk checks it (Sv32 R and W bits). */
export type MemoryAccess = 'read' | 'write';

/** A VM's guest-physical memory and the guest's current address translation. */
export interface GuestMemory {
  /** The VM's guest-physical RAM: [base, base + size). Pointers must stay inside it. */
  readonly ram: { readonly base: number; readonly size: number };
  /**
   * Translate `va` through the guest's current page tables (its satp; Bare
   * = identity) for `access`, as the guest kernel in S-mode would (with its
   * current SUM), for `length` bytes that never cross a 4 KiB page.
   * Returns the guest-physical address, or undefined when the page is
   * unmapped or does not allow the access.
   */
  translate(va: number, access: MemoryAccess, length: number): number | undefined;
  /** Read guest-physical bytes; the dispatcher only asks inside `ram`. */
  read(gpa: number, length: number): Uint8Array;
  /** Write guest-physical bytes; the dispatcher only asks inside `ram`. */
  write(gpa: number, bytes: Uint8Array): void;
  /**
   * Optional: the little-endian 32-bit word at 4-aligned `gpa` (inside
   * `ram`), without allocating. Batches (multicall entries, mmu_update
   * requests) are read word by word; without it, `read` serves.
   */
  readWord?(gpa: number): number;
  /** Optional: write one such word (as `write` of its 4 bytes would). */
  writeWord?(gpa: number, value: number): void;
}

/**
 * The work one exit may still do, as the hypervisor meters it: handlers of
 * batches (multicall entries, and the hypervisor's page-table updates and
 * console writes) charge what they do and, once it is spent, stop after the
 * step in hand and return a continuation (`preempt`), so that no exit runs
 * for long while other VMs wait.
 */
export interface WorkMeter {
  /** Units this exit may still spend (0 or less: spent). */
  readonly left: number;
  /** Charge `units` of work to the exit (and so to the VM's share of the hart). */
  charge(units: number): void;
}

/** A multicall entry costs its dispatch: one unit, the cost of a call's world switch and dispatch; its handler charges the rest. */
export const WORK_PER_CALL = 1;

/** The VM as the dispatcher sees it: anything that exposes its guest memory. */
export interface HypercallTarget {
  readonly guestMemory: GuestMemory;
  /** The running exit's work meter; without one, batches run whole (tools, tests). */
  readonly work?: WorkMeter;
  /** True once the VM has shut down: a batch stops there (nothing runs after a shutdown). */
  readonly stopped?: boolean;
}

/**
 * The hart's registers for one hypercall: `a7` (EID), `a6` (FID), `a0`..`a5`
 * in; `a0` (error) and `a1` (value) out. The hypervisor preserves every
 * other register.
 */
export interface HypercallRegisters {
  /** `a<index>` (0..7) as an unsigned 32-bit value. */
  arg(index: number): number;
  /** Write `a0` = error and `a1` = value (32-bit two's complement). */
  setResult(error: number, value: number): void;
}

/**
 * Registers over a plain array of x-registers (`x[10]` = a0), the layout
 * most harts use: `registersOf(hart.x)`.
 */
export function registersOf(x: { [index: number]: number }): HypercallRegisters {
  return {
    arg: (i) => x[10 + i] >>> 0,
    setResult: (error, value) => {
      x[10] = error | 0;
      x[11] = value | 0;
    },
  };
}
