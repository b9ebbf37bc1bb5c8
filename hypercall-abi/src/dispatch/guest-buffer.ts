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

/** Reads and writes across segments; one class serves every pointer kind. */
export class GuestBuffer {
  constructor(
    private readonly memory: GuestMemory,
    readonly address: number,
    readonly length: number,
    readonly byteLength: number,
    private readonly segments: readonly Segment[],
    private readonly elem: ElementSpec,
  ) {}

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

  private words(offset: number, count: number): number[] {
    const b = this.read(offset, 4 * count);
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return Array.from({ length: count }, (_, i) => v.getUint32(4 * i, true));
  }

  private putWords(offset: number, values: readonly number[]): void {
    const b = new Uint8Array(4 * values.length);
    const v = new DataView(b.buffer);
    values.forEach((x, i) => v.setUint32(4 * i, x >>> 0, true));
    this.write(b, offset);
  }

  private index(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`element ${i} outside an array of ${this.length}`);
    return i * this.elem.size;
  }

  /** Element `i` (see ReadableArray.get). */
  get(i: number): unknown {
    const at = this.index(i);
    if (this.elem.kind !== 'struct') return this.elem.kind === 'u32' ? this.words(at, 1)[0] : this.read(at, 1)[0];
    const s = this.elem as StructElement;
    const out: Record<string, number | readonly number[]> = {};
    for (const [name, f] of Object.entries(s.fields)) {
      const w = this.words(at + s.offsets[name], f.kind === 'u32' ? 1 : f.length);
      out[name] = f.kind === 'u32' ? w[0] : Object.freeze(w);
    }
    return Object.freeze(out);
  }

  /** Write element `i`, or some fields of it (see WritableArray.set). */
  set(i: number, value: unknown): void {
    const at = this.index(i);
    if (this.elem.kind !== 'struct') {
      if (typeof value !== 'number') throw new TypeError('set: a number is expected');
      if (this.elem.kind === 'u32') this.putWords(at, [value]);
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
      this.putWords(at + s.offsets[name], list as number[]);
    }
  }
}
