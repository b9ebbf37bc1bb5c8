/**
 * A small ELF32 little-endian RISC-V reader: header, section headers (with
 * their bytes), program headers and the symbol table. Every offset and size
 * is checked against the file, so truncated or garbage input gives an
 * `ElfError`, never a RangeError or a wrong answer.
 */
import { ELF, PT, SHN, SHT, STB, STT, type SymbolBind, type SymbolType } from './constants.js';
import { elfError, hex } from './elf-error.js';

/** The ELF header fields. */
export interface ElfHeader {
  readonly type: number;
  readonly machine: number;
  readonly version: number;
  readonly entry: number;
  readonly phoff: number;
  readonly shoff: number;
  readonly flags: number;
  readonly ehsize: number;
  readonly phentsize: number;
  readonly phnum: number;
  readonly shentsize: number;
  readonly shnum: number;
  readonly shstrndx: number;
}

/** A section header with its name resolved and its bytes (empty for NOBITS). */
export interface ElfSectionHeader {
  readonly index: number;
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly addralign: number;
  readonly entsize: number;
  readonly data: Uint8Array;
}

/** A program header. */
export interface ElfSegment {
  readonly type: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly paddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly flags: number;
  readonly align: number;
}

/** A symbol table entry, with its type, binding and section named. */
export interface ElfSymbolEntry {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly type: SymbolType | number;
  readonly bind: SymbolBind | number;
  readonly visibility: number;
  readonly shndx: number;
  /** The section's name, `abs`, `undef`, or `common`. */
  readonly section: string;
}

/** A parsed ELF file. */
export interface ElfFile {
  readonly header: ElfHeader;
  readonly sections: readonly ElfSectionHeader[];
  readonly segments: readonly ElfSegment[];
  readonly symbols: readonly ElfSymbolEntry[];
}

// Bounds-checked little-endian reads.
class View {
  constructor(readonly bytes: Uint8Array) {}

  check(offset: number, size: number, what: string): void {
    if (offset < 0 || size < 0 || offset + size > this.bytes.length) {
      throw elfError('truncated', `${what} at ${hex(offset)} (${hex(size)} bytes) runs past the end of the file (${hex(this.bytes.length)} bytes)`);
    }
  }

  u8(o: number, what: string): number {
    this.check(o, 1, what);
    return this.bytes[o];
  }

  u16(o: number, what: string): number {
    this.check(o, 2, what);
    return this.bytes[o] | (this.bytes[o + 1] << 8);
  }

  u32(o: number, what: string): number {
    this.check(o, 4, what);
    return (this.bytes[o] | (this.bytes[o + 1] << 8) | (this.bytes[o + 2] << 16) | (this.bytes[o + 3] << 24)) >>> 0;
  }
}

const TYPE_NAMES = Object.fromEntries(Object.entries(STT).map(([k, v]) => [v, k])) as Record<number, SymbolType>;
const BIND_NAMES = Object.fromEntries(Object.entries(STB).map(([k, v]) => [v, k])) as Record<number, SymbolBind>;

/** Parse an ELF32 little-endian RISC-V file; throws an `ElfError` on anything else. */
export function readElf(bytes: Uint8Array): ElfFile {
  const v = new View(bytes);
  const header = readHeader(v);
  const sections = readSections(v, header);
  const segments: ElfSegment[] = [];
  for (let i = 0; i < header.phnum; i++) {
    const o = header.phoff + i * ELF.PHDR_SIZE;
    const w = `program header ${i}`;
    const seg: ElfSegment = {
      type: v.u32(o, w), offset: v.u32(o + 4, w), vaddr: v.u32(o + 8, w), paddr: v.u32(o + 12, w),
      filesz: v.u32(o + 16, w), memsz: v.u32(o + 20, w), flags: v.u32(o + 24, w), align: v.u32(o + 28, w),
    };
    if (seg.filesz > 0) v.check(seg.offset, seg.filesz, `segment ${i} contents`);
    if (seg.type === PT.LOAD && seg.memsz < seg.filesz) throw elfError('bad-segment', `segment ${i}: memsz ${hex(seg.memsz)} is smaller than filesz ${hex(seg.filesz)}`);
    segments.push(seg);
  }
  return { header, sections, segments, symbols: readSymbols(sections) };
}

