/**
 * Where the first pass writes: sections, their subsections, and the
 * fragments in them. Fixed bytes go into the open data fragment; a
 * fragment of variable size (a relaxable branch, an alignment, a `.space`
 * of a label difference) closes it, and later bytes open a new one.
 * Each fragment records its provisional home (offset and how many
 * variable fragments come before it), which is what a label's value is
 * relative to until relaxation places the fragments.
 */
import { newDataFrag, newSection, reserve, type DataFrag, type Frag, type Section } from './sections.js';
import type { Sym } from './symbols.js';
import type { Num } from './values.js';

/** A place in the output: a fragment and an offset inside it. */
export interface Place {
  readonly frag: Frag;
  readonly offset: number;
}

/** The sections of one file and the fragment being written. */
export class FragmentWriter {
  readonly sections = new Map<string, Section>();
  section!: Section;
  subsection = 0;
  /** `.pushsection` stack and the section before the last switch (`.previous`). */
  readonly sectionStack: [Section, number][] = [];
  previous: [Section, number] | undefined;
  private current: DataFrag | undefined;

  /**
   * @param path the source file, named in its sections
   * @param codeAlign the alignment a new code section starts with (2 with C, as GNU as; else 4)
   */
  constructor(
    readonly path: string,
    private readonly codeAlign: number,
  ) {}

  /** The section of that name, made (empty) on first use. */
  getSection(name: string): Section {
    let s = this.sections.get(name);
    if (!s) {
      s = newSection(name, this.path, this.codeAlign);
      this.sections.set(name, s);
    }
    return s;
  }

  /** Make a section and subsection current (`.section`, `.text`, …). */
  switchSection(name: string, subsection: number): Section {
    if (this.section) this.previous = [this.section, this.subsection];
    this.section = this.getSection(name);
    this.subsection = subsection;
    this.current = undefined;
    return this.section;
  }

  private fragList(): Frag[] {
    let list = this.section.subsections.get(this.subsection);
    if (!list) {
      list = [];
      this.section.subsections.set(this.subsection, list);
    }
    return list;
  }

  private push(frag: Frag): void {
    const end = this.provisionalEnd();
    frag.home = { sub: this.subsection, offset: end.offset, variable: end.variable };
    this.fragList().push(frag);
  }

  /** Where the next byte goes before relaxation: an offset and the variable fragments before it. */
  provisionalEnd(): { offset: number; variable: number } {
    const list = this.fragList();
    const last = list[list.length - 1];
    if (!last) return { offset: 0, variable: 0 };
    const p = last.home!;
    return { offset: p.offset + last.size, variable: p.variable + (last.k === 'data' ? 0 : 1) };
  }

  /** The current data fragment, opened if needed. */
  data(): DataFrag {
    if (!this.current) {
      this.current = newDataFrag();
      this.push(this.current);
    }
    return this.current;
  }

  /** Append a fragment of variable size; data goes into a new fragment after it. */
  addFrag(frag: Frag): void {
    this.push(frag);
    this.current = undefined;
  }

  /** Where the next byte goes: a fragment and an offset in it. */
  here(): Place {
    const d = this.data();
    return { frag: d, offset: d.size };
  }

  /** Append bytes to the open data fragment. */
  emitBytes(bytes: ArrayLike<number>): void {
    const d = this.data();
    reserve(d, bytes.length);
    d.bytes.set(bytes, d.size);
    d.size += bytes.length;
  }

  /** Emit `size` little-endian bytes of a number (two's complement). */
  emitNumber(value: Num, size: number): void {
    const d = this.data();
    reserve(d, size);
    if (typeof value === 'number' && size <= 4 && value >= -0x80000000 && value <= 0xffffffff) {
      const x = value >>> 0;
      for (let i = 0; i < size; i++) d.bytes[d.size + i] = (x >>> (8 * i)) & 0xff;
    } else {
      let v = BigInt.asUintN(64, BigInt(value));
      for (let i = 0; i < size; i++, v >>= 8n) d.bytes[d.size + i] = Number(v & 0xffn);
    }
    d.size += size;
  }

  /** Make a symbol a label at the next byte's place. */
  placeLabel(s: Sym): void {
    const h = this.here();
    s.kind = 'label';
    s.section = this.section;
    s.frag = h.frag;
    s.fragOffset = h.offset;
    s.expr = undefined;
    s.constant = undefined;
  }
}
