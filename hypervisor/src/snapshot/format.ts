/**
 * The snapshot file: versioned, self-describing, checksummed.
 *
 *   0   "PVLABSNP"            magic, 8 bytes
 *   8   u32 version           FORMAT_VERSION (little-endian, as everything)
 *   12  u32 header length H
 *   16  f64 total length      the whole file, checksum included
 *   24  header                H bytes of JSON: kind, pvlab version, the
 *                             instruction count, and the sections' table
 *                             (name, encoding, stored and raw length)
 *   ..  sections              their bytes, in the table's order
 *   end SHA-256               32 bytes over everything before it
 *
 * Reading checks, before anything is allocated from the file's numbers:
 * the magic, the version, the length against the declared total, the
 * checksum, the header's size and shape, each section's stored and raw
 * length against the reader's limits; a section is inflated with that raw
 * length as zlib's output bound, so a forged length cannot make it allocate
 * more. Every failure is one SnapshotError (errors.ts).
 *
 * Sections are deflated (zlib, raw deflate, level 6): it is in Node, fast
 * both ways, and does well on what a snapshot holds — RAM pages of code and
 * sparse data, and JSON. See README.md for the measurements behind the choice.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { KIND_TEXT, snapshotErrors, type SnapshotKind } from './errors.js';

export const MAGIC = 'PVLABSNP';
/** The format this pvlab writes and reads; a change in any section's shape bumps it. */
export const FORMAT_VERSION = 1;
const FIXED = 24;
const DIGEST = 32;
/** The header's JSON, at most (a few sections' table). */
export const HEADER_LIMIT = 64 << 10;
/** Sections in a file, at most. */
export const SECTIONS_LIMIT = 64;

/** What the header says about the snapshot. */
export interface SnapshotHeader {
  readonly kind: SnapshotKind;
  /** The pvlab that wrote it (`pvlab 0.1.0 (git …)`), for the user: any pvlab reading this format version restores it. */
  readonly pvlab: string;
  /** Guest instructions retired when it was taken (all VMs together under the hypervisor). */
  readonly instructions: number;
}

interface SectionEntry {
  readonly name: string;
  readonly encoding: 'deflate' | 'raw';
  /** Bytes in the file. */
  readonly stored: number;
  /** Bytes once inflated. */
  readonly raw: number;
}

/** A section to write: its bytes, deflated unless `raw`. */
export interface SectionInput {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly raw?: boolean;
}

/** A read snapshot: its header, and its sections inflated on demand against a size limit. */
export interface SnapshotDoc {
  readonly header: SnapshotHeader;
  /** Section names, in file order. */
  readonly names: readonly string[];
  /** Section `name`, inflated; throws if missing or if its raw size is over `limit`. */
  section(name: string, limit: number): Uint8Array;
}

/** Write a snapshot file. */
export function encodeSnapshot(header: SnapshotHeader, sections: readonly SectionInput[]): Uint8Array {
  const bodies = sections.map((s) => (s.raw ? s.bytes : new Uint8Array(deflateRawSync(s.bytes))));
  const table: SectionEntry[] = sections.map((s, i) => ({ name: s.name, encoding: s.raw ? 'raw' : 'deflate', stored: bodies[i].length, raw: s.bytes.length }));
  const head = new TextEncoder().encode(JSON.stringify({ kind: header.kind, pvlab: header.pvlab, instructions: header.instructions, sections: table }));
  const total = FIXED + head.length + bodies.reduce((n, b) => n + b.length, 0) + DIGEST;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, head.length, true);
  view.setFloat64(16, total, true);
  out.set(head, FIXED);
  let at = FIXED + head.length;
  for (const b of bodies) {
    out.set(b, at);
    at += b.length;
  }
  out.set(createHash('sha256').update(out.subarray(0, at)).digest(), at);
  return out;
}

