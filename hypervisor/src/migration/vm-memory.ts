/**
 * RAM as migration sees it: a VM's (its slot of the board's RAM; natively the
 * board's RAM is the one VM's) or the whole board's, and dirty logs over
 * exactly those pages.
 */
import type { BootHandle } from '../boot/types.js';
import { DirtyLog } from './dirty-log.js';

/** The page size migration sends in (Sv32's, and the RAM granule). */
export const PAGE = 4096;

/** VM `vm`'s RAM bytes (a view: writing it writes the guest's memory; use `writeRam` to keep the board coherent). */
export function vmRam(handle: BootHandle, vm: number): Uint8Array {
  const hv = handle.hypervisor;
  if (!hv) {
    if (vm !== 0) throw new RangeError(`a native boot has one VM (0), not ${vm}`);
    return handle.machine.bus.u8;
  }
  const v = hv.vms[vm];
  if (!v) throw new RangeError(`no VM ${vm}`);
  return v.guest.bus.u8;
}

/**
 * Write `bytes` into VM `vm`'s RAM at byte `offset` through its bus, so that
 * code decoded or compiled from those bytes, and page tables the hypervisor
 * keeps validated, are dropped as for any write (bus.ts).
 */
export function writeRam(handle: BootHandle, vm: number, offset: number, bytes: Uint8Array): void {
  const hv = handle.hypervisor;
  const bus = hv ? hv.vms[vm].guest.bus : handle.machine.bus;
  if (!bus.writeBytes(bus.ramBase + offset, bytes)) throw new RangeError(`${bytes.length} bytes at RAM offset ${offset} are outside VM ${vm}'s RAM`);
}

/** A dirty log over VM `vm`'s pages: the board's hart, and the VM's vCPU, which performs some accesses itself. */
export function dirtyLogOf(handle: BootHandle, vm: number): DirtyLog {
  const hv = handle.hypervisor;
  const board = handle.machine.bus;
  if (!hv) return new DirtyLog(board, [handle.machine.hart], 0, board.ramSize / PAGE);
  const v = hv.vms[vm];
  return new DirtyLog(board, [hv.hart, v.cpu], v.slot.ramHost - board.ramBase, v.slot.ramSize / PAGE);
}

/**
 * What migration moves: the whole board's RAM (a one-VM boot's VM and its
 * shadow pool; a native board's RAM). Snapshots keep the pools as RAM, so
 * the restored pagers find their tables as they were and take no hidden
 * fault again.
 */
export const boardRam = (handle: BootHandle): Uint8Array => handle.machine.bus.u8;

/** A dirty log over the whole board: its hart, and every VM's vCPU. */
export function boardLog(handle: BootHandle): DirtyLog {
  const board = handle.machine.bus;
  const harts = [handle.machine.hart, ...(handle.hypervisor?.vms.map((v) => v.cpu) ?? [])];
  return new DirtyLog(board, harts, 0, board.ramSize / PAGE);
}

/**
 * Pages the dirty log does not hear of: the shadow pools, which the pagers
 * write directly (they are the hypervisor's, never the guest's). The
 * stop-and-copy sends them all.
 */
export function unloggedPages(handle: BootHandle): number[] {
  const hv = handle.hypervisor, base = handle.machine.bus.ramBase;
  if (!hv) return [];
  return hv.vms.flatMap((v) => Array.from({ length: v.slot.poolSize / PAGE }, (_, i) => (v.slot.poolHost - base) / PAGE + i));
}
