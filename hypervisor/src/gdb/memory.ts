/**
 * Memory as the debugger sees it: virtual addresses through a thread's
 * current translation (page by page, each page walked afresh: nothing is
 * cached, so a changed page table is seen at once), down to its physical
 * RAM. A read stops at the first byte that is not mapped RAM, and gdb gets
 * the bytes before it — what the protocol calls a partial read.
 */
import { PAGE_SIZE } from '@pvlab/assembler';
import type { DebugThread } from './target.js';

/** Bytes from `va` through the thread's translation, up to the first one that is not there. */
export function readVirtual(th: DebugThread, va: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let n = 0;
  while (n < length) {
    const at = (va + n) >>> 0;
    const walk = th.translate(at);
    if (walk.pa === undefined) break;
    const chunk = Math.min(length - n, PAGE_SIZE - (at % PAGE_SIZE));
    const bytes = th.readPhysical(walk.pa, chunk);
    out.set(bytes, n);
    n += bytes.length;
    if (bytes.length < chunk) break;
  }
  return out.subarray(0, n);
}

/** Write bytes at `va` through the thread's translation; false (nothing written) unless every page is mapped RAM. */
export function writeVirtual(th: DebugThread, va: number, bytes: Uint8Array): boolean {
  const pieces: [number, Uint8Array][] = [];
  let n = 0;
  while (n < bytes.length) {
    const at = (va + n) >>> 0;
    const walk = th.translate(at);
    if (walk.pa === undefined) return false;
    const chunk = Math.min(bytes.length - n, PAGE_SIZE - (at % PAGE_SIZE));
    pieces.push([walk.pa, bytes.subarray(n, n + chunk)]);
    n += chunk;
  }
  // Check every piece before writing any: a write is whole or nothing.
  if (!pieces.every(([pa, b]) => th.readPhysical(pa, b.length).length === b.length)) return false;
  return pieces.every(([pa, b]) => th.writePhysical(pa, b));
}

/** The 32-bit word at `va`, little-endian, or undefined. */
export function readWord(th: DebugThread, va: number): number | undefined {
  const b = readVirtual(th, va, 4);
  return b.length === 4 ? (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0 : undefined;
}
