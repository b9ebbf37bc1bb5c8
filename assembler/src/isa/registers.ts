/**
 * The 32 integer registers of RV32I, by number, with their psABI names.
 *
 * The assembler accepts both spellings (`x10` and `a0`, plus `fp` for `s0`);
 * the disassembler prints the ABI name, as objdump does.
 */
export const ABI_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2',
  's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7',
  's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
] as const;

/** An ABI register name, `zero` … `t6`. */
export type AbiName = (typeof ABI_NAMES)[number];

const BY_NAME: ReadonlyMap<string, number> = new Map<string, number>([
  ...ABI_NAMES.map((name, i) => [name, i] as [string, number]),
  ...ABI_NAMES.map((_, i) => [`x${i}`, i] as [string, number]),
  ['fp', 8],
]);

// What every register name looks like (its length, its first character), from the names
// above: most symbols the assembler asks about (`loop`, `L12`, `_start`) are refused by these
// without hashing them for the map.
const NAME_LENGTH = { min: Math.min(...[...BY_NAME.keys()].map((n) => n.length)), max: Math.max(...[...BY_NAME.keys()].map((n) => n.length)) };
const FIRST_CHAR = new Uint8Array(128);
for (const n of BY_NAME.keys()) FIRST_CHAR[n.charCodeAt(0)] = 1;

/**
 * The register number for a name (`a0`, `x10`, `fp`), or `undefined`.
 * Lower case only: GNU as 2.40 does not accept `A0`.
 */
export function registerNumber(name: string): number | undefined {
  if (name.length < NAME_LENGTH.min || name.length > NAME_LENGTH.max || FIRST_CHAR[name.charCodeAt(0)] !== 1) return undefined;
  return BY_NAME.get(name);
}

/** The ABI name of register `n` (0–31). */
export function registerName(n: number): AbiName {
  return ABI_NAMES[n];
}
