/**
 * A debugger's Sv32 page walk (privileged specification §10.3.2, without
 * its permission checks and without writing A or D): where a virtual address
 * is, in a set of page tables, as seen from outside the hart. The hart's own
 * walk (machine/hart/mmu.ts) sets A/D bits and fills the TLB — changes the
 * program could see — so the debugger never uses it.
 *
 *   VA:   31      22 21      12 11        0        PTE: 31     20 19    10 9:8  7 6 5 4 3 2 1 0
 *        | VPN[1]   | VPN[0]   |  offset   |            | PPN[1] | PPN[0] | RSW  D A G U X W R V
 */
import { MEGAPAGE_SIZE, PAGE_SIZE, PTE, PTE_LEAF, PTE_PPN_SHIFT, satpPaging, satpRoot } from '@pvlab/assembler';
import { hex8 as hex } from '../machine/hex.js';

/** One level of a walk: where the PTE was read and what it held. */
export interface WalkLevel {
  readonly level: 1 | 0;
  readonly pteAddress: number;
  readonly pte: number;
}

/** A walk: its levels, then the physical address, or why there is none. */
export interface Walk {
  readonly levels: readonly WalkLevel[];
  readonly pa?: number;
  readonly fault?: string;
}

/** Reads a 32-bit word of the memory the tables live in, or undefined where there is none. */
export type ReadWord = (pa: number) => number | undefined;

/** Walk `va` through the tables of `satp` (translation off: the address itself). */
export function walkSv32(satp: number, va: number, read: ReadWord): Walk {
  va >>>= 0;
  if (!satpPaging(satp)) return { levels: [], pa: va };
  const levels: WalkLevel[] = [];
  let table = satpRoot(satp);
  for (const level of [1, 0] as const) {
    const vpn = level === 1 ? va >>> 22 : (va >>> 12) & 0x3ff;
    const pteAddress = table + vpn * 4;
    const pte = read(pteAddress);
    if (pte === undefined) return { levels, fault: `the level-${level} table at ${hex(table)} is not in memory` };
    levels.push({ level, pteAddress, pte });
    if (!(pte & PTE.V) || (!(pte & PTE.R) && pte & PTE.W)) return { levels, fault: 'not mapped' };
    const ppn = pte >>> PTE_PPN_SHIFT;
    if (pte & PTE_LEAF) {
      if (level === 1 && ppn & 0x3ff) return { levels, fault: 'misaligned megapage' };
      const pa = level === 1 ? (ppn >>> 10) * MEGAPAGE_SIZE + (va & (MEGAPAGE_SIZE - 1)) : ppn * PAGE_SIZE + (va & (PAGE_SIZE - 1));
      // Sv32 physical addresses are 34 bits; the board's bus is 32.
      return pa > 0xffff_ffff ? { levels, fault: `beyond the 32-bit bus (${pa.toString(16)})` } : { levels, pa };
    }
    if (level === 0) return { levels, fault: 'no leaf' };
    table = ppn * PAGE_SIZE;
  }
  return { levels, fault: 'no leaf' };
}

/** A PTE's flag letters, `DAGUXWRV` with `-` for clear bits, as `monitor shadow` prints them. */
export function pteFlags(pte: number): string {
  return (['D', 'A', 'G', 'U', 'X', 'W', 'R', 'V'] as const).map((f) => (pte & PTE[f] ? f : '-')).join('');
}

