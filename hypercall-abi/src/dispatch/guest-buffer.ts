/**
 * The validated guest memory a handler reads and writes: a list of
 * guest-physical segments (a virtual buffer is contiguous for the guest but
 * its pages need not be for the host), bounds-checked on every access.
 */
import type { ElementSpec, StructElement } from '../schema/elements.js';
import type { GuestMemory } from './guest-memory.js';

/** A run of guest-physical bytes: buffer bytes [offset, offset + length) live at gpa. */
export interface Segment {
  readonly offset: number;
  readonly gpa: number;
  readonly length: number;
}

function outOfBounds(what: string, offset: number, length: number, byteLength: number): Error {
  return new RangeError(`${what} [${offset}, ${offset + length}) outside a buffer of ${byteLength} bytes`);
}

/** Reads one record at a byte offset of a buffer: generated per record type (see recordReader). */
type RecordReader = (buffer: GuestBuffer, at: number) => Record<string, number | number[]>;

const readers = new WeakMap<StructElement, RecordReader>();

/**
 * The reader of a record type, generated once: one object literal whose
 * fields are the guest's words (`buffer.wordAt`), so that a batch entry
 * costs the record and nothing else — no array of values, no look-up of
 * the layout per entry (profiled: a fork's mmu_update batches read
 * hundreds of records an exit). Keys and offsets come from the catalogue.
 */
function recordReader(s: StructElement): RecordReader {
  let r = readers.get(s);
  if (!r) {
    const fields = Object.keys(s.fields).map((name) => {
      const f = s.fields[name], o = s.offsets[name];
      const value = f.kind === 'u32' ? `b.wordAt(at + ${o})` : `[${Array.from({ length: f.length }, (_, j) => `b.wordAt(at + ${o + 4 * j})`).join(', ')}]`;
      return `${JSON.stringify(name)}: ${value}`;
    });
    r = new Function('b', 'at', `return { ${fields.join(', ')} };`) as RecordReader;
    readers.set(s, r);
  }
  return r;
}

/** Reads and writes across segments; one class serves every pointer kind. */
export class GuestBuffer {
  constructor(
    readonly memory: GuestMemory,
    readonly address: number,
    readonly length: number,
    readonly byteLength: number,
    private readonly segments: readonly Segment[],
    private readonly elem: ElementSpec,
  ) {}

  /** The record reader of a struct buffer, found at its first get. */
  private reader: RecordReader | undefined;

