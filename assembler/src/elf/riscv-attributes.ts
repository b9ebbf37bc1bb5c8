/**
 * The `.riscv.attributes` section (RISC-V ELF psABI, "Attributes"): build
 * it for an architecture string, and decode one for tests and loaders.
 *
 *   'A' | u32 length | "riscv\0" | Tag_File (1) | u32 size | attributes...
 *
 * Each attribute is a ULEB128 tag then a ULEB128 value (even tags) or a
 * NUL-terminated string (odd tags), in ascending tag order as GNU as writes.
 */
import { ByteWriter } from './byte-writer.js';
import { readUleb128, uleb128 } from './leb128.js';

/** Tag numbers of the RISC-V attributes. */
export const RISCV_ATTRIBUTE_TAGS = {
  stackAlign: 4,
  arch: 5,
  unalignedAccess: 6,
  privSpec: 8,
  privSpecMinor: 10,
  privSpecRevision: 12,
} as const;

/**
 * The arch string GNU as 2.40 records for `-march=rv32ima_zicsr_zifencei`
 * (it adds Zmmul, which M implies, and the default versions).
 */
export const DEFAULT_RISCV_ARCH = 'rv32i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0_zmmul1p0';

/** Attribute values; omitted ones are not written (GNU as writes only `arch` by default). */
export interface RiscvAttributes {
  readonly arch?: string;
  readonly stackAlign?: number;
  readonly unalignedAccess?: boolean;
  readonly privSpec?: number;
  readonly privSpecMinor?: number;
  readonly privSpecRevision?: number;
}

const FORMAT_VERSION = 0x41; // 'A'
const VENDOR = 'riscv';
const TAG_FILE = 1;

/** The section bytes; with no argument, exactly what GNU as 2.40 emits for rv32ima_zicsr_zifencei. */
export function buildRiscvAttributes(attrs: RiscvAttributes = { arch: DEFAULT_RISCV_ARCH }): Uint8Array {
  const body = new ByteWriter();
  const entries = (Object.keys(RISCV_ATTRIBUTE_TAGS) as (keyof RiscvAttributes)[])
    .filter((k) => attrs[k] !== undefined)
    .sort((a, b) => RISCV_ATTRIBUTE_TAGS[a] - RISCV_ATTRIBUTE_TAGS[b]);
  for (const k of entries) {
    const tag = RISCV_ATTRIBUTE_TAGS[k];
    const v = attrs[k]!;
    body.bytes(uleb128(tag));
    if (tag & 1) body.cstring(String(v));
    else body.bytes(uleb128(Number(v)));
  }
  const attrBytes = body.finish();
  const fileSize = 1 + 4 + attrBytes.length;
  const subsectionSize = 4 + VENDOR.length + 1 + fileSize;
  return new ByteWriter().u8(FORMAT_VERSION).u32(subsectionSize).cstring(VENDOR).u8(TAG_FILE).u32(fileSize).bytes(attrBytes).finish();
}

/** Decode the file-level attributes of a `.riscv.attributes` section; undefined if malformed. */
export function parseRiscvAttributes(bytes: Uint8Array): Map<number, number | string> | undefined {
  if (bytes[0] !== FORMAT_VERSION || bytes.length < 5) return undefined;
  const u32 = (o: number) => (bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24)) >>> 0;
  const out = new Map<number, number | string>();
  let o = 1;
  while (o + 4 <= bytes.length) {
    const len = u32(o);
    const end = o + len;
    if (len < 4 || end > bytes.length) return undefined;
    const nul = bytes.indexOf(0, o + 4);
    if (nul < 0 || nul >= end) return undefined;
    const vendor = new TextDecoder().decode(bytes.subarray(o + 4, nul));
    let p = nul + 1;
    while (vendor === VENDOR && p < end) {
      const tag = bytes[p];
      const size = u32(p + 1);
      if (size < 5 || p + size > end) return undefined;
      if (tag === TAG_FILE) if (!decodeAttributes(bytes, p + 5, p + size, out)) return undefined;
      p += size;
    }
    o = end;
  }
  return out;
}

function decodeAttributes(bytes: Uint8Array, start: number, end: number, out: Map<number, number | string>): boolean {
  let p = start;
  while (p < end) {
    const tag = readUleb128(bytes, p);
    if (!tag) return false;
    p = tag.next;
    if (tag.value & 1) {
      const nul = bytes.indexOf(0, p);
      if (nul < 0 || nul >= end) return false;
      out.set(tag.value, new TextDecoder().decode(bytes.subarray(p, nul)));
      p = nul + 1;
    } else {
      const v = readUleb128(bytes, p);
      if (!v) return false;
      out.set(tag.value, v.value);
      p = v.next;
    }
  }
  return true;
}
