/**
 * `writeBinary`: the raw memory image `objcopy -O binary` makes — the bytes
 * of every allocated section with contents, from the lowest such address to
 * the end of the highest, gaps zero-filled. .bss-like sections are not
 * included, even between others (their bytes are zero anyway).
 */
import type { ImageSection } from './image.js';

/** The address range a raw binary covers, or undefined if nothing is loadable. */
export function binaryRange(sections: readonly ImageSection[]): { start: number; end: number } | undefined {
  const loadable = sections.filter(isLoadable);
  if (loadable.length === 0) return undefined;
  return {
    start: Math.min(...loadable.map((s) => s.addr)),
    end: Math.max(...loadable.map((s) => s.addr + s.size)),
  };
}

/** The raw image; its first byte is at `binaryRange(sections).start`. */
export function writeBinary(sections: readonly ImageSection[]): Uint8Array {
  const range = binaryRange(sections);
  if (!range) return new Uint8Array(0);
  const out = new Uint8Array(range.end - range.start);
  for (const s of sections.filter(isLoadable)) out.set(s.data.subarray(0, s.size), s.addr - range.start);
  return out;
}

// objcopy -O binary takes SEC_ALLOC|SEC_HAS_CONTENTS sections of non-zero size.
function isLoadable(s: ImageSection): boolean {
  return s.flags.alloc && !s.nobits && s.size > 0;
}
