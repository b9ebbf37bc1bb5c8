/**
 * A tiny ELF32 little-endian reader: just enough of the file header and the
 * section header table to recover a linked program's loadable image and its
 * symbols. Used on GNU ld's output and on pvlab's `program.elf()`.
 *
 * ELF32 header fields used (System V ABI, "ELF Header"):
 *   e_ident[0..3] = 7f 'E' 'L' 'F', e_ident[4] = 1 (32-bit), e_ident[5] = 1 (LE)
 *   e_entry @0x18, e_shoff @0x20, e_shentsize @0x2e, e_shnum @0x30, e_shstrndx @0x32
 * Section header (40 bytes): name 0, type 4, flags 8, addr 12, offset 16, size 20,
 *   link 24, info 28, addralign 32, entsize 36.
 * Program header (32 bytes), from e_phoff @0x1c, e_phentsize @0x2a, e_phnum @0x2c:
 *   type 0, offset 4, vaddr 8, paddr 12, filesz 16, memsz 20, flags 24, align 28.
 */
import type { Image } from './image.js';
import { toHex } from './image.js';

const PT_LOAD = 1;
const SHT_SYMTAB = 2;
const SHT_NOBITS = 8;
const SHF_ALLOC = 0x2;

export interface ElfSection {
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
}

export interface ElfSymbol {
  readonly name: string;
  readonly value: number;
}

export interface ElfFile {
  readonly entry: number;
  readonly sections: readonly ElfSection[];
  readonly bytes: Uint8Array;
}

function cString(bytes: Uint8Array, at: number): string {
  let end = at;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return Buffer.from(bytes.subarray(at, end)).toString('latin1');
}

/** Parse the header and section headers; throws on anything but ELF32 LE. */
export function readElf(bytes: Uint8Array): ElfFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, false) !== 0x7f454c46) throw new Error('not an ELF file');
  if (bytes[4] !== 1 || bytes[5] !== 1) throw new Error('not ELF32 little-endian');
  const shoff = view.getUint32(0x20, true);
  const shentsize = view.getUint16(0x2e, true);
  const shnum = view.getUint16(0x30, true);
  const shstrndx = view.getUint16(0x32, true);
  const raw = Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * shentsize;
    const u32 = (o: number) => view.getUint32(at + o, true);
    return { nameOff: u32(0), type: u32(4), flags: u32(8), addr: u32(12), offset: u32(16), size: u32(20), link: u32(24) };
  });
  const strtab = raw[shstrndx]?.offset ?? 0;
  const sections = raw.map(({ nameOff, ...s }) => ({ ...s, name: cString(bytes, strtab + nameOff) }));
  return { entry: view.getUint32(0x18, true), sections, bytes };
}

/** The loadable image: allocated sections, with and without contents. */
export function imageOfElf(bytes: Uint8Array): Image {
  const elf = readElf(bytes);
  const alloc = elf.sections.filter((s) => (s.flags & SHF_ALLOC) !== 0 && s.size > 0).sort((a, b) => a.addr - b.addr);
  return {
    entry: elf.entry,
    sections: alloc
      .filter((s) => s.type !== SHT_NOBITS)
      .map((s) => ({ name: s.name, addr: s.addr, bytes: toHex(elf.bytes.subarray(s.offset, s.offset + s.size)) })),
    nobits: alloc.filter((s) => s.type === SHT_NOBITS).map((s) => ({ name: s.name, addr: s.addr, size: s.size })),
  };
}

/** Named symbols of the symbol table (section and file symbols excluded). */
export function symbolsOfElf(bytes: Uint8Array): ElfSymbol[] {
  const elf = readElf(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const symtab = elf.sections.find((s) => s.type === SHT_SYMTAB);
  if (!symtab) return [];
  const strtab = elf.sections[symtab.link];
  const out: ElfSymbol[] = [];
  for (let at = symtab.offset; at + 16 <= symtab.offset + symtab.size; at += 16) {
    const type = bytes[at + 12] & 0xf; // STT_SECTION = 3, STT_FILE = 4
    const name = cString(bytes, strtab.offset + view.getUint32(at, true));
    if (name && type !== 3 && type !== 4) out.push({ name, value: view.getUint32(at + 4, true) });
  }
  return out;
}

/**
 * Sections the loader would not load as the section table says: every
 * allocated section must lie inside a PT_LOAD segment, with contents at the
 * file offset the segment maps to its address. Empty when consistent.
 */
export function segmentProblems(bytes: Uint8Array): string[] {
  const elf = readElf(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const phoff = view.getUint32(0x1c, true);
  const phentsize = view.getUint16(0x2a, true);
  const loads = Array.from({ length: view.getUint16(0x2c, true) }, (_, i) => {
    const u32 = (o: number) => view.getUint32(phoff + i * phentsize + o, true);
    return { type: u32(0), offset: u32(4), vaddr: u32(8), filesz: u32(16), memsz: u32(20) };
  }).filter((p) => p.type === PT_LOAD);
  const problems: string[] = [];
  for (const s of elf.sections.filter((x) => (x.flags & SHF_ALLOC) !== 0 && x.size > 0)) {
    const nobits = s.type === SHT_NOBITS;
    const seg = loads.find((p) => p.vaddr <= s.addr && s.addr + s.size <= p.vaddr + (nobits ? p.memsz : p.filesz));
    if (!seg) problems.push(`${s.name} (0x${s.addr.toString(16)}, ${s.size} bytes) is in no PT_LOAD segment`);
    else if (!nobits && seg.offset + (s.addr - seg.vaddr) !== s.offset) problems.push(`${s.name}: section offset 0x${s.offset.toString(16)} disagrees with its segment's`);
  }
  return problems;
}
