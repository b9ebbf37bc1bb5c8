/**
 * What a kernel image says about itself, read from its symbol table before
 * it is loaded. pvlab's kernel is built on the pv-ops seam, whose site table
 * the kernel's linker script brackets with `__pvops_start` and `__pvops_end`;
 * its paravirtual build is assembled with `--defsym PARAVIRT=1`, which
 * leaves the absolute symbol `PARAVIRT` in the image; and its memory map
 * (`memmap.inc`) defines `RAM_END`, the end of the RAM it uses. An image
 * without the seam is someone else's program, and nothing is assumed of it.
 */
import { isElfError, readElf, type ElfSymbolEntry } from '@pvlab/assembler';

/** Which build of pvlab's kernel an image is: `unknown` when it is not pvlab's kernel. */
export type KernelBuild = 'native' | 'paravirt' | 'unknown';

export interface KernelImageInfo {
  readonly build: KernelBuild;
  /** The end of the RAM the kernel uses (its RAM_END), when it is pvlab's kernel. */
  readonly ramEnd?: number;
}

/** Read `image`'s build and RAM needs; an image that is not an ELF file is `unknown` (loading it reports why). */
export function kernelImageInfo(image: Uint8Array): KernelImageInfo {
  let symbols: readonly ElfSymbolEntry[];
  try {
    symbols = readElf(image).symbols;
  } catch (e) {
    if (isElfError(e)) return { build: 'unknown' };
    throw e;
  }
  const find = (name: string) => symbols.find((y) => y.name === name && y.section !== 'undef');
  if (!find('__pvops_start') || !find('__pvops_end')) return { build: 'unknown' };
  const paravirt = find('PARAVIRT');
  const ramEnd = find('RAM_END');
  return {
    build: paravirt && paravirt.section === 'abs' && paravirt.value !== 0 ? 'paravirt' : 'native',
    ramEnd: ramEnd?.section === 'abs' ? ramEnd.value >>> 0 : undefined,
  };
}
