/**
 * Where the hypervisor puts its VMs in the board's RAM.
 *
 * Every VM sees the same guest-physical map as the board itself (QEMU
 * `virt`: RAM from 0x8000_0000), so the kernel image that boots natively
 * boots in a VM unchanged. Host-physically, VM k's RAM is slot k, and its
 * shadow page tables live in pool k after all the slots:
 *
 *   0x8000_0000  +----------------+  slot 0: VM 0's RAM (guest 0x8000_0000..)
 *                | VM 0 RAM       |
 *                +----------------+  slot 1
 *                | VM 1 RAM       |
 *                +----------------+
 *                | ...            |
 *                +----------------+  pools: shadow tables, never mapped in any guest
 *                | VM 0 pool      |
 *                | VM 1 pool ...  |
 *                +----------------+
 *
 * Slot and pool sizes are powers of two and aligned to themselves, so one
 * NAPOT PMP entry each fences a VM in (privileged spec §3.7.1.1).
 *
 * The slots together are the board's *VM-frame area* (memory/): by default
 * one whole slot per VM, as drawn. A board given less (`memoryTotal`, for
 * paravirtual VMs that balloon) has a smaller area; a VM whose slot does not
 * fit in it has no home window, and its frames come from the pool.
 */
import { RAM_BASE, RAM_SIZE_MAX } from '../machine/bus.js';

/** Guest-physical RAM base: the same as the board's. */
export const GUEST_RAM_BASE = RAM_BASE;
/** Default guest RAM size (the kernel's RAM_END is 0x8100_0000). */
export const DEFAULT_GUEST_RAM = 16 << 20;
/** Host pages for one VM's shadow tables (512 pages: roots and leaf tables of many address spaces). */
export const DEFAULT_POOL = 2 << 20;

export interface VmSlot {
  /** Host-physical base of the VM's RAM (its home window), or -1 when the frame area has no room for it. */
  readonly ramHost: number;
  readonly ramSize: number;
  /** Host-physical base and size of its shadow-table pool. */
  readonly poolHost: number;
  readonly poolSize: number;
}

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;

const mib = (bytes: number) => (bytes % (1 << 20) === 0 ? `${bytes / (1 << 20)} MiB` : `${bytes} bytes`);

/** Why `count` VMs with `ramSize` bytes of RAM each cannot be laid out on the board, or undefined if they can. */
export function layoutProblem(count: number, ramSize = DEFAULT_GUEST_RAM, poolSize = DEFAULT_POOL, frameArea = count * ramSize): string | undefined {
  if (!isPow2(ramSize) || ramSize < 1 << 20) return `a VM's RAM must be a power of two of at least 1 MiB (one NAPOT PMP entry fences it), not ${mib(ramSize)}`;
  if (!isPow2(poolSize) || poolSize < 64 << 10) return `a VM's shadow pool must be a power of two of at least 64 KiB, not ${mib(poolSize)}`;
  if (frameArea !== count * ramSize && (frameArea <= 0 || frameArea % Math.max(4 << 20, poolSize) !== 0 || frameArea > count * ramSize)) return `the board's memory for VMs must be whole 4 MiB megapages (and shadow pools) up to the VMs' ${mib(count * ramSize)}, not ${mib(frameArea)}`;
  const board = frameArea + count * poolSize;
  if (board > RAM_SIZE_MAX) return `${count} VM${count === 1 ? '' : 's'} of ${mib(ramSize)} (and ${mib(poolSize)} of shadow tables each) need ${mib(board)} of the board's at most ${mib(RAM_SIZE_MAX)}`;
  return undefined;
}

/** The board RAM needed for `count` VMs (`frameArea` bytes of it for their frames), and where each one goes. */
export function layoutVms(count: number, ramSize = DEFAULT_GUEST_RAM, poolSize = DEFAULT_POOL, frameArea = count * ramSize): { boardRam: number; slots: VmSlot[] } {
  const problem = layoutProblem(count, ramSize, poolSize, frameArea);
  if (problem) throw new RangeError(problem);
  const slots: VmSlot[] = [];
  // The pools follow the frame area; a whole number of megapages, it keeps them aligned to themselves.
  const poolsAt = RAM_BASE + frameArea;
  for (let k = 0; k < count; k++) {
    const home = (k + 1) * ramSize <= frameArea ? RAM_BASE + k * ramSize : -1;
    slots.push({ ramHost: home, ramSize, poolHost: poolsAt + k * poolSize, poolSize });
  }
  return { boardRam: frameArea + count * poolSize, slots };
}
