/**
 * THE table of what the hypervisor's work costs, and how much of it one
 * exit and one turn on the hart may do. A guest can ask for a great deal
 * with one `ecall` — a multicall of huge `mmu_update` batches, a console
 * write of megabytes — and the other VMs stand still while the hypervisor
 * works for it. So work is metered in *units*, one unit being about the
 * fixed cost of an exit (its world switch and dispatch):
 *
 * - one exit does at most EXIT_WORK units plus one indivisible step (a PTE
 *   write with the shadow tables it builds, bounded by the VM's shadow
 *   pool); a call with more to do is *continued*, as Xen continues a
 *   preempted hypercall: the guest's pc stays on its `ecall`, it makes the
 *   same call again when it next runs, and the call resumes where it stopped;
 * - every unit is charged to the VM that asked for it: a turn on the hart
 *   ends after `exitQuantum` units (exits plus their work) as it ends after
 *   `quantum` ticks of guest time, so the scheduler stays fair.
 *
 * Units are counted, never timed: scheduling stays exactly reproducible.
 * The weights were measured on this project's machine (scripts/bench,
 * hypercall-loops.s): a PTE request costs about an exit, a console byte
 * about 1/128 of one, a shadow-table entry about 1/64.
 */
import type { WorkMeter } from '@pvlab/hypercall-abi';

/** Units per kind of work (an exit itself: 1). */
export const WORK = Object.freeze({
  /** One `mmu_update` request: validated, written to the guest's table, its shadow entry updated. */
  pteWrite: 1,
  /** One entry of a guest table translated into a shadow table (a whole table: 16). */
  shadowEntry: 1 / 64,
  /** One console byte written (`console_write`) or read (`console_read`). */
  consoleByte: 1 / 128,
  /** One page of a ranged `tlb_flush`. */
  flushPage: 1 / 16,
  /** One split-driver disk request: copied out of the ring, checked, its sectors (4 KiB at most) moved, its response written. */
  blkRequest: 1,
  /** One split-driver network frame, either way: copied out of the ring, checked, its bytes (1,518 at most) moved, its response written. */
  netFrame: 1,
  /** One frame of a balloon batch: checked, zeroed (4 KiB) and moved between the VM's p2m and the board's pool. */
  balloonFrame: 1,
});

/** Units one exit may spend before its call is continued. */
export const EXIT_WORK = 1024;

/** One exit's meter: reset when an exit begins, charged by handlers and the shadow pager. */
export class ExitWork implements WorkMeter {
  left = EXIT_WORK;
  /** Units charged in this exit. */
  done = 0;

  /** A new exit begins. */
  start(): void {
    this.left = EXIT_WORK;
    this.done = 0;
  }

  charge(units: number): void {
    this.left -= units;
    this.done += units;
  }
}
