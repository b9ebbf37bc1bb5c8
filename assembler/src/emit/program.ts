/**
 * The assembled, linked program and its outputs: ELF executable, raw binary,
 * listing, symbol map, and the address → source line map that traces and
 * the debugger use.
 */
import { resolve } from 'node:path';
import type { FileAssembler, ListingEntry, Place } from '../front/file-assembler.js';
import type { LinkResult, LinkedSection, LinkedSymbol } from './link.js';
import { buildLineDebugSections, buildRiscvAttributes, EF_RISCV, writeBinary, writeElf, type ImageSection } from '../elf/index.js';
import { archString, mergeArch, type Arch } from '../isa/arch.js';

/** One row of the line map: the instruction at `addr` came from `file:line`. */
export interface LineMapEntry {
  readonly addr: number;
  readonly file: string;
  readonly line: number;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

export class Program {
  readonly entry: number;
  readonly sections: readonly LinkedSection[];
  readonly symbols: readonly LinkedSymbol[];
  private readonly files: readonly FileAssembler[];
  private lines: readonly LineMapEntry[] | undefined;
  /**
   * The architecture the program records (Tag_RISCV_arch): every extension
   * its files ended with, merged as GNU ld merges them.
   */
  readonly arch: Arch;
  /** Whether C was on anywhere: EF_RISCV_RVC in e_flags, as GNU as sets it. */
  readonly rvc: boolean;

  constructor(linked: LinkResult, files: readonly FileAssembler[]) {
    this.entry = linked.entry;
    this.arch = mergeArch(files.map((fa) => fa.arch));
    this.rvc = files.some((fa) => fa.usedRvc);
    this.sections = linked.sections;
    this.symbols = linked.symbols;
    this.files = files;
  }

  /** The address → source line map, sorted by address (made on first use: a row per instruction). */
  get lineMap(): readonly LineMapEntry[] {
    if (!this.lines) {
      const { addrs, files, lines } = this.lineColumns();
      this.lines = addrs.map((addr, i) => ({ addr, file: files[i], line: lines[i] }));
    }
    return this.lines;
  }

  /**
   * Every instruction of an allocated section as columns (no object per
   * instruction), sorted by address; instructions at one address keep their order.
   */
  private lineColumns(): { addrs: number[]; files: string[]; lines: number[] } {
    const addrs: number[] = [];
    const files: string[] = [];
    const lines: number[] = [];
    let sorted = true;
    for (const fa of this.files) {
      const records = fa.lineRecords;
      for (let i = 0; i < records.length; i++) {
        const section = records.section(i);
        if (!section.flags.alloc) continue;
        const a = (section.addr + records.sectionOffset(i)) >>> 0;
        if (addrs.length && a < addrs[addrs.length - 1]) sorted = false;
        addrs.push(a);
        files.push(records.file(i));
        lines.push(records.line(i));
      }
    }
    if (sorted) return { addrs, files, lines };
    const order = addrs.map((_, i) => i).sort((x, y) => addrs[x] - addrs[y]); // stable
    return { addrs: order.map((i) => addrs[i]), files: order.map((i) => files[i]), lines: order.map((i) => lines[i]) };
  }

  /** Bytes of the loaded image at an address (zeros outside PROGBITS). */
  read(addr: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (const s of this.sections) {
      if (s.nobits) continue;
      const lo = Math.max(addr, s.addr), hi = Math.min(addr + length, s.addr + s.size);
      if (lo < hi) out.set(s.data.subarray(lo - s.addr, hi - s.addr), lo - addr);
    }
    return out;
  }

  private imageSections(): ImageSection[] {
    return this.sections.map((s) => ({ name: s.name, addr: s.addr, size: s.size, align: s.align, flags: s.flags, nobits: s.nobits, data: s.data, region: s.region }));
  }

  /** The ELF32 executable, with DWARF line information so gdb shows source lines. */
  elf(options: { debug?: boolean } = {}): Uint8Array {
    const rows = options.debug === false ? [] : this.lineRows();
    const debug = rows.length === 0 ? {} : buildLineDebugSections(rows, { compDir: process.cwd(), producer: 'pvlab asm' });
    return writeElf({
      entry: this.entry,
      sections: this.imageSections(),
      symbols: this.symbols.map((s) => ({ name: s.name, value: s.value, size: s.size, type: s.type, bind: s.bind, section: s.section })),
      flags: this.rvc ? EF_RISCV.RVC : 0,
      attributes: buildRiscvAttributes({ arch: archString(this.arch) }),
      ...debug,
    });
  }

  /** Line-table rows: absolute file names, each row as long as the code up to the next one. */
  private lineRows(): { addr: number; file: string; line: number; size: number }[] {
    // From the line records' columns, without making the line map (when nobody asked for it).
    const { addrs, files, lines } = this.lineColumns();
    // Runs of rows share a file: resolve a name when it changes, not per row.
    const absolute = new Map<string, string>();
    let last = '';
    let lastAbsolute = '';
    const rows: { addr: number; file: string; line: number; size: number }[] = [];
    for (let i = 0; i < addrs.length; i++) {
      if (files[i] !== last) {
        last = files[i];
        lastAbsolute = absolute.get(last) ?? (absolute.set(last, resolve(last)), absolute.get(last)!);
      }
      const gap = i + 1 < addrs.length ? addrs[i + 1] - addrs[i] : 4;
      rows.push({ addr: addrs[i], file: lastAbsolute, line: lines[i], size: gap > 0 && gap <= 64 ? gap : 4 });
    }
    return rows;
  }

  /** The raw image from the lowest to the highest loaded address, as `objcopy -O binary`. */
  binary(): Uint8Array {
    return writeBinary(this.imageSections());
  }

  /** A listing: address, bytes (up to 8 per row), source location and text. */
  listing(): string {
    if (this.files.some((fa) => fa.options.listing !== true)) throw new Error('Program.listing(): assemble with { listing: true } to keep the listing');
    const addr = (e: ListingEntry, p: Place) => (e.section.addr + p.frag.offset + p.offset) >>> 0;
    const rows = this.files
      .flatMap((fa) => fa.listing.filter((e) => e.section.flags.alloc))
      .map((e) => ({ addr: addr(e, e.start), bytes: this.read(addr(e, e.start), Math.max(0, addr(e, e.end) - addr(e, e.start))), entry: e }))
      .sort((a, b) => a.addr - b.addr);
    const out: string[] = [];
    for (const r of rows) {
      const e = r.entry;
      for (let i = 0; i < Math.max(1, r.bytes.length); i += 8) {
        const chunk = [...r.bytes.subarray(i, i + 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
        const src = i === 0 ? `${e.at.file}:${e.at.line}\t${(e.at.sourceLine ?? '').trim()}` : '';
        out.push(`${hex8(r.addr + i)}  ${chunk.padEnd(16)}  ${src}`.trimEnd());
      }
    }
    return out.join('\n') + '\n';
  }

  /** A symbol map: address, size, type, binding, name, sorted by address. */
  symbolMap(): string {
    return [...this.symbols]
      .sort((a, b) => a.value - b.value || a.name.localeCompare(b.name))
      .map((s) => `${hex8(s.value)} ${String(s.size).padStart(6)} ${s.type.padEnd(6)} ${s.bind.padEnd(6)} ${s.section.padEnd(10)} ${s.name}`)
      .join('\n') + '\n';
  }

  /** The source line of the instruction at `addr`, if any. */
  lineAt(addr: number): LineMapEntry | undefined {
    let lo = 0, hi = this.lineMap.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = this.lineMap[mid];
      if (m.addr === addr) return m;
      if (m.addr < addr) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
