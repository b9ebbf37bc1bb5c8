/**
 * A linked program's loadable image, in the form both sides of the
 * differential tests reduce to: the entry point, every allocated section
 * with contents (bytes as lower-case hex, so golden JSON stays readable and
 * diffable), and the extents of the allocated sections without contents.
 */
import type { Program } from './contract.js';

export interface LoadableSection {
  readonly name: string;
  readonly addr: number;
  /** Section contents as lower-case hex, two digits per byte. */
  readonly bytes: string;
}

export interface NobitsExtent {
  readonly name: string;
  readonly addr: number;
  readonly size: number;
}

export interface Image {
  readonly entry: number;
  /** Allocated sections with contents and a non-zero size, by address. */
  readonly sections: readonly LoadableSection[];
  /** Allocated sections without contents (.bss), by address. */
  readonly nobits: readonly NobitsExtent[];
}

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));
export const hex32 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

const byAddr = <T extends { addr: number }>(a: T, b: T) => a.addr - b.addr;

/** The image of pvlab's in-memory program (sections as `assemble` reports them). */
export function imageOfProgram(program: Program): Image {
  const alloc = program.sections.filter((s) => s.flags.alloc && s.size > 0);
  return {
    entry: program.entry >>> 0,
    sections: alloc
      .filter((s) => !s.nobits)
      .map((s) => ({ name: s.name, addr: s.addr >>> 0, bytes: toHex(s.data.subarray(0, s.size)) }))
      .sort(byAddr),
    nobits: alloc.filter((s) => s.nobits).map((s) => ({ name: s.name, addr: s.addr >>> 0, size: s.size })).sort(byAddr),
  };
}

/** The first address at which two sets of loadable sections differ. */
export interface Difference {
  readonly addr: number;
  /** The aligned words around `addr`, or `undefined` where nothing is loaded. */
  readonly expectedWord: number | undefined;
  readonly actualWord: number | undefined;
}

function byteMap(sections: readonly LoadableSection[]): Map<number, number> {
  const map = new Map<number, number>();
  for (const s of sections) fromHex(s.bytes).forEach((b, i) => map.set((s.addr + i) >>> 0, b));
  return map;
}

function wordAt(map: Map<number, number>, addr: number): number | undefined {
  const base = addr & ~3;
  let word = 0;
  let any = false;
  for (let i = 3; i >= 0; i--) {
    const b = map.get((base + i) >>> 0);
    if (b !== undefined) any = true;
    word = (word << 8) | (b ?? 0);
  }
  return any ? word >>> 0 : undefined;
}

/** Compare loaded bytes address by address; `undefined` when identical. */
export function firstDifference(expected: readonly LoadableSection[], actual: readonly LoadableSection[]): Difference | undefined {
  const e = byteMap(expected);
  const a = byteMap(actual);
  const addrs = [...new Set([...e.keys(), ...a.keys()])].sort((x, y) => x - y);
  const addr = addrs.find((k) => e.get(k) !== a.get(k));
  if (addr === undefined) return undefined;
  return { addr, expectedWord: wordAt(e, addr), actualWord: wordAt(a, addr) };
}

/** A one-line summary of section names, addresses and sizes. */
export function layoutSummary(sections: readonly LoadableSection[]): string {
  return sections.map((s) => `${s.name}@${hex32(s.addr)}+${(s.bytes.length / 2).toString(16)}`).join(' ') || '(nothing loaded)';
}
