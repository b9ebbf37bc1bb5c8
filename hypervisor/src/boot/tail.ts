/**
 * Bounded memory of what a guest printed: a ring that keeps the last
 * `limit` bytes and counts them all. A guest may print without end (one
 * that printed 170 MB brought the host down when every byte was kept);
 * what a caller needs in full goes to a sink as it is printed (`onOutput`).
 */

/** Console bytes a boot keeps by default: the last MiB (a scripted session prints a few KiB). */
export const DEFAULT_TRANSCRIPT_LIMIT = 1 << 20;

export class ByteTail {
  private readonly ring: Uint8Array;
  /** Bytes pushed so far, all of them (the ring holds the last `limit`). */
  total = 0;

  constructor(readonly limit = DEFAULT_TRANSCRIPT_LIMIT) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`a transcript limit is a whole number of bytes, not ${limit}`);
    this.ring = new Uint8Array(limit);
  }

  push(byte: number): void {
    if (this.limit > 0) this.ring[this.total % this.limit] = byte;
    this.total++;
  }

  /** Take the bytes kept and the count of a saved tail (a restored snapshot): the last `limit` of them stay. */
  load(bytes: Uint8Array, total: number): void {
    if (!Number.isSafeInteger(total) || total < bytes.length) throw new RangeError(`a transcript of ${bytes.length} bytes cannot count ${total}`);
    const keep = bytes.subarray(Math.max(0, bytes.length - this.limit));
    this.total = total - keep.length;
    for (const b of keep) this.push(b);
  }

  /** The bytes kept, oldest first. */
  bytes(): Uint8Array {
    const n = Math.min(this.total, this.limit);
    if (this.total <= this.limit) return this.ring.slice(0, n);
    const at = this.total % this.limit;
    const out = new Uint8Array(n);
    out.set(this.ring.subarray(at), 0);
    out.set(this.ring.subarray(0, at), this.limit - at);
    return out;
  }
}

/** The last `limit` items of a list that may grow without end (markers, measured regions). */
export class ListTail<T> {
  private readonly items: T[] = [];
  /** Items pushed so far. */
  total = 0;

  constructor(readonly limit: number) {}

  push(item: T): void {
    this.items.push(item);
    this.total++;
    if (this.items.length > 2 * this.limit) this.items.splice(0, this.items.length - this.limit); // amortized: trim in halves
  }

  /** Take the items and the count of a saved list (a restored snapshot). */
  load(items: readonly T[], total: number): void {
    this.items.splice(0, this.items.length, ...items.slice(-this.limit));
    this.total = total;
  }

  /** The items kept, oldest first. */
  list(): T[] {
    return this.items.slice(-this.limit);
  }
}
