/**
 * LEB128 variable-length integers (DWARF 5 §7.6), used by DWARF and by
 * the `.riscv.attributes` section.
 */

/** Unsigned LEB128 bytes of a non-negative integer. */
export function uleb128(value: number): number[] {
  if (value >= 0 && value <= 0x7fffffff && Number.isInteger(value)) {
    // The common case without BigInt: line deltas, file numbers, lengths.
    const out: number[] = [];
    let v = value;
    do {
      const byte = v & 0x7f;
      v >>>= 7;
      out.push(v !== 0 ? byte | 0x80 : byte);
    } while (v !== 0);
    return out;
  }
  const out: number[] = [];
  let v = BigInt(value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

/** Signed LEB128 bytes of an integer. */
export function sleb128(value: number): number[] {
  if (value >= -0x80000000 && value <= 0x7fffffff && Number.isInteger(value)) {
    const out: number[] = [];
    let v = value;
    for (;;) {
      const byte = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
      out.push(done ? byte : byte | 0x80);
      if (done) return out;
    }
  }
  const out: number[] = [];
  let v = BigInt(value);
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Decode an unsigned LEB128 at `offset`; undefined if it runs off the end. */
export function readUleb128(bytes: Uint8Array, offset: number): { value: number; next: number } | undefined {
  let value = 0n;
  let shift = 0n;
  for (let i = offset; i < bytes.length; i++) {
    value |= BigInt(bytes[i] & 0x7f) << shift;
    shift += 7n;
    if ((bytes[i] & 0x80) === 0) return { value: Number(value), next: i + 1 };
  }
  return undefined;
}
