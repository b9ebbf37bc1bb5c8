/**
 * Helpers the devices share for decoding a bus access: the alignment rule
 * and the conversion of bus values (a number for widths up to 4, a bigint
 * for 8) to register values.
 *
 * QEMU's devices decode only naturally aligned accesses; a misaligned load
 * or store is split by QEMU's CPU into aligned pieces before any device
 * sees it (observed on 7.2: `lw` at CLINT+0x4002 returns the bytes of two
 * aligned words). So a device here answers a misaligned access with a
 * fault, and splitting, if the board wants it, is the hart's business.
 */
import type { Width } from './device.js';

/** Whether `offset` is a multiple of `width` (a naturally aligned access). */
export function isAligned(offset: number, width: Width): boolean {
  return offset % width === 0;
}

/** The low 32 bits of a bus value, unsigned. */
export function low32(value: number | bigint): number {
  return typeof value === 'bigint' ? Number(BigInt.asUintN(32, value)) : value >>> 0;
}

/** A bus value as an unsigned 64-bit bigint (a negative number wraps, as the store would). */
export function toU64(value: number | bigint): bigint {
  return BigInt.asUintN(64, typeof value === 'bigint' ? value : BigInt(Math.trunc(value)));
}

/** A register value answered in the type the bus expects for `width`: bigint for 8 bytes, a number otherwise. */
export function answer(value: number | bigint, width: Width): number | bigint {
  if (width === 8) return toU64(value);
  return typeof value === 'bigint' ? Number(BigInt.asUintN(32, value)) : value >>> 0;
}
