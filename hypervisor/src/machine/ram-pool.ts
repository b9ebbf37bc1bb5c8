/**
 * Board RAM kept for the next board of the same size.
 *
 * A board's RAM is one ArrayBuffer of `ramSize` bytes (128 MiB by
 * default), memory outside V8's heap. V8 answers that much new external
 * memory with a scavenge and a full mark-compact (15-25 ms, seen with
 * `node --trace-gc`), at a moment of its choosing: in a process that boots
 * board after board (`pvlab bench`, `npm run bench`, the ISA tests) it
 * often falls inside a measured region. A board whose life provably ended
 * gives its RAM back (`releaseBoard`); the next board of that size takes it
 * instead of a new one, and allocates no external memory.
 *
 * Correctness first:
 * - A buffer is zeroed when it is given back (all of it: a board has no
 *   complete record of the bytes it wrote — the hypervisor's shadow tables
 *   and frame pool, the loader, a debugger write RAM through their own
 *   views), so a board that takes one gets exactly what a fresh
 *   ArrayBuffer is: zeros. Given back, not taken: the work falls after a
 *   run, never inside one, and a dead guest's bytes do not wait in the pool.
 * - Nothing is recycled unless its owner says the board is dead: a
 *   `BootRun`, a `BootHandle`, a snapshot in progress, a migration, a VM's
 *   window all reach RAM through the board, and only the code that made the
 *   board knows when the last of them is gone. (A FinalizationRegistry
 *   cannot stand in: its callbacks run between event-loop tasks, never
 *   during the synchronous loop of boots a benchmark is. Detaching the old
 *   views — `structuredClone(buf, { transfer })` — would make a forgotten
 *   reference harmless, but the first detach in a process invalidates V8's
 *   array-buffer-detaching protector and every optimised typed-array
 *   access checks for detachment from then on: measured, a guest-RAM-like
 *   loop took 92 ms instead of 49 ms.) A board given back cannot run again
 *   (Machine.run throws), and giving one back twice throws.
 * - Bounded: at most `RAM_POOL_LIMITS.perSize` buffers of one size and
 *   `RAM_POOL_LIMITS.bytes` in all; a buffer given back beyond that is
 *   dropped to the garbage collector. Only host code gives RAM back and
 *   only at the sizes its boards were made with: nothing a guest does
 *   grows the pool.
 */
import type { Bus } from './bus.js';

/**
 * At most this many buffers of one RAM size, and this many bytes in all,
 * wait in the pool (a benchmark alternates a native board and a
 * hypervisor's, two sizes, one at a time). Host settings: tests lower them.
 */
export const RAM_POOL_LIMITS = { perSize: 2, bytes: 512 << 20 };

/** The pool's counts, for tests and reports: buffers made new, taken from the pool, given back (kept), and dropped (over the limits). */
export const ramPoolStats = { allocated: 0, reused: 0, kept: 0, dropped: 0 };

/** Zeroed buffers waiting, by size (the most recently given back last). */
const waiting = new Map<number, ArrayBuffer[]>();
/** The buffers in `waiting`: one given back twice would be handed to two boards. */
const inPool = new WeakSet<ArrayBuffer>();
let bytesWaiting = 0;

/** `size` bytes of zeroed RAM: a buffer from the pool, or a new one. */
export function takeRam(size: number): ArrayBuffer {
  const list = waiting.get(size);
  const buf = list?.pop();
  if (buf === undefined) {
    ramPoolStats.allocated++;
    return new ArrayBuffer(size);
  }
  if (list!.length === 0) waiting.delete(size);
  inPool.delete(buf);
  bytesWaiting -= size;
  ramPoolStats.reused++;
  return buf;
}

/**
 * A dead board's RAM (nothing can reach it any more but through `buf`):
 * zeroed and kept for the next board of its size, or dropped past the limits.
 */
export function giveBackRam(buf: ArrayBuffer): void {
  if (inPool.has(buf)) throw new Error('a board\'s RAM was given back twice');
  const size = buf.byteLength;
  const list = waiting.get(size) ?? [];
  if (list.length >= RAM_POOL_LIMITS.perSize || bytesWaiting + size > RAM_POOL_LIMITS.bytes) {
    ramPoolStats.dropped++;
    return;
  }
  new Uint8Array(buf).fill(0);
  list.push(buf);
  waiting.set(size, list);
  inPool.add(buf);
  bytesWaiting += size;
  ramPoolStats.kept++;
}

/** Buffers and bytes waiting in the pool now. */
export function ramPoolHolds(): { buffers: number; bytes: number } {
  let buffers = 0;
  for (const list of waiting.values()) buffers += list.length;
  return { buffers, bytes: bytesWaiting };
}

/** Drop every waiting buffer to the garbage collector (a long-lived process done booting; tests). */
export function drainRamPool(): void {
  waiting.clear();
  bytesWaiting = 0;
}

/**
 * The board's life is over: its RAM goes back to the pool, zeroed, for
 * the next board of its size. Call it only where nothing can reach the
 * board any more — its `BootRun` or `BootHandle` dropped, no snapshot or
 * migration of it in progress — since the buffer will be another board's
 * memory. A hypervisor's board gives back every VM's RAM with it (the VMs'
 * buses are windows of it). The board cannot run afterwards (Machine.run
 * throws); releasing it twice throws.
 */
export function releaseBoard(board: { readonly bus: Bus }): void {
  board.bus.release();
}
