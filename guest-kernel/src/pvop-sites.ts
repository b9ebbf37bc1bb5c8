/**
 * The pv-ops seam's site table, read back from an assembled kernel: every
 * expansion of a pvops.inc macro records `.word start, end` in the section
 * `.pvops` (between the symbols `__pvops_start` and `__pvops_end`). Tests use
 * it to prove that privileged instructions and device accesses happen only
 * inside the seam; the hypervisor can use it to name the operation at a pc.
 */
import type { Program } from '@pvlab/assembler';

/** One expansion of a seam macro: the code in [start, end). */
export interface PvopSite {
  readonly start: number;
  readonly end: number;
}

/** The sites of a linked kernel, sorted by address. */
export function readPvopSites(program: Program): PvopSite[] {
  const sym = (name: string) => {
    const s = program.symbols.find((y) => y.name === name);
    if (!s) throw new Error(`the kernel has no symbol ${name} (link.ld must define it)`);
    return s.value >>> 0;
  };
  const start = sym('__pvops_start');
  const end = sym('__pvops_end');
  const bytes = program.read(start, end - start);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sites: PvopSite[] = [];
  for (let o = 0; o + 8 <= bytes.length; o += 8) sites.push({ start: view.getUint32(o, true), end: view.getUint32(o + 4, true) });
  return sites.sort((a, b) => a.start - b.start);
}

/** The kernel's code sections (link.ld): the core's `.text`, then the I/O code's `.io`. */
export const KERNEL_CODE_SECTIONS = ['.text', '.io'] as const;

/** A code section of a linked kernel: [start, end). */
export interface CodeRange {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** Where a linked kernel's code is: each of {@link KERNEL_CODE_SECTIONS} it has, in address order. */
export function kernelCode(program: Program): CodeRange[] {
  return program.sections
    .filter((s) => (KERNEL_CODE_SECTIONS as readonly string[]).includes(s.name) && s.size > 0)
    .map((s) => ({ name: s.name, start: s.addr >>> 0, end: (s.addr + s.size) >>> 0 }))
    .sort((a, b) => a.start - b.start);
}
