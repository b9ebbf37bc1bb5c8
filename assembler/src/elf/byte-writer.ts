/**
 * A growable little-endian byte buffer for building ELF files and DWARF
 * sections.
 */

const UTF8 = new TextEncoder();

/** Appends little-endian values; `bytes()` returns what was written. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  /** Bytes written so far. */
  get length(): number {
    return this.len;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }

  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }

  /** Raw bytes. */
  bytes(data: ArrayLike<number>): this {
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  /** A NUL-terminated ASCII/UTF-8 string. */
  cstring(s: string): this {
    return this.bytes(UTF8.encode(s)).u8(0);
  }

  /** Zero-fill up to `offset` (which must not be behind the end). */
  padTo(offset: number): this {
    if (offset < this.len) throw new RangeError(`padTo(${offset}) behind the end (${this.len})`);
    this.ensure(offset - this.len);
    this.len = offset;
    return this;
  }

  /** Zero-fill to the next multiple of `align`. */
  align(align: number): this {
    return this.padTo(Math.ceil(this.len / align) * align);
  }

  /** Overwrite a 32-bit value at `offset` (for lengths known only later). */
  patchU32(offset: number, v: number): void {
    for (let i = 0; i < 4; i++) this.buf[offset + i] = (v >>> (8 * i)) & 0xff;
  }

  /** A copy of the written bytes. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
