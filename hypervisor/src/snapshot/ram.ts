/**
 * RAM in a snapshot: only the pages that are not all zeros, which after a
 * fresh board's reset are the pages ever written (RAM starts zeroed; a page
 * written back to zeros reads the same as one never written, so leaving it
 * out changes nothing a guest can see). The rest is restored as zeros.
 *
 *   u32 page size (4096)   u32 pages in RAM   u32 n
 *   n × u32 page index, ascending
 *   n × 4096 bytes
 *
 * The section is deflated by the file (format.ts), so the index list and
 * pages of code and sparse data cost a fraction of their size.
 */
import { snapshotErrors } from './errors.js';
import type { SectionInput, SnapshotDoc } from './format.js';

export const PAGE = 4096;

/** The raw size of a RAM section for `ramSize` bytes of RAM, at most: the reader's limit. */
export const ramSectionLimit = (ramSize: number): number => 12 + (ramSize / PAGE) * (PAGE + 4);

/** The non-zero pages of `ram` (a whole number of pages), as a RAM section. */
export function encodeRam(ram: Uint8Array): Uint8Array {
  const pages = ram.length / PAGE;
  const words = new Int32Array(ram.buffer, ram.byteOffset, ram.length >>> 2);
  const used: number[] = [];
  for (let p = 0; p < pages; p++) {
    const end = (p + 1) * (PAGE >>> 2);
    for (let w = p * (PAGE >>> 2); w < end; w++) {
      if (words[w] !== 0) {
        used.push(p);
        break;
      }
    }
  }
  return encodeRamPages(pages, used.map((p) => [p, ram.subarray(p * PAGE, (p + 1) * PAGE)] as const));
}

/** A RAM section of the given pages (index, 4 KiB), of a RAM of `pages` pages. */
export function encodeRamPages(pages: number, list: readonly (readonly [number, Uint8Array])[]): Uint8Array {
  const out = new Uint8Array(12 + list.length * (4 + PAGE));
  const view = new DataView(out.buffer);
  view.setUint32(0, PAGE, true);
  view.setUint32(4, pages, true);
  view.setUint32(8, list.length, true);
  list.forEach(([p, bytes], i) => {
    view.setUint32(12 + 4 * i, p, true);
    out.set(bytes.subarray(0, PAGE), 12 + 4 * list.length + i * PAGE);
  });
  return out;
}

/** The pages of a RAM section, checked against a RAM of `ramSize` bytes. */
export function decodeRamPages(section: Uint8Array, ramSize: number): [number, Uint8Array][] {
  if (section.length < 12) throw snapshotErrors.corrupt('the RAM section is shorter than its header');
  const view = new DataView(section.buffer, section.byteOffset, section.byteLength);
  const pageSize = view.getUint32(0, true), pages = view.getUint32(4, true), n = view.getUint32(8, true);
  if (pageSize !== PAGE) throw snapshotErrors.corrupt(`the RAM section's page size ${pageSize}`);
  if (pages !== ramSize / PAGE) throw snapshotErrors.corrupt(`the RAM section is of ${pages} pages, the board has ${ramSize / PAGE}`);
  if (n > pages || section.length !== 12 + n * (4 + PAGE)) throw snapshotErrors.corrupt('the RAM section\'s length does not match its page count');
  const out: [number, Uint8Array][] = [];
  let last = -1;
  for (let i = 0; i < n; i++) {
    const p = view.getUint32(12 + 4 * i, true);
    if (p <= last || p >= pages) throw snapshotErrors.corrupt(`the RAM section's page ${p} (pages ascend, below ${pages})`);
    last = p;
    out.push([p, section.subarray(12 + 4 * n + i * PAGE, 12 + 4 * n + (i + 1) * PAGE)]);
  }
  return out;
}

/** The RAM section of a board's RAM — or none, for a caller that moves RAM itself (live migration). */
export function ramSections(ram: Uint8Array, include = true): SectionInput[] {
  return include ? [{ name: 'ram', bytes: encodeRam(ram) }] : [];
}

/**
 * Make a board's RAM the snapshot's: its RAM section, or `given` — the
 * whole RAM, from a caller that moved it itself (a snapshot taken without
 * RAM) — which must be exactly the board's size.
 */
export function restoreBoardRam(ram: Uint8Array, doc: SnapshotDoc, given?: Uint8Array): void {
  if (given) {
    if (given.length !== ram.length) throw snapshotErrors.corrupt(`RAM of ${given.length} bytes given for a board of ${ram.length}`);
    ram.set(given);
    return;
  }
  if (!doc.names.includes('ram')) throw snapshotErrors.corrupt('no ram section: it was taken without RAM, which must be given again (restoreBoot\'s ram option)');
  restoreRam(ram, doc.section('ram', ramSectionLimit(ram.length)));
}

/** Make `ram` what a RAM section says: zeros, and its pages. */
export function restoreRam(ram: Uint8Array, section: Uint8Array): void {
  const pages = decodeRamPages(section, ram.length);
  ram.fill(0);
  for (const [p, bytes] of pages) ram.set(bytes, p * PAGE);
}
