/**
 * Section flags the way BFD sees them. GNU ld's placement rules (orphans,
 * memory-region attributes, output section types) are written in terms of
 * BFD's `SEC_*` bits rather than ELF's SHF_* bits, so layout computes them
 * from an input's ELF-ish description exactly as `_bfd_elf_make_section_from_shdr`
 * does and then follows ld's code.
 */

/** The BFD section flag bits layout uses (values are ours; only their sets matter). */
export const SEC = {
  ALLOC: 1 << 0,
  LOAD: 1 << 1,
  READONLY: 1 << 2,
  CODE: 1 << 3,
  DATA: 1 << 4,
  HAS_CONTENTS: 1 << 5,
  DEBUGGING: 1 << 6,
  KEEP: 1 << 7,
} as const;

/** ELF-level permissions of a section. */
export interface SectionPermissions {
  readonly alloc: boolean;
  readonly write: boolean;
  readonly exec: boolean;
}

/** An input section as layout needs it: size and alignment, no contents. */
export interface InputSection {
  /** The object file (or source) the section came from; matched by file globs. */
  readonly file: string;
  readonly name: string;
  readonly size: number;
  /** Alignment in bytes (a power of two; 0 and 1 both mean none). */
  readonly align: number;
  readonly flags: SectionPermissions;
  /** SHT_NOBITS (.bss-like): occupies no file space. */
  readonly nobits: boolean;
}

/** BFD flags of an input section (elf.c `_bfd_elf_make_section_from_shdr`). */
export function inputFlags(sec: InputSection): number {
  let f = 0;
  if (!sec.nobits) f |= SEC.HAS_CONTENTS;
  if (sec.flags.alloc) {
    f |= SEC.ALLOC;
    if (!sec.nobits) f |= SEC.LOAD;
  } else if (/^\.(debug|line|stab|zdebug)/.test(sec.name)) f |= SEC.DEBUGGING;
  if (!sec.flags.write) f |= SEC.READONLY;
  if (sec.flags.exec) f |= SEC.CODE;
  else if (f & SEC.LOAD) f |= SEC.DATA;
  return f;
}

/** Region attribute letters and the BFD flags they stand for (ld manual, MEMORY). */
const ATTRIBUTE_FLAGS: Readonly<Record<string, number>> = {
  r: SEC.READONLY,
  w: SEC.DATA,
  x: SEC.CODE,
  a: SEC.ALLOC,
  i: SEC.LOAD,
  l: SEC.LOAD,
};

/** `(rwx)` / `(!w)` parsed into ld's flags and not_flags. */
export function regionAttributeFlags(attributes: string | undefined): { flags: number; notFlags: number } {
  let flags = 0;
  let notFlags = 0;
  let invert = false;
  for (const ch of attributes ?? '') {
    if (ch === '!') {
      invert = !invert;
      continue;
    }
    const bit = ATTRIBUTE_FLAGS[ch.toLowerCase()] ?? 0;
    if (invert) notFlags |= bit;
    else flags |= bit;
  }
  return { flags, notFlags };
}

/** Does a region with these attributes accept a section (ld's `lang_memory_default`)? */
export function regionAccepts(region: { flags: number; notFlags: number }, sectionFlags: number): boolean {
  let f = sectionFlags;
  // "Override SEC_DATA to mean a writable section."
  if ((f & (SEC.ALLOC | SEC.READONLY | SEC.CODE)) === SEC.ALLOC) f |= SEC.DATA;
  return (region.flags & f) !== 0 && (region.notFlags & f) === 0;
}

/** Output permissions from accumulated BFD flags. */
export function permissionsOf(flags: number): SectionPermissions {
  return { alloc: (flags & SEC.ALLOC) !== 0, write: (flags & SEC.READONLY) === 0, exec: (flags & SEC.CODE) !== 0 };
}