  private check(what: string, offset: number, length: number): void {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.byteLength)
      throw outOfBounds(what, offset, length, this.byteLength);
  }

  /** Copy bytes out (see ReadableBytes.read). */
  read(offset = 0, length = this.byteLength - offset): Uint8Array {
    this.check('read', offset, length);
    const out = new Uint8Array(length);
    for (const s of this.segments) {
      const lo = Math.max(offset, s.offset), hi = Math.min(offset + length, s.offset + s.length);
      if (lo < hi) out.set(this.memory.read(s.gpa + (lo - s.offset), hi - lo), lo - offset);
    }
    return out;
  }

  /** Copy bytes in (see WritableBytes.write). */
  write(bytes: Uint8Array, offset = 0): void {
    this.check('write', offset, bytes.length);
    for (const s of this.segments) {
      const lo = Math.max(offset, s.offset), hi = Math.min(offset + bytes.length, s.offset + s.length);
      if (lo < hi) this.memory.write(s.gpa + (lo - s.offset), bytes.subarray(lo - offset, hi - offset));
    }
  }

  /**
   * The 32-bit word at buffer offset `at` (4-aligned: words and records are,
   * and segments split at page boundaries, so a word never straddles two).
   * Handlers read batches entry by entry: this costs no allocation when the
   * memory reads words itself (GuestMemory.readWord).
   */
  /** The word at buffer offset `at` (internal: the generated record readers call it). */
  wordAt(at: number): number {
    const gpa = this.gpaOf(at), m = this.memory;
    if (m.readWord) return m.readWord(gpa) >>> 0;
    const b = m.read(gpa, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  private putWord(at: number, value: number): void {
    const gpa = this.gpaOf(at), m = this.memory;
    if (m.writeWord) m.writeWord(gpa, value >>> 0);
    else m.write(gpa, Uint8Array.of(value, value >>> 8, value >>> 16, value >>> 24));
  }

  /**
   * Word `k` of element `i` of a word or record array, and its write: what
   * a batch reads per entry, without making a record (the built-in
   * multicall; handlers use get and set).
   */
  wordOf(i: number, k: number): number {
    return this.wordAt(this.index(i) + this.fieldWord(k));
  }

  /** Every word of element `i` of a word or record array into `into` (from index 0): one entry of a batch at once. */
  wordsOf(i: number, into: number[]): void {
    const at = this.index(i), n = this.elem.size >>> 2;
    if (this.elem.kind === 'u8') throw new RangeError('wordsOf: a byte buffer has no words');
    const s = this.segmentOf(at);
    if (at + 4 * n <= s.offset + s.length && this.memory.readWord) {
      // The whole element in one segment: consecutive guest-physical words.
      const gpa = s.gpa + (at - s.offset), m = this.memory;
      for (let k = 0; k < n; k++) into[k] = m.readWord!(gpa + 4 * k) >>> 0;
    } else for (let k = 0; k < n; k++) into[k] = this.wordAt(at + 4 * k);
  }

  setWordOf(i: number, k: number, value: number): void {
    this.putWord(this.index(i) + this.fieldWord(k), value);
  }

  private fieldWord(k: number): number {
    if (this.elem.kind === 'u8' || !Number.isInteger(k) || k < 0 || 4 * k >= this.elem.size) throw new RangeError(`word ${k} outside an element of ${this.elem.size} bytes`);
    return 4 * k;
  }

  /** The guest-physical address of buffer offset `at` (inside the buffer). */
  gpaOf(at: number): number {
    const s = this.segmentOf(at);
    return s.gpa + (at - s.offset);
  }

  /** The segment holding buffer offset `at` (inside the buffer). */
  private segmentOf(at: number): Segment {
    const segs = this.segments;
    for (let k = 0; k < segs.length; k++) if (at < segs[k].offset + segs[k].length) return segs[k];
    throw outOfBounds('word', at, 4, this.byteLength);
  }

  private index(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`element ${i} outside an array of ${this.length}`);
    return i * this.elem.size;
  }

  /**
   * Element `i` (see ReadableArray.get). A record is a copy of the guest's
   * bytes as they are now (changing it changes nothing in the guest).
   */
  get(i: number): unknown {
    const at = this.index(i);
    if (this.elem.kind !== 'struct') return this.elem.kind === 'u32' ? this.wordAt(at) : this.read(at, 1)[0];
    return (this.reader ??= recordReader(this.elem))(this, at);
  }

  /** Write element `i`, or some fields of it (see WritableArray.set). */
  set(i: number, value: unknown): void {
    const at = this.index(i);
    if (this.elem.kind !== 'struct') {
      if (typeof value !== 'number') throw new TypeError('set: a number is expected');
      if (this.elem.kind === 'u32') this.putWord(at, value);
      else this.write(Uint8Array.of(value), at);
      return;
    }
    const s = this.elem as StructElement;
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      const f = s.fields[name];
      if (!f) throw new TypeError(`set: record '${s.name}' has no field '${name}'`);
      const list = f.kind === 'u32' ? [v] : (v as readonly number[]);
      if (!Array.isArray(list) || list.length !== (f.kind === 'u32' ? 1 : f.length) || list.some((x) => typeof x !== 'number'))
        throw new TypeError(`set: bad value for field '${name}'`);
      for (let k = 0; k < list.length; k++) this.putWord(at + s.offsets[name] + 4 * k, list[k] as number);
    }
  }
}
