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
