/**
 * Misaligned loads and stores that cross a page boundary. The board
 * performs misaligned accesses in hardware (unpriv §2.6); one that crosses
 * into the next 4 KiB page is two accesses, one per page, each translated
 * and checked on its own — the bytes on the second page come from wherever
 * *its* page maps — and nothing moves until both parts are allowed:
 *
 *   va ........ 0x…ffe 0x…fff | 0x…000 0x…001        lw at 0x…ffe
 *               part 1 (page P) | part 2 (page P + 1)
 *
 * A part that is not allowed faults with tval = its own first byte (priv
 * §3.1.16: "the virtual address of the portion of the access that caused
 * the fault"), the first part checked first; QEMU reports the same. Such an
 * access is performed on RAM only: one that would touch a device on either
 * side raises an access fault instead, as unpriv §2.6 lets an execution
 * environment do for misaligned accesses to I/O.
 */
import { EXC, PAGE_SIZE } from '@pvlab/assembler';
import type { Hart } from './hart.js';

const PAGE_MASK = PAGE_SIZE - 1;

/** Whether an access of `len` bytes at `va` crosses into the next page. */
export const crossesPage = (va: number, len: number): boolean => (va & PAGE_MASK) + len > PAGE_SIZE;

/** Both parts translated and checked: their physical addresses and the first part's length, or undefined with the exception set. */
function parts(h: Hart, va: number, len: number, store: boolean): [pa0: number, pa1: number, first: number] | undefined {
  const first = PAGE_SIZE - (va & PAGE_MASK);
  const second = (va + first) >>> 0;
  const pa0 = h.translateData(va, first, store);
  if (pa0 < 0) return undefined;
  const pa1 = h.translateData(second, len - first, store);
  if (pa1 < 0) return undefined;
  const kind = store ? EXC.storeAccess : EXC.loadAccess;
  if (!h.bus.isRam(pa0, first)) return h.fault(kind, va), undefined;
  if (!h.bus.isRam(pa1, len - first)) return h.fault(kind, second), undefined;
  return [pa0, pa1, first];
}

/** The `len` bytes at `va` (little-endian, unsigned), or undefined with the exception set. */
export function loadAcross(h: Hart, va: number, len: number): number | undefined {
  const p = parts(h, va, len, false);
  if (!p) return undefined;
  const [pa0, pa1, first] = p;
  let v = 0;
  for (let i = len - 1; i >= 0; i--) v = (v << 8) | h.bus.read(i < first ? pa0 + i : pa1 + i - first, 1)!;
  return v >>> 0;
}

/** Store the low `len` bytes of `value` at `va`, or nothing (the exception set). Every byte goes through the bus, as other slow-path stores do. */
export function storeAcross(h: Hart, va: number, len: number, value: number): void {
  const p = parts(h, va, len, true);
  if (!p) return;
  const [pa0, pa1, first] = p;
  for (let i = 0; i < len; i++) {
    const pa = i < first ? pa0 + i : pa1 + i - first;
    h.bus.write(pa, 1, (value >>> (8 * i)) & 0xff); // drops code there and clears a reservation of the word (bus.ts)
  }
}
