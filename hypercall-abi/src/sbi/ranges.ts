/**
 * Extension id spaces. RISC-V SBI specification, §3 "Binary Encoding",
 * table "SBI Extension ID space": standard extensions sit anywhere outside
 * the three reserved spaces below.
 *
 * pvlab's own extensions take the **experimental** space. The vendor space is
 * keyed by `mvendorid` (its low 24 bits must equal the vendor's JEDEC id) and
 * pvlab is not a hardware vendor; the experimental space is the one the
 * specification sets aside for extensions that are not (yet) ratified, which
 * is exactly what a teaching/research interface is. pvlab keeps the first 256
 * ids of it for itself; users' custom extensions may take the rest of the
 * experimental space, or the vendor space (pvlab's virtual hart reports
 * `mvendorid` 0, so 0x0900_0000 is the spec-exact vendor id there).
 */
export interface EidRange {
  readonly name: string;
  readonly first: number;
  readonly last: number;
}

export const EID_RANGES = {
  /** pvlab's own extensions (MMU, multicall, scheduling, benchmark). */
  pvlab: { name: "pvlab's reserved block", first: 0x0800_0000, last: 0x0800_00ff },
  experimental: { name: 'SBI experimental space', first: 0x0800_0000, last: 0x08ff_ffff },
  vendor: { name: 'SBI vendor space', first: 0x0900_0000, last: 0x09ff_ffff },
  firmware: { name: 'SBI firmware space', first: 0x0a00_0000, last: 0x0aff_ffff },
} as const satisfies Record<string, EidRange>;

const within = (eid: number, r: EidRange) => eid >= r.first && eid <= r.last;

/** True when `eid` may be used by a user's custom extension. */
export function isCustomEid(eid: number): boolean {
  if (within(eid, EID_RANGES.pvlab)) return false;
  return within(eid, EID_RANGES.experimental) || within(eid, EID_RANGES.vendor);
}

/** True when `eid` is in pvlab's own block. */
export const isPvlabEid = (eid: number): boolean => within(eid, EID_RANGES.pvlab);

/** `0x0800_0100` style: the spaces are easiest to read with the separator. */
export const hex32 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