/** Read a snapshot file; `kinds`: the kinds the caller restores (another is a SnapshotError that says how to restore it). */
export function decodeSnapshot(bytes: Uint8Array, kinds?: readonly SnapshotKind[]): SnapshotDoc {
  if (bytes.length < FIXED + DIGEST) throw bytes.length >= 8 && !hasMagic(bytes) ? snapshotErrors.notSnapshot() : snapshotErrors.tooShort(bytes.length);
  if (!hasMagic(bytes)) throw snapshotErrors.notSnapshot();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) throw snapshotErrors.version(version, FORMAT_VERSION);
  const headLength = view.getUint32(12, true);
  const total = view.getFloat64(16, true);
  if (!Number.isSafeInteger(total) || total < FIXED + DIGEST) throw snapshotErrors.corrupt('its declared length is not a length');
  if (bytes.length < total) throw snapshotErrors.truncated(bytes.length, total);
  if (bytes.length > total) throw snapshotErrors.trailing(bytes.length, total);
  const end = total - DIGEST;
  const digest = createHash('sha256').update(bytes.subarray(0, end)).digest();
  if (!digest.equals(bytes.subarray(end))) throw snapshotErrors.checksum();
  if (headLength > HEADER_LIMIT) throw snapshotErrors.tooBig('the header', headLength, HEADER_LIMIT);
  if (FIXED + headLength > end) throw snapshotErrors.corrupt('the header runs past the end');
  const header = parseHeader(bytes.subarray(FIXED, FIXED + headLength));
  if (kinds && !kinds.includes(header.kind)) throw snapshotErrors.kind(header.kind, kinds);
  const offsets = new Map<string, { entry: SectionEntry; at: number }>();
  let at = FIXED + headLength;
  for (const entry of header.sections) {
    offsets.set(entry.name, { entry, at });
    at += entry.stored;
  }
  if (at !== end) throw snapshotErrors.corrupt(`its sections hold ${at - FIXED - headLength} bytes, the file ${end - FIXED - headLength}`);
  return {
    header: { kind: header.kind, pvlab: header.pvlab, instructions: header.instructions },
    names: header.sections.map((s) => s.name),
    section(name, limit) {
      const s = offsets.get(name);
      if (!s) throw snapshotErrors.corrupt(`no ${name} section`);
      if (s.entry.raw > limit) throw snapshotErrors.tooBig(`the ${name} section`, s.entry.raw, limit);
      const stored = bytes.subarray(s.at, s.at + s.entry.stored);
      if (s.entry.encoding === 'raw') {
        if (s.entry.raw !== s.entry.stored) throw snapshotErrors.corrupt(`the ${name} section's lengths disagree`);
        return stored;
      }
      let out: Uint8Array;
      try {
        out = new Uint8Array(inflateRawSync(stored, { maxOutputLength: Math.max(1, s.entry.raw) }));
      } catch {
        throw snapshotErrors.corrupt(`the ${name} section does not inflate to its ${s.entry.raw} bytes`);
      }
      if (out.length !== s.entry.raw) throw snapshotErrors.corrupt(`the ${name} section inflates to ${out.length} bytes, not ${s.entry.raw}`);
      return out;
    },
  };
}

function hasMagic(bytes: Uint8Array): boolean {
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

/** The header's JSON, checked field by field: a checksum guards against damage, not against a forged file. */
function parseHeader(bytes: Uint8Array): SnapshotHeader & { sections: SectionEntry[] } {
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<string, unknown>;
  } catch {
    throw snapshotErrors.corrupt('its header is not valid JSON');
  }
  const bad = (what: string) => snapshotErrors.corrupt(`its header's ${what}`);
  if (h === null || typeof h !== 'object') throw bad('shape');
  if (typeof h.kind !== 'string' || !Object.hasOwn(KIND_TEXT, h.kind)) throw bad(`kind '${String(h.kind)}' (${Object.keys(KIND_TEXT).join(', ')})`);
  if (typeof h.pvlab !== 'string') throw bad('pvlab version');
  if (!Number.isSafeInteger(h.instructions) || (h.instructions as number) < 0) throw bad('instruction count');
  if (!Array.isArray(h.sections) || h.sections.length > SECTIONS_LIMIT) throw bad('section table');
  const names = new Set<string>();
  for (const s of h.sections as Record<string, unknown>[]) {
    const ok = s !== null && typeof s === 'object' && typeof s.name === 'string' && (s.encoding === 'deflate' || s.encoding === 'raw')
      && Number.isSafeInteger(s.stored) && (s.stored as number) >= 0 && Number.isSafeInteger(s.raw) && (s.raw as number) >= 0 && !names.has(s.name);
    if (!ok) throw bad('section table');
    names.add(s.name as string);
  }
  return h as unknown as SnapshotHeader & { sections: SectionEntry[] };
}
