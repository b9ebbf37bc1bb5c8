/**
 * Sections and their fragments, as GNU as keeps them.
 *
 * A section is a list of fragments per numbered subsection (`.text 1`);
 * subsections are concatenated in number order when the file ends. Most
 * fragments are fixed bytes with fixups; a few have a size that is known only
 * once labels have offsets (alignment, `.space` with a label difference, a
 * conditional branch that may need the long form). Labels point at a fragment
 * and an offset inside it, so their offsets follow the fragments as they grow.
 */
import type { Expr } from '../parse/ast.js';
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import type { InstructionSpec } from '../isa/instructions.js';
import type { CompressedSpec } from '../isa/compressed.js';

export interface SectionFlags {
  readonly alloc: boolean;
  readonly write: boolean;
  readonly exec: boolean;
}

/** How a fixup's value is computed and where it goes. */
export type FixupKind =
  | 'data8' | 'data16' | 'data32' | 'data64'
  | 'imm12' | 'simm12' | 'uimm20' | 'shamt' | 'csr' | 'zimm' // absolute operand values
  | 'bimm' | 'jimm'; // pc-relative targets

/** A value to resolve once addresses are known. */
export interface Fixup {
  /** Byte offset in the fragment. */
  readonly offset: number;
  readonly kind: FixupKind;
  readonly expr: Expr;
  readonly at: SourceLocation;
  /** Address of the instruction, for pc-relative kinds; relative to the fragment. */
  readonly pcOffset: number;
}

/** Fixed bytes (data and instructions) with fixups. */
export interface DataFrag {
  readonly k: 'data';
  bytes: Uint8Array;
  size: number;
  readonly fixups: Fixup[];
  offset: number;
}

/**
 * A conditional branch: 4 bytes when its target is near, else
 * `b!cond +8; jal zero, target`. A branch that may be compressed (`rvc`:
 * c.beqz/c.bnez) also has a 2-byte form within ±256 bytes and a 6-byte one,
 * `c.b!cond +6; jal zero, target`, beyond ±4 KiB (GNU as's RVC branch).
 */
export interface BranchFrag {
  readonly k: 'branch';
  readonly spec: InstructionSpec;
  /** The inverted branch, for the long forms. */
  readonly inverse: InstructionSpec;
  readonly rs1: number;
  readonly rs2: number;
  readonly target: Expr;
  readonly at: SourceLocation;
  /** The compressed branch it may be (c.beqz/c.bnez), when the C extension is on. */
  readonly rvc?: CompressedSpec;
  size: 2 | 4 | 6 | 8;
  offset: number;
}

/** A compressed jump (c.j, c.jal): 2 bytes within ±2 KiB, else `jal`. */
export interface JumpFrag {
  readonly k: 'jump';
  /** jal. */
  readonly spec: InstructionSpec;
  /** The link register: zero for c.j, ra for c.jal. */
  readonly rd: number;
  readonly rvc: CompressedSpec;
  readonly target: Expr;
  readonly at: SourceLocation;
  size: 2 | 4;
  offset: number;
}

/** Padding to an alignment; code sections pad with `nop`. */
export interface AlignFrag {
  readonly k: 'align';
  readonly alignment: number;
  readonly fill: number;
  readonly fillSize: number;
  readonly maxSkip: number;
  readonly code: boolean;
  size: number;
  offset: number;
}

/** `.space`/`.fill` whose count was not yet known when it was read. */
export interface SpaceFrag {
  readonly k: 'space';
  readonly count: Expr;
  readonly fill: number;
  readonly unit: number;
  readonly at: SourceLocation;
  size: number;
  offset: number;
}

/**
 * Where a fragment started when it was appended, with variable-size
 * fragments at their smallest, and how many variable fragments precede it:
 * two places with the same count are an exact distance apart (first pass).
 */
export interface Home {
  readonly sub: number;
  readonly offset: number;
  readonly variable: number;
}

export type Frag = (DataFrag | BranchFrag | JumpFrag | AlignFrag | SpaceFrag) & { home?: Home };

export interface Section {
  readonly name: string;
  readonly file: string;
  flags: SectionFlags;
  nobits: boolean;
  /** Largest alignment requested inside the section. */
  align: number;
  readonly subsections: Map<number, Frag[]>;
  /** Filled after the file ends: all fragments, subsections concatenated. */
  frags: Frag[];
  size: number;
  /** Set at link time. */
  addr: number;
}

/** Flags of the well-known sections, as GNU as gives them. */
export function defaultSectionFlags(name: string): { flags: SectionFlags; nobits: boolean } {
  const is = (p: string) => name === p || name.startsWith(p + '.');
  if (is('.text')) return { flags: { alloc: true, write: false, exec: true }, nobits: false };
  if (is('.bss') || is('.sbss') || is('.tbss')) return { flags: { alloc: true, write: true, exec: false }, nobits: true };
  if (is('.rodata') || is('.srodata')) return { flags: { alloc: true, write: false, exec: false }, nobits: false };
  if (is('.data') || is('.sdata') || is('.tohost') || is('.tdata')) return { flags: { alloc: true, write: true, exec: false }, nobits: false };
  if (name.startsWith('.debug') || name === '.comment' || name.startsWith('.note')) return { flags: { alloc: false, write: false, exec: false }, nobits: false };
  // An unknown name with no flags: GNU as makes it a non-alloc PROGBITS section.
  return { flags: { alloc: false, write: false, exec: false }, nobits: false };
}

/**
 * A new section. GNU as starts .text aligned to the instruction size of the
 * architecture it starts with (4, or 2 with the C extension); every other
 * section at 1.
 */
export function newSection(name: string, file: string, textAlign = 4): Section {
  const { flags, nobits } = defaultSectionFlags(name);
  return { name, file, flags, nobits, align: name === '.text' ? textAlign : 1, subsections: new Map(), frags: [], size: 0, addr: 0 };
}

export function newDataFrag(capacity = 64): DataFrag {
  // `home` is declared here, so setting it later does not move the object's fields out of line.
  const frag: DataFrag & { home?: Home } = { k: 'data', bytes: new Uint8Array(capacity), size: 0, fixups: [], offset: 0, home: undefined };
  return frag;
}

/** Make room for `n` more bytes in a data fragment. */
export function reserve(frag: DataFrag, n: number): void {
  if (frag.size + n <= frag.bytes.length) return;
  let cap = frag.bytes.length * 2;
  while (cap < frag.size + n) cap *= 2;
  const bigger = new Uint8Array(cap);
  bigger.set(frag.bytes); // bytes past `size` are still zero (and no subarray: it would move them off the heap)
  frag.bytes = bigger;
}
