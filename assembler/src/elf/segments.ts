/**
 * PT_LOAD segments as GNU ld (BFD `_bfd_elf_map_sections_to_segments` and
 * `assign_file_positions_for_load_sections`) makes them for a demand-paged
 * executable. Allocated sections, in address order, share a segment unless
 *
 *   - a whole page would be skipped between them,
 *   - a section with contents follows a .bss-like one, or
 *   - a writable section follows read-only ones,
 *
 * except that two sections touching the same page always share one — and
 * then ld's linker-script hook (`ldlang_override_segment_assignment`) still
 * splits sections placed in different MEMORY regions. A segment's file
 * offset is congruent to its address modulo the page size, so the loader can
 * map it; sections are at `offset + (addr - vaddr)` inside it. A segment with
 * no file contents gets `p_offset = vaddr % page` and takes no file space.
 */
import { ELF, PF } from './constants.js';

/** The part of a section segment planning looks at. */
export interface SegmentInput {
  readonly addr: number;
  readonly size: number;
  readonly flags: { readonly alloc: boolean; readonly write: boolean; readonly exec: boolean };
  readonly nobits: boolean;
  /** MEMORY region name; ld never puts sections of different regions in one segment. */
  readonly region?: string;
}

/** A planned PT_LOAD segment. */
export interface PlannedSegment {
  readonly offset: number;
  readonly vaddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly flags: number;
  /** Indices (into the input list) of its sections, in address order. */
  readonly sections: readonly number[];
}

/** Segments, every allocated section's file offset, and where file data ends. */
export interface SegmentPlan {
  readonly segments: readonly PlannedSegment[];
  /** File offset per input section (allocated ones only; others undefined). */
  readonly offsets: readonly (number | undefined)[];
  readonly end: number;
}

const alignUp = (v: number, a: number) => Math.ceil(v / a) * a;
const pageOf = (v: number, page: number) => Math.floor(v / page) * page;

/** Group sections into segments. */
export function groupSegments(sections: readonly SegmentInput[], page: number = ELF.PAGE_SIZE): number[][] {
  // elf_sort_sections: by address, zero-sized first at equal addresses
  const order = sections
    .map((s, i) => i)
    .filter((i) => sections[i].flags.alloc)
    .sort((a, b) => sections[a].addr - sections[b].addr || sections[a].size - sections[b].size || a - b);
  const groups: number[][] = [];
  let writable = false;
  for (const i of order) {
    const s = sections[i];
    const group = groups[groups.length - 1];
    const last = group ? sections[group[group.length - 1]] : undefined;
    let fresh = last === undefined;
    if (last) {
      const lastEnd = last.addr + last.size;
      if (pageOf(lastEnd - 1, page) === pageOf(s.addr, page)) fresh = false;
      else if (alignUp(lastEnd, page) + page <= s.addr) fresh = true;
      else if (last.nobits && !s.nobits) fresh = true;
      else if (!writable && s.flags.write) fresh = true;
      if (!fresh && (s.region ?? '') !== (last.region ?? '')) fresh = true;
    }
    if (fresh) {
      groups.push([i]);
      writable = false;
    } else group!.push(i);
    if (s.flags.write) writable = true;
  }
  return groups;
}

/** Plan segments and file offsets, with section data starting no earlier than `firstOffset`. */
export function planSegments(sections: readonly SegmentInput[], firstOffset: number, page: number = ELF.PAGE_SIZE): SegmentPlan {
  const offsets: (number | undefined)[] = sections.map(() => undefined);
  const segments: PlannedSegment[] = [];
  let off = firstOffset;
  for (const group of groupSegments(sections, page)) {
    const vaddr = sections[group[0]].addr;
    const start = off + ((((vaddr - off) % page) + page) % page);
    let fileEnd = start;
    let memEnd = vaddr;
    let flags = PF.R;
    for (const i of group) {
      const s = sections[i];
      if (s.flags.write) flags |= PF.W;
      if (s.flags.exec) flags |= PF.X;
      memEnd = Math.max(memEnd, s.addr + s.size);
      if (s.nobits) offsets[i] = fileEnd;
      else {
        offsets[i] = start + (s.addr - vaddr);
        fileEnd = Math.max(fileEnd, offsets[i]! + s.size);
      }
    }
    // BFD: a segment without file contents keeps the congruence rule in
    // p_offset alone and takes no file space
    const empty = fileEnd === start;
    segments.push({ offset: empty ? vaddr % page : start, vaddr, filesz: fileEnd - start, memsz: memEnd - vaddr, flags, sections: group });
    if (!empty) off = fileEnd;
  }
  return { segments, offsets, end: off };
}
