/**
 * Instruction fetch off the interpreter's fast path. With the C extension an
 * instruction is one or two 16-bit parcels (unpriv §1.5, §16.1) starting on
 * any halfword, so a 32-bit instruction can straddle two aligned words, two
 * PMP regions, or two pages:
 *
 *   va ........ 0x…ffe | 0x…000             32-bit instruction at 0x…ffe
 *               parcel 1 (page P) | parcel 2 (page P + 1)
 *
 * Each parcel is translated and checked on its own, the first one first.
 * A fault on the second reports its own address as tval (priv §3.1.16:
 * "mtval will contain the virtual address of the portion of the instruction
 * that caused the fault, while mepc will point to the beginning of the
 * instruction"). Outside RAM only the reset ROM holds code (`Bus.fetch`).
 */
import { EXC, PAGE_SIZE } from '@pvlab/assembler';
import type { Hart } from './hart.js';
import { FETCH } from './mmu.js';

/** The 16-bit parcel at physical `pa`, or undefined when nothing executable is there. */
function parcel(h: Hart, pa: number): number | undefined {
  const bus = h.bus;
  if (bus.isRam(pa, 2)) return bus.u16[(pa - bus.ramBase) >>> 1];
  const w = bus.fetch(pa & ~3);
  return w === undefined ? undefined : pa & 2 ? w >>> 16 : w & 0xffff;
}

/** Whether the parcel at `pc` starts a 32-bit instruction on this hart (without C, every one does). */
const wide = (h: Hart, first: number): boolean => !h.rvc || (first & 3) === 3;

/**
 * Translate and check a fetch at `pc` (not in the direct mode): the first
 * parcel, and the second where it lies in another aligned word, which can
 * be in another PMP region (the PMP grain is 4 bytes, §3.7.1). A second
 * parcel on the next page is `fetchSlow`'s. Returns the first parcel's
 * physical address, or -1 with the exception set.
 */
export function translateFetch(h: Hart, pc: number): number {
  const pa = h.mmu.translate(pc, 2, FETCH, h.priv);
  if (pa < 0 || (pc & 2) === 0 || (pc & (PAGE_SIZE - 1)) === PAGE_SIZE - 2) return pa;
  const first = parcel(h, pa);
  if (first === undefined || !wide(h, first)) return pa;
  return h.mmu.translate((pc + 2) >>> 0, 2, FETCH, h.priv) < 0 ? -1 : pa;
}

/**
 * Decode the instruction at `pc`, whose first parcel is at physical `pa`,
 * into the decode cache the slow way, and return its slot; -1 with the
 * exception set when a parcel cannot be fetched. The interpreter comes here
 * for code outside RAM, at the last word of RAM, and (under translation) at
 * the last halfword of a page, where the second parcel's translation is not
 * the first's. An instruction whose bytes lie together in RAM is cached like
 * any other (Hart.decode: its lines hold code); one from the reset ROM or
 * from two pages apart only serves this fetch (its tag is cleared), so no
 * other fetch or region ever takes it for what is at `pa`.
 */
export function fetchSlow(h: Hart, pc: number, pa: number): number {
  const first = parcel(h, pa);
  if (first === undefined) return h.fault(EXC.instructionAccess, pc);
  if (!wide(h, first)) return h.bus.isRam(pa, 2) ? h.decode(pa, first) : once(h, pa, first);
  const next = (pc + 2) >>> 0;
  let pa2 = (pa + 2) >>> 0;
  if (h.fetchMode !== 0 && (next & (PAGE_SIZE - 1)) === 0) {
    pa2 = h.mmu.translate(next, 2, FETCH, h.priv);
    if (pa2 < 0) return -1;
  }
  const second = parcel(h, pa2);
  if (second === undefined) return h.fault(EXC.instructionAccess, next);
  const bits = (first | (second << 16)) >>> 0;
  return h.bus.isRam(pa, 4) && pa2 === pa + 2 ? h.decode(pa, bits) : once(h, pa, bits);
}

/** Decode into `pa`'s slot for this fetch alone (the tag stays clear). */
function once(h: Hart, pa: number, bits: number): number {
  const slot = h.decoded.fill(pa, bits, h.rvc);
  h.decoded.tag[slot] = 0;
  return slot;
}
