/**
 * The trapped-instruction decoder. An exit carries the instruction (in
 * mtval for an illegal instruction, fetched from guest memory for a device
 * access); the exit handlers need its table row and operand fields. Words
 * are decoded through the instruction and operand tables of
 * `@pvlab/assembler` — never a second copy of an encoding — and a 16-bit
 * instruction through the same `expandToWord` the hart uses (the C
 * extension's one table), once per distinct instruction: a guest traps the
 * same few instructions over and over.
 *
 * Of the compressed instructions only loads and stores (c.lw, c.sw, c.lwsp,
 * c.swsp) can exit to be emulated, as device accesses; no privileged or CSR
 * instruction has a 16-bit form, and c.ebreak is a breakpoint, reflected.
 */
import { OPERANDS, expandToWord, extractField, isCompressed, matchInstruction } from '@pvlab/assembler';

/** A decoded trapped instruction: its table row's name and every field an emulation may use. */
export interface TrappedInstruction {
  readonly name: string;
  readonly rd: number;
  readonly rs1: number;
  readonly rs2: number;
  readonly csr: number;
  readonly zimm: number;
  /** The I-type (load) and S-type (store) offsets, sign-extended. */
  readonly imm12: number;
  readonly simm12: number;
  /** Its length in bytes: 2 for a compressed instruction (decoded as its expansion), else 4. */
  readonly length: 2 | 4;
}

/** Distinct instructions remembered; past this, they are decoded each time (a guest cannot grow the cache). */
export const DECODE_CACHE_LIMIT = 4096;

const cache = new Map<number, TrappedInstruction | null>();

/**
 * The row and fields of an instruction, or undefined when no row of the
 * table matches it. `bits` holds its parcels, the first in the low half.
 * With `rvc` (the hart that trapped runs the C extension) a first parcel
 * whose low bits are not 11 is a whole 16-bit instruction; without it
 * such a parcel matches nothing, as on the hart.
 */
export function decodeTrapped(bits: number, rvc = false): TrappedInstruction | undefined {
  bits >>>= 0;
  const compressed = rvc && isCompressed(bits & 0xffff);
  const key = compressed ? 2 ** 32 + (bits & 0xffff) : bits;
  let d = cache.get(key);
  if (d === undefined) {
    const word = compressed ? expandToWord(bits & 0xffff) : bits;
    const spec = word === undefined ? undefined : matchInstruction(word);
    const f = (name: keyof typeof OPERANDS) => extractField(word!, OPERANDS[name]);
    d = spec ? { name: spec.name, rd: f('rd'), rs1: f('rs1'), rs2: f('rs2'), csr: f('csr'), zimm: f('zimm'), imm12: f('imm12'), simm12: f('simm12'), length: compressed ? 2 : 4 } : null;
    if (cache.size < DECODE_CACHE_LIMIT) cache.set(key, d);
  }
  return d ?? undefined;
}

/** Instructions in the cache now (tests check the bound). */
export const decodeCacheSize = (): number => cache.size;
