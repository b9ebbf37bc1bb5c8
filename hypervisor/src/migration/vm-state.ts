/**
 * The part of a VM migration does not send page by page: its CPU, devices
 * and hypervisor state, captured while it is paused and restored on the
 * receiver into a fresh boot whose RAM already holds the sent pages. The
 * snapshot code (snapshot/) provides it; the command wires it in.
 */
import type { BootHandle } from '../boot/types.js';

export interface VmStateCodec {
  /** VM `vm`'s state, all but its RAM, between two slices of the run (paused). */
  capture(handle: BootHandle, vm: number): Uint8Array;
  /** Restore it into VM `vm` of `handle` (a fresh boot of the same kernel and options, its RAM already the sender's). */
  restore(handle: BootHandle, vm: number, state: Uint8Array): void;
}

/** A paused VM's state is at most this large on the wire (its RAM goes separately). */
export const STATE_MAX = 64 << 20;
