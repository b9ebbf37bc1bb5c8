/**
 * The flattened device tree (FDT, "DTB") encoder: Devicetree Specification
 * v0.4, chapter 5 "Flattened Devicetree (DTB) Format". A tree of nodes and
 * properties becomes one big-endian blob:
 *
 *   +0x00  header (§5.2), ten u32:  magic 0xd00dfeed, totalsize,
 *          off_dt_struct, off_dt_strings, off_mem_rsvmap, version (17),
 *          last_comp_version (16), boot_cpuid_phys, size_dt_strings,
 *          size_dt_struct
 *   +0x28  memory reservation block (§5.3): (u64 address, u64 size)
 *          pairs, ended by a pair of zeros — here only the end
 *   +0x38  structure block (§5.4): FDT_BEGIN_NODE name\0 (padded to 4),
 *          FDT_PROP len nameoff value (padded), FDT_END_NODE, …, FDT_END
 *          strings block (§5.5): every property name once, NUL-ended
 *
 * The same layout libfdt (and so QEMU) writes. Property values are built
 * with the helpers below (`cells`, `str`, …), so the encoder needs no
 * knowledge of what a property means.
 */

/** One node: its name (`soc`, `serial@10000000`; the root is ''), properties in order, children in order. */
export interface FdtNode {
  readonly name: string;
  readonly props: readonly (readonly [string, Uint8Array])[];
  readonly children: readonly FdtNode[];
}

export const FDT_MAGIC = 0xd00d_feed;
/** The version written and the oldest one it is compatible with (§5.2). */
export const FDT_VERSION = 17;
export const FDT_LAST_COMP_VERSION = 16;
const HEADER_SIZE = 40;
const FDT_BEGIN_NODE = 1, FDT_END_NODE = 2, FDT_PROP = 3, FDT_END = 9;

/** An empty property (a boolean: `interrupt-controller;`). */
export const empty = (): Uint8Array => new Uint8Array(0);

/** A property of 32-bit big-endian cells (`reg = <0x0 0x80000000 …>`). */
export function cells(...values: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(4 * i, v >>> 0));
  return out;
}

/** An address or size as two cells (#address-cells = <2>): high word, low word. */
export function cells64(value: number): number[] {
  return [Math.floor(value / 2 ** 32) >>> 0, value >>> 0];
}

/** A string property, NUL-terminated. */
export function str(s: string): Uint8Array {
  return strs(s);
}

/** A string-list property (`compatible = "a", "b"`): each NUL-terminated. */
export function strs(...list: readonly string[]): Uint8Array {
  return new TextEncoder().encode(list.map((s) => `${s}\0`).join(''));
}

/** A node; `props` in the order they are to appear. */
export function node(name: string, props: Readonly<Record<string, Uint8Array>>, children: readonly FdtNode[] = []): FdtNode {
  return { name, props: Object.entries(props), children };
}

/** Bytes written big-endian, growing as needed. */
class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf);
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.length, v >>> 0);
    this.length += 4;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Zero bytes up to the next multiple of `n`. */
  align(n: number): void {
    const pad = (n - (this.length % n)) % n;
    this.room(pad);
    this.length += pad;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/**
 * Encode a tree (the root node, named '') as a DTB with an empty memory
 * reservation map and `bootCpuid` as the boot CPU's physical id.
 */
export function encodeFdt(root: FdtNode, bootCpuid = 0): Uint8Array {
  const names = new Map<string, number>();
  const strings = new Writer();
  const nameOffset = (name: string): number => {
    let off = names.get(name);
    if (off === undefined) {
      off = strings.length;
      names.set(name, off);
      strings.bytes(new TextEncoder().encode(`${name}\0`));
    }
    return off;
  };
  const struct = new Writer();
  const emit = (n: FdtNode): void => {
    struct.u32(FDT_BEGIN_NODE);
    struct.bytes(new TextEncoder().encode(`${n.name}\0`));
    struct.align(4);
    for (const [name, value] of n.props) {
      struct.u32(FDT_PROP);
      struct.u32(value.length);
      struct.u32(nameOffset(name));
      struct.bytes(value);
      struct.align(4);
    }
    n.children.forEach(emit);
    struct.u32(FDT_END_NODE);
  };
  emit(root);
  struct.u32(FDT_END);

  const rsvmap = HEADER_SIZE; // 40: already 8-byte aligned, as §5.3 requires
  const offStruct = rsvmap + 16; // the one (0, 0) entry that ends the map
  const offStrings = offStruct + struct.length;
  const total = offStrings + strings.length;
  const out = new Writer();
  for (const v of [FDT_MAGIC, total, offStruct, offStrings, rsvmap, FDT_VERSION, FDT_LAST_COMP_VERSION, bootCpuid, strings.length, struct.length]) out.u32(v);
  for (let i = 0; i < 4; i++) out.u32(0);
  out.bytes(struct.done());
  out.bytes(strings.done());
  return out.done();
}
