/**
 * `writeElf`: an ELF32 little-endian RISC-V executable (ET_EXEC) laid out
 * like GNU ld's output:
 *
 *   ELF header | program headers | loadable sections (page-congruent) |
 *   .riscv.attributes | .debug_* | .symtab | .strtab | .shstrtab |
 *   section header table
 *
 * Program headers: PT_RISCV_ATTRIBUTES first (when attributes are given),
 * then the PT_LOAD segments of segments.ts.
 */
import { ELF, ET, PF, PT, SHF, SHN, SHT, STB, STT } from './constants.js';
import { ByteWriter } from './byte-writer.js';
import { elfError, hex } from './elf-error.js';
import type { ElfImage, ImageSection } from './image.js';
import { planSegments } from './segments.js';
import { StringTable } from './string-table.js';

interface SectionRecord {
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly size: number;
  readonly align: number;
  readonly data?: Uint8Array;
  link?: number;
  info?: number;
  entsize?: number;
  offset?: number;
}

/** Serialise `image` as an ELF executable. Throws an `ElfError` ('bad-image') on an inconsistent image. */
export function writeElf(image: ElfImage): Uint8Array {
  const loaded = image.sections;
  loaded.forEach(checkSection);
  checkOverlaps(loaded);
  const records: SectionRecord[] = loaded.map((s) => ({
    name: s.name,
    type: s.nobits ? SHT.NOBITS : SHT.PROGBITS,
    flags: (s.flags.alloc ? SHF.ALLOC : 0) | (s.flags.write ? SHF.WRITE : 0) | (s.flags.exec ? SHF.EXECINSTR : 0),
    addr: s.addr >>> 0, size: s.size, align: s.align, ...(s.nobits ? {} : { data: padded(s) }),
  }));
  const extra = (name: string, type: number, data: Uint8Array | undefined) =>
    data && records.push({ name, type, flags: 0, addr: 0, size: data.length, align: 1, data });
  extra('.riscv.attributes', SHT.RISCV_ATTRIBUTES, image.attributes);
  extra('.debug_info', SHT.PROGBITS, image.debugInfo);
  extra('.debug_abbrev', SHT.PROGBITS, image.debugAbbrev);
  extra('.debug_line', SHT.PROGBITS, image.debugLine);

  // symbol table: the null symbol, locals, then globals (sh_info = first global)
  const index = new Map(records.map((r, i) => [r.name, i + 1] as const));
  const strtab = new StringTable();
  const syms = [...image.symbols].sort((a, b) => Number(a.bind !== 'local') - Number(b.bind !== 'local'));
  const symtab = new ByteWriter().bytes(new Uint8Array(ELF.SYM_SIZE));
  for (const s of syms) {
    const shndx = s.section === 'abs' || s.type === 'file' ? SHN.ABS : s.section === 'undef' ? SHN.UNDEF : index.get(s.section);
    if (shndx === undefined) throw elfError('bad-image', `symbol \`${s.name}' refers to unknown section \`${s.section}'`);
    symtab.u32(strtab.add(s.name)).u32(s.value >>> 0).u32(s.size >>> 0).u8((STB[s.bind] << 4) | STT[s.type]).u8(0).u16(shndx);
  }
  const firstGlobal = 1 + syms.filter((s) => s.bind === 'local').length;
  const symtabIndex = records.length + 1;
  records.push({ name: '.symtab', type: SHT.SYMTAB, flags: 0, addr: 0, size: symtab.length, align: 4, data: symtab.finish(), link: symtabIndex + 1, info: firstGlobal, entsize: ELF.SYM_SIZE });
  const strBytes = strtab.bytes();
  records.push({ name: '.strtab', type: SHT.STRTAB, flags: 0, addr: 0, size: strBytes.length, align: 1, data: strBytes });
  const shstrtab = new StringTable();
  const nameOffsets = [0, ...records.map((r) => shstrtab.add(r.name)), shstrtab.add('.shstrtab')];
  const shBytes = shstrtab.bytes();
  records.push({ name: '.shstrtab', type: SHT.STRTAB, flags: 0, addr: 0, size: shBytes.length, align: 1, data: shBytes });

  // file layout
  const phnum = (image.attributes ? 1 : 0) + countLoads(loaded);
  const plan = planSegments(loaded, ELF.EHDR_SIZE + phnum * ELF.PHDR_SIZE);
  let off = plan.end;
  records.forEach((r, i) => {
    if (i < loaded.length && loaded[i].flags.alloc) r.offset = plan.offsets[i];
    else {
      off = Math.ceil(off / Math.max(1, r.align)) * Math.max(1, r.align);
      r.offset = off;
      if (r.type !== SHT.NOBITS) off += r.size;
    }
  });
  const shoff = Math.ceil(off / 4) * 4;

  const w = new ByteWriter();
  w.bytes(ELF.MAGIC).u8(ELF.CLASS_32).u8(ELF.DATA_LSB).u8(ELF.VERSION_CURRENT).u8(ELF.OSABI_SYSV).padTo(16);
  w.u16(ET.EXEC).u16(ELF.EM_RISCV).u32(ELF.VERSION_CURRENT).u32(image.entry >>> 0).u32(phnum ? ELF.EHDR_SIZE : 0).u32(shoff);
  w.u32(image.flags ?? 0).u16(ELF.EHDR_SIZE).u16(ELF.PHDR_SIZE).u16(phnum).u16(ELF.SHDR_SIZE).u16(records.length + 1).u16(records.length);
  if (image.attributes) {
    const attr = records.find((r) => r.type === SHT.RISCV_ATTRIBUTES)!;
    phdr(w, PT.RISCV_ATTRIBUTES, attr.offset!, 0, attr.size, 0, PF.R, 1);
  }
  for (const seg of plan.segments) phdr(w, PT.LOAD, seg.offset, seg.vaddr, seg.filesz, seg.memsz, seg.flags, ELF.PAGE_SIZE);
  for (const r of [...records].sort((a, b) => a.offset! - b.offset!)) {
    if (r.data && r.type !== SHT.NOBITS) w.padTo(r.offset!).bytes(r.data);
  }
  w.padTo(shoff).bytes(new Uint8Array(ELF.SHDR_SIZE));
  records.forEach((r, i) => {
    w.u32(nameOffsets[i + 1]).u32(r.type).u32(r.flags).u32(r.addr).u32(r.offset!).u32(r.size);
    w.u32(r.link ?? 0).u32(r.info ?? 0).u32(r.align).u32(r.entsize ?? 0);
  });
  return w.finish();
}

