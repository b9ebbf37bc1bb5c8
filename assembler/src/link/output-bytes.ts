/**
 * The bytes of a laid-out output section: input contents at their placed
 * addresses, BYTE/SHORT/LONG/QUAD values (little-endian), FILL patterns in
 * the padding, zeros elsewhere — what GNU ld writes into the section.
 */
import type { OutputSection } from './layout-sections.js';

/**
 * Assemble the contents of `out`. `placements` is `LayoutResult.placements`;
 * `contents(i)` returns input section i's bytes (undefined or short: zeros).
 * A .bss-like section has no contents: the result is empty.
 */
export function outputSectionBytes(
  out: OutputSection,
  placements: readonly number[],
  contents: (input: number) => Uint8Array | undefined,
): Uint8Array {
  if (out.nobits) return new Uint8Array(0);
  const bytes = new Uint8Array(out.size);
  for (const f of out.fills) {
    for (let k = 0; k < f.size; k++) bytes[f.offset + k] = f.pattern[k % f.pattern.length];
  }
  for (const i of out.inputs) {
    const data = contents(i);
    if (data) bytes.set(data.subarray(0, Math.max(0, out.size - (placements[i] - out.addr))), placements[i] - out.addr);
  }
  for (const d of out.data) {
    for (let k = 0; k < d.size; k++) bytes[d.offset + k] = Number((d.value >> BigInt(8 * k)) & 0xffn);
  }
  return bytes;
}
