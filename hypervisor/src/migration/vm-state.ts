/**
 * What migration does not send page by page: the boot's CPU, device and
 * hypervisor state, captured while it is paused, without its RAM (which the
 * pages carried), and restored on the receiver as a new boot given that
 * RAM. The snapshot code provides it (`BootHandle.snapshot`,
 * `restoreBoot`); the command wires it in.
 */
import type { BootHandle } from '../boot/types.js';

export interface VmStateCodec {
  /** The boot's state, all but its RAM, between two slices of the run (paused). */
  capture(handle: BootHandle): Uint8Array;
  /** A new boot from `state`, its board's RAM `ram` (the sender's, byte for byte); ready to run on. */
  restore(state: Uint8Array, ram: Uint8Array): BootHandle;
}

/** A paused boot's state is at most this large on the wire (its RAM goes separately). */
export const STATE_MAX = 64 << 20;