function phdr(w: ByteWriter, type: number, offset: number, vaddr: number, filesz: number, memsz: number, flags: number, align: number): void {
  w.u32(type).u32(offset).u32(vaddr >>> 0).u32(vaddr >>> 0).u32(filesz).u32(memsz).u32(flags).u32(align);
}

function countLoads(sections: readonly ImageSection[]): number {
  return planSegments(sections, 0).segments.length;
}

function checkSection(s: ImageSection): void {
  if (!s.nobits && s.data.length > s.size) throw elfError('bad-image', `section \`${s.name}' has ${hex(s.data.length)} bytes of data for size ${hex(s.size)}`);
  if (s.align !== 0 && (s.align & (s.align - 1)) !== 0) throw elfError('bad-image', `section \`${s.name}' alignment ${s.align} is not a power of two`);
  if (s.addr < 0 || s.addr + s.size > 0x1_0000_0000) throw elfError('bad-image', `section \`${s.name}' at ${hex(s.addr)}+${hex(s.size)} is outside the 32-bit address space`);
}

// Loadable sections must not share bytes: the file can hold only one of them.
function checkOverlaps(sections: readonly ImageSection[]): void {
  const loadable = sections.filter((s) => s.flags.alloc && !s.nobits && s.size > 0).sort((a, b) => a.addr - b.addr);
  for (let i = 1; i < loadable.length; i++) {
    const a = loadable[i - 1];
    const b = loadable[i];
    if (b.addr < a.addr + a.size) throw elfError('bad-image', `sections \`${a.name}' and \`${b.name}' overlap at ${hex(b.addr)}`);
  }
}

function padded(s: ImageSection): Uint8Array {
  if (s.data.length === s.size) return s.data;
  const out = new Uint8Array(s.size);
  out.set(s.data);
  return out;
}
