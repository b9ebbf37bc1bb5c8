/**
 * ELF string tables (.strtab, .shstrtab): NUL-separated names, offset 0 is
 * the empty string, repeated names share one copy.
 */

const UTF8 = new TextEncoder();

/** A name and its NUL in UTF-8; ASCII (nearly every symbol) without a call into the encoder. */
function encodeName(name: string): Uint8Array {
  const out = new Uint8Array(name.length + 1);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80) return UTF8.encode(`${name}\0`);
    out[i] = c;
  }
  return out;
}

/** Builds a string table; `add` returns a name's offset. */
export class StringTable {
  private readonly offsets = new Map<string, number>([['', 0]]);
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private size = 1;

  /** The offset of `name`, adding it if new. */
  add(name: string): number {
    const known = this.offsets.get(name);
    if (known !== undefined) return known;
    const encoded = encodeName(name);
    const at = this.size;
    this.offsets.set(name, at);
    this.parts.push(encoded);
    this.size += encoded.length;
    return at;
  }

  /** The table's bytes. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
