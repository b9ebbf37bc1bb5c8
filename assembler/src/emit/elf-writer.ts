/**
 * ELF32 little-endian RISC-V executables (System V gABI; RISC-V psABI for
 * e_machine 243 and the attributes section). Layout of the file:
 *
 *   ELF header | program headers | section contents | .riscv.attributes |
 *   .symtab | .strtab | .shstrtab | section headers
 *
 * One PT_LOAD per allocated section, its file offset congruent to its address
 * modulo the 4 KiB page.
 */
export interface ElfSectionInput {
  readonly name: string;
  readonly addr: number;
  readonly size: number;
  readonly align: number;
  readonly flags: { readonly alloc: boolean; readonly write: boolean; readonly exec: boolean };
  readonly nobits: boolean;
  readonly data: Uint8Array;
}

export interface ElfSymbolInput {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly type: 'notype' | 'func' | 'object' | 'section' | 'file';
  readonly bind: 'local' | 'global' | 'weak';
  /** Output section name, `abs` or `undef`. */
  readonly section: string;
}

export interface ElfImage {
  readonly entry: number;
  readonly sections: readonly ElfSectionInput[];
  readonly symbols: readonly ElfSymbolInput[];
  readonly attributes?: Uint8Array;
  readonly debugLine?: Uint8Array;
}

const EM_RISCV = 243, ET_EXEC = 2, PT_LOAD = 1, PT_RISCV_ATTRIBUTES = 0x70000003;
const SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8, SHT_RISCV_ATTRIBUTES = 0x70000003;
const SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;
const PAGE = 0x1000;
const STT: Record<ElfSymbolInput['type'], number> = { notype: 0, object: 1, func: 2, section: 3, file: 4 };
const STB: Record<ElfSymbolInput['bind'], number> = { local: 0, global: 1, weak: 2 };