function readHeader(v: View): ElfHeader {
  if (v.bytes.length < 4 || ELF.MAGIC.some((b, i) => v.bytes[i] !== b)) throw elfError('not-elf', 'not an ELF file (bad magic)');
  const cls = v.u8(4, 'ELF identification');
  if (cls !== ELF.CLASS_32) throw elfError('unsupported-class', `ELF class ${cls} is not ELF32`);
  const data = v.u8(5, 'ELF identification');
  if (data !== ELF.DATA_LSB) throw elfError('unsupported-endianness', `ELF data encoding ${data} is not little-endian`);
  v.check(0, ELF.EHDR_SIZE, 'ELF header');
  const w = 'ELF header';
  const h: ElfHeader = {
    type: v.u16(16, w), machine: v.u16(18, w), version: v.u32(20, w), entry: v.u32(24, w), phoff: v.u32(28, w),
    shoff: v.u32(32, w), flags: v.u32(36, w), ehsize: v.u16(40, w), phentsize: v.u16(42, w), phnum: v.u16(44, w),
    shentsize: v.u16(46, w), shnum: v.u16(48, w), shstrndx: v.u16(50, w),
  };
  if (h.machine !== ELF.EM_RISCV) throw elfError('unsupported-machine', `machine ${h.machine} is not RISC-V (${ELF.EM_RISCV})`);
  if (h.phnum > 0 && h.phentsize !== ELF.PHDR_SIZE) throw elfError('bad-header', `program header size ${h.phentsize} is not ${ELF.PHDR_SIZE}`);
  if (h.shnum > 0 && h.shentsize !== ELF.SHDR_SIZE) throw elfError('bad-header', `section header size ${h.shentsize} is not ${ELF.SHDR_SIZE}`);
  if (h.shnum > 0 && h.shstrndx >= h.shnum) throw elfError('bad-header', `section name table index ${h.shstrndx} is out of range (${h.shnum} sections)`);
  v.check(h.phoff, h.phnum * ELF.PHDR_SIZE, 'program header table');
  v.check(h.shoff, h.shnum * ELF.SHDR_SIZE, 'section header table');
  return h;
}

function readSections(v: View, h: ElfHeader): ElfSectionHeader[] {
  const raw = [];
  for (let i = 0; i < h.shnum; i++) {
    const o = h.shoff + i * ELF.SHDR_SIZE;
    const w = `section header ${i}`;
    const s = {
      nameOff: v.u32(o, w), type: v.u32(o + 4, w), flags: v.u32(o + 8, w), addr: v.u32(o + 12, w), offset: v.u32(o + 16, w),
      size: v.u32(o + 20, w), link: v.u32(o + 24, w), info: v.u32(o + 28, w), addralign: v.u32(o + 32, w), entsize: v.u32(o + 36, w),
    };
    const hasBytes = s.type !== SHT.NOBITS && s.type !== SHT.NULL;
    if (hasBytes && (s.offset + s.size > v.bytes.length || s.offset > v.bytes.length)) {
      throw elfError('bad-section', `section ${i}: contents ${hex(s.offset)}+${hex(s.size)} lie outside the file (${hex(v.bytes.length)} bytes)`);
    }
    raw.push({ ...s, data: hasBytes ? v.bytes.slice(s.offset, s.offset + s.size) : new Uint8Array(0) });
  }
  const names = h.shnum > 0 ? raw[h.shstrndx].data : new Uint8Array(0);
  return raw.map((s, index) => {
    const { nameOff, ...rest } = s;
    return { index, name: cString(names, nameOff, `section ${index} name`), ...rest };
  });
}

function readSymbols(sections: readonly ElfSectionHeader[]): ElfSymbolEntry[] {
  const symtab = sections.find((s) => s.type === SHT.SYMTAB);
  if (!symtab) return [];
  if (symtab.entsize !== ELF.SYM_SIZE) throw elfError('bad-symbol-table', `symbol table entry size ${symtab.entsize} is not ${ELF.SYM_SIZE}`);
  const strtab = sections[symtab.link];
  if (!strtab || strtab.type !== SHT.STRTAB) throw elfError('bad-symbol-table', `symbol table links to section ${symtab.link}, which is not a string table`);
  const v = new View(symtab.data);
  const out: ElfSymbolEntry[] = [];
  for (let o = 0; o + ELF.SYM_SIZE <= symtab.data.length; o += ELF.SYM_SIZE) {
    const w = 'symbol';
    const info = v.u8(o + 12, w);
    const shndx = v.u16(o + 14, w);
    out.push({
      name: cString(strtab.data, v.u32(o, w), `symbol ${o / ELF.SYM_SIZE} name`),
      value: v.u32(o + 4, w),
      size: v.u32(o + 8, w),
      type: TYPE_NAMES[info & 0xf] ?? info & 0xf,
      bind: BIND_NAMES[info >> 4] ?? info >> 4,
      visibility: v.u8(o + 13, w) & 3,
      shndx,
      section: shndx === SHN.UNDEF ? 'undef' : shndx === SHN.ABS ? 'abs' : shndx === SHN.COMMON ? 'common' : (sections[shndx]?.name ?? `#${shndx}`),
    });
  }
  return out;
}

function cString(table: Uint8Array, offset: number, what: string): string {
  if (offset === 0 && table.length === 0) return '';
  if (offset >= table.length) throw elfError('bad-section', `${what}: string offset ${hex(offset)} is outside its table (${hex(table.length)} bytes)`);
  let end = offset;
  while (end < table.length && table[end] !== 0) end++;
  return new TextDecoder().decode(table.subarray(offset, end));
}
