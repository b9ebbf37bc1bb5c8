/**
 * Facts about a linked executable that the ELF writer must reproduce, and
 * the image that re-creates it: GNU ld's output is read back, turned into an
 * `ElfImage`, written by `writeElf`, and the two files are compared.
 */
import { readFileSync } from 'node:fs';
import {
  SHF, SHT, readElf, type ElfFile, type ElfImage, type ImageSection, type ImageSymbol, type SymbolBind, type SymbolType,
} from '../../../src/elf/index.js';

/** A program header as compared. */
export interface SegmentFacts {
  readonly type: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly paddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly flags: number;
  readonly align: number;
}

/** An allocated section as compared (header fields the loader and readelf use). */
export interface SectionHeaderFacts {
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
  readonly align: number;
}

/** What a golden records about one linked executable. */
export interface ElfGolden {
  readonly name: string;
  readonly entry: number;
  readonly sections: { name: string; addr: number; size: number; align: number; write: boolean; exec: boolean; nobits: boolean; region?: string }[];
  readonly segments: SegmentFacts[];
  readonly headers: SectionHeaderFacts[];
  readonly attributesHex?: string;
}

/** The program headers of a file. */
export function segmentsOf(elf: ElfFile): SegmentFacts[] {
  return elf.segments.map(({ type, offset, vaddr, paddr, filesz, memsz, flags, align }) => ({ type, offset, vaddr, paddr, filesz, memsz, flags, align }));
}

/** The allocated section headers of a file. */
export function headersOf(elf: ElfFile): SectionHeaderFacts[] {
  return elf.sections
    .filter((s) => (s.flags & SHF.ALLOC) !== 0)
    .map(({ name, type, flags, addr, offset, size, addralign }) => ({ name, type, flags, addr, offset, size, align: addralign }));
}

/**
 * Rebuild an executable's image: its allocated sections with their bytes,
 * all its symbols, its attributes. `regions` (section name to MEMORY region,
 * from layout) is what ld knew and the file does not say.
 */
export function imageFromElf(elf: ElfFile, regions: Readonly<Record<string, string>> = {}): ElfImage {
  const sections: ImageSection[] = elf.sections
    .filter((s) => (s.flags & SHF.ALLOC) !== 0)
    .map((s) => ({
      name: s.name, addr: s.addr, size: s.size, align: s.addralign, nobits: s.type === SHT.NOBITS, data: s.data,
      flags: { alloc: true, write: (s.flags & SHF.WRITE) !== 0, exec: (s.flags & SHF.EXECINSTR) !== 0 },
      ...(regions[s.name] !== undefined ? { region: regions[s.name] } : {}),
    }));
  const names = new Set([...sections.map((s) => s.name), '.riscv.attributes']);
  const symbols: ImageSymbol[] = elf.symbols.slice(1).flatMap((s) => {
    if (typeof s.type !== 'string' || typeof s.bind !== 'string') return [];
    const section = s.section === 'abs' || s.section === 'undef' ? s.section : names.has(s.section) ? s.section : 'abs';
    return [{ name: s.name, value: s.value, size: s.size, type: s.type as SymbolType, bind: s.bind as SymbolBind, section }];
  });
  const attributes = elf.sections.find((s) => s.type === SHT.RISCV_ATTRIBUTES)?.data;
  return { entry: elf.header.entry, sections, symbols, ...(attributes ? { attributes } : {}) };
}

/** The golden of a linked executable. */
export function elfGolden(name: string, bytes: Uint8Array, regions: Readonly<Record<string, string>>): ElfGolden {
  const elf = readElf(bytes);
  const image = imageFromElf(elf, regions);
  return {
    name,
    entry: elf.header.entry,
    sections: image.sections.map((s) => ({
      name: s.name, addr: s.addr, size: s.size, align: s.align, write: s.flags.write, exec: s.flags.exec, nobits: s.nobits,
      ...(s.region !== undefined ? { region: s.region } : {}),
    })),
    segments: segmentsOf(elf),
    headers: headersOf(elf),
    ...(image.attributes ? { attributesHex: Buffer.from(image.attributes).toString('hex') } : {}),
  };
}

/** An image with zero-filled contents from a golden (enough to check the file layout). */
export function imageFromGolden(g: ElfGolden): ElfImage {
  return {
    entry: g.entry,
    sections: g.sections.map((s) => ({ ...s, flags: { alloc: true, write: s.write, exec: s.exec }, data: new Uint8Array(s.nobits ? 0 : s.size) })),
    symbols: [],
    ...(g.attributesHex ? { attributes: new Uint8Array(Buffer.from(g.attributesHex, 'hex')) } : {}),
  };
}

/** The committed golden of a scenario's linked executable. */
export function committedElfGolden(name: string): ElfGolden {
  return JSON.parse(readFileSync(new URL(`../_golden/${name}.json`, import.meta.url), 'utf8')) as ElfGolden;
}
