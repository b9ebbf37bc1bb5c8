/**
 * Where each instruction went and which source line it came from, for the
 * line map and DWARF. Kept as columns, not one object per instruction: a big
 * source has one record per line, and objects that live until the program
 * is linked are what the garbage collector copies (twice) on every pass.
 */
import type { Frag, Section } from './sections.js';

/** One instruction's record. */
export interface LineRecord {
  readonly section: Section;
  readonly frag: Frag;
  /** Offset inside `frag`. */
  readonly offset: number;
  readonly file: string;
  readonly line: number;
}

/** The records of one file, in the order the instructions were assembled. */
export class LineRecords {
  private readonly sections: Section[] = [];
  private readonly frags: Frag[] = [];
  private readonly offsets: number[] = [];
  private readonly files: string[] = [];
  private readonly lines: number[] = [];

  get length(): number {
    return this.frags.length;
  }

  push(section: Section, frag: Frag, offset: number, file: string, line: number): void {
    this.sections.push(section);
    this.frags.push(frag);
    this.offsets.push(offset);
    this.files.push(file);
    this.lines.push(line);
  }

  section(i: number): Section {
    return this.sections[i];
  }
  /** The instruction's offset in its section, once the section's fragments are sized. */
  sectionOffset(i: number): number {
    return this.frags[i].offset + this.offsets[i];
  }
  file(i: number): string {
    return this.files[i];
  }
  line(i: number): number {
    return this.lines[i];
  }

  /** Every record as an object (for tests and tools; the assembler reads the columns). */
  toArray(): LineRecord[] {
    return this.frags.map((frag, i) => ({ section: this.sections[i], frag, offset: this.offsets[i], file: this.files[i], line: this.lines[i] }));
  }
}