class StringTable {
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private size = 1;
  private readonly seen = new Map<string, number>();
  add(s: string): number {
    if (s === '') return 0;
    const known = this.seen.get(s);
    if (known !== undefined) return known;
    const bytes = Buffer.from(s + '\0', 'utf8');
    const at = this.size;
    this.parts.push(bytes);
    this.size += bytes.length;
    this.seen.set(s, at);
    return at;
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

/** The `.riscv.attributes` section GNU as 2.40 writes for rv32ima_zicsr_zifencei. */
export function riscvAttributes(arch = 'rv32i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0'): Uint8Array {
  // format 'A', then a "riscv" subsection: length, vendor, file tag (1), length, attributes.
  const archBytes = Buffer.from(arch + '\0');
  const attrs = Buffer.concat([Buffer.from([4, 16]), Buffer.from([5]), archBytes]); // Tag_RISCV_stack_align=16, Tag_RISCV_arch
  const fileLen = 1 + 4 + attrs.length;
  const sub = Buffer.alloc(4 + 6 + fileLen);
  sub.writeUInt32LE(sub.length, 0);
  sub.write('riscv\0', 4, 'latin1');
  sub[10] = 1;
  sub.writeUInt32LE(fileLen, 11);
  attrs.copy(sub, 15);
  return Buffer.concat([Buffer.from('A'), sub]);
}

/** Write an ELF32 ET_EXEC image. */
export function writeElf(image: ElfImage): Uint8Array {
  const secs = image.sections.filter((s) => s.flags.alloc).slice().sort((a, b) => a.addr - b.addr);
  // One PT_LOAD per allocated section: simple, and every loader agrees on it.
  const segments = secs.filter((s) => s.size > 0).map((s) => ({ sections: [s] }));
  const phnum = segments.length + (image.attributes ? 1 : 0);
  const ehsize = 52, phentsize = 32, shentsize = 40;
  let off = ehsize + phnum * phentsize;
  // Section contents at offsets congruent to their addresses modulo the page.
  const offsets = new Map<ElfSectionInput, number>();
  for (const seg of segments) {
    const first = seg.sections[0];
    off = alignCongruent(off, first.addr);
    for (const s of seg.sections) {
      const o = off + (s.addr - first.addr);
      offsets.set(s, o);
      if (!s.nobits) off = o + s.size;
    }
  }
  const shstr = new StringTable();
  const str = new StringTable();
  const chunks: { at: number; bytes: Uint8Array }[] = [];
  for (const s of secs) if (!s.nobits) chunks.push({ at: offsets.get(s)!, bytes: s.data.subarray(0, s.size) });

  // Section header table entries: null, the sections, attributes, symtab, strtab, shstrtab.
  type Sh = { name: number; type: number; flags: number; addr: number; offset: number; size: number; link: number; info: number; align: number; entsize: number };
  const shdrs: Sh[] = [{ name: 0, type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, info: 0, align: 0, entsize: 0 }];
  const index = new Map<string, number>();
  for (const s of secs) {
    index.set(s.name, shdrs.length);
    const flags = SHF_ALLOC | (s.flags.write ? SHF_WRITE : 0) | (s.flags.exec ? SHF_EXECINSTR : 0);
    shdrs.push({ name: shstr.add(s.name), type: s.nobits ? SHT_NOBITS : SHT_PROGBITS, flags, addr: s.addr, offset: offsets.get(s)!, size: s.size, link: 0, info: 0, align: s.align, entsize: 0 });
  }
  const place = (bytes: Uint8Array, align: number) => {
    off = Math.ceil(off / align) * align;
    chunks.push({ at: off, bytes });
    const at = off;
    off += bytes.length;
    return at;
  };
  let attrOffset = 0;
  if (image.attributes) {
    attrOffset = place(image.attributes, 1);
    shdrs.push({ name: shstr.add('.riscv.attributes'), type: SHT_RISCV_ATTRIBUTES, flags: 0, addr: 0, offset: attrOffset, size: image.attributes.length, link: 0, info: 0, align: 1, entsize: 0 });
  }
  if (image.debugLine) {
    const at = place(image.debugLine, 1);
    shdrs.push({ name: shstr.add('.debug_line'), type: SHT_PROGBITS, flags: 0, addr: 0, offset: at, size: image.debugLine.length, link: 0, info: 0, align: 1, entsize: 0 });
  }
  // Symbols: the null symbol, locals, then globals (gABI: locals first, sh_info = first global).
  const syms = [...image.symbols].sort((a, b) => Number(a.bind !== 'local') - Number(b.bind !== 'local'));
  const symtab = new Uint8Array(16 * (syms.length + 1));
  const sv = new DataView(symtab.buffer);
  syms.forEach((s, i) => {
    const o = 16 * (i + 1);
    sv.setUint32(o, str.add(s.name), true);
    sv.setUint32(o + 4, s.value >>> 0, true);
    sv.setUint32(o + 8, s.size >>> 0, true);
    symtab[o + 12] = (STB[s.bind] << 4) | STT[s.type];
    symtab[o + 13] = 0;
    sv.setUint16(o + 14, s.section === 'abs' ? 0xfff1 : s.section === 'undef' ? 0 : index.get(s.section) ?? 0xfff1, true);
  });
  const firstGlobal = 1 + syms.filter((s) => s.bind === 'local').length;
  const symtabIndex = shdrs.length;
  const symOff = place(symtab, 4);
  shdrs.push({ name: shstr.add('.symtab'), type: SHT_SYMTAB, flags: 0, addr: 0, offset: symOff, size: symtab.length, link: symtabIndex + 1, info: firstGlobal, align: 4, entsize: 16 });
  const strBytes = str.bytes();
  shdrs.push({ name: shstr.add('.strtab'), type: SHT_STRTAB, flags: 0, addr: 0, offset: place(strBytes, 1), size: strBytes.length, link: 0, info: 0, align: 1, entsize: 0 });
  const shstrIndex = shdrs.length;
  const shstrName = shstr.add('.shstrtab');
  const shstrBytes = shstr.bytes();
  shdrs.push({ name: shstrName, type: SHT_STRTAB, flags: 0, addr: 0, offset: place(shstrBytes, 1), size: shstrBytes.length, link: 0, info: 0, align: 1, entsize: 0 });
  const shoff = Math.ceil(off / 4) * 4;
  const total = shoff + shdrs.length * shentsize;

  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0], 0); // ELFCLASS32, ELFDATA2LSB, EV_CURRENT, ELFOSABI_NONE
  v.setUint16(16, ET_EXEC, true);
  v.setUint16(18, EM_RISCV, true);
  v.setUint32(20, 1, true);
  v.setUint32(24, image.entry >>> 0, true);
  v.setUint32(28, ehsize, true);
  v.setUint32(32, shoff, true);
  v.setUint32(36, 0, true); // e_flags: no RVC, soft-float (ilp32)
  v.setUint16(40, ehsize, true);
  v.setUint16(42, phentsize, true);
  v.setUint16(44, phnum, true);
  v.setUint16(46, shentsize, true);
  v.setUint16(48, shdrs.length, true);
  v.setUint16(50, shstrIndex, true);
  let ph = ehsize;
  const phdr = (type: number, offset: number, vaddr: number, filesz: number, memsz: number, flags: number, align: number) => {
    [type, offset, vaddr, vaddr, filesz, memsz, flags, align].forEach((x, i) => v.setUint32(ph + 4 * i, x >>> 0, true));
    ph += phentsize;
  };
  if (image.attributes) phdr(PT_RISCV_ATTRIBUTES, attrOffset, 0, image.attributes.length, 0, 4, 1);
  for (const seg of segments) {
    const first = seg.sections[0];
    const last = seg.sections[seg.sections.length - 1];
    const fileEnd = Math.max(...seg.sections.filter((s) => !s.nobits).map((s) => s.addr + s.size), first.addr);
    const memsz = last.addr + last.size - first.addr;
    const flags = 4 | (seg.sections.some((s) => s.flags.write) ? 2 : 0) | (seg.sections.some((s) => s.flags.exec) ? 1 : 0);
    phdr(PT_LOAD, offsets.get(first)!, first.addr, fileEnd - first.addr, memsz, flags, PAGE);
  }
  for (const c of chunks) out.set(c.bytes, c.at);
  shdrs.forEach((s, i) => {
    const o = shoff + i * shentsize;
    [s.name, s.type, s.flags, s.addr, s.offset, s.size, s.link, s.info, s.align, s.entsize].forEach((x, j) => v.setUint32(o + 4 * j, x >>> 0, true));
  });
  return out;
}

function alignCongruent(off: number, addr: number): number {
  const want = addr % PAGE;
  const have = off % PAGE;
  return have <= want ? off - have + want : off - have + PAGE + want;
}

/** The raw image from the lowest loaded address to the end of the last PROGBITS section. */
export function writeBinary(sections: readonly ElfSectionInput[]): Uint8Array {
  const loaded = sections.filter((s) => s.flags.alloc && !s.nobits && s.size > 0);
  if (loaded.length === 0) return new Uint8Array(0);
  const lo = Math.min(...loaded.map((s) => s.addr));
  const hi = Math.max(...loaded.map((s) => s.addr + s.size));
  const out = new Uint8Array(hi - lo);
  for (const s of loaded) out.set(s.data.subarray(0, s.size), s.addr - lo);
  return out;
}
