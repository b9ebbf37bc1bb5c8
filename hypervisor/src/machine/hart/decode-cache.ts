/**
 * Pre-decoded instructions, by physical address: a direct-mapped cache of
 * 128 Ki halfword slots (an instruction starts on any halfword once the C
 * extension is on), each with its instruction id (a row of the instruction
 * table) and fields already extracted, so the interpreter never decodes an
 * instruction twice while it stays in the cache. A compressed instruction
 * is cached as the 32-bit instruction it expands to (unpriv §16.1, through
 * the assembler's one table, `expandToWord`), flagged with its length.
 * Stores to any byte of a cached instruction drop it.
 */
import { INSTRUCTIONS, OPERANDS, expandToWord, extractField, matchInstruction } from '@pvlab/assembler';

export const DECODE_BITS = 17;
export const DECODE_MASK = (1 << DECODE_BITS) - 1;
/** Instruction id of a word that no table row matches. */
export const ILLEGAL = 0xff;
/**
 * `fields` holds the instruction's length in bytes (4, or 2 for a
 * compressed one) from this bit up: the interpreter's next pc is
 * `pc + (f >>> LENGTH_SHIFT)`.
 */
export const LENGTH_SHIFT = 24;
/** The length of the instruction whose packed fields are `f`. */
export const lengthOf = (f: number): number => f >>> LENGTH_SHIFT;

/** The slot of the instruction that starts at physical `pa` (even). */
export const slotOf = (pa: number): number => (pa >>> 1) & DECODE_MASK;

/** Instruction id = table row index + 1. */
export const INSTRUCTION_ID: ReadonlyMap<string, number> = new Map(INSTRUCTIONS.map((s, i) => [s.name, i + 1]));
const ID_OF_SPEC = new Map(INSTRUCTIONS.map((s, i) => [s, i + 1]));

export class DecodeCache {
  /** Physical address | 1 of the cached instruction (0: empty). */
  readonly tag = new Int32Array(1 << DECODE_BITS);
  /**
   * op | rd << 8 | rs1 << 14 | rs2 << 19 | length << LENGTH_SHIFT, packed so the
   * interpreter makes one load instead of five. rd has x0 mapped to 32, the
   * write sink.
   */
  readonly fields = new Int32Array(1 << DECODE_BITS);
  /** The immediate: sign-extended offset, lui/auipc value << 12, shift amount, or CSR number. */
  readonly imm = new Int32Array(1 << DECODE_BITS);
  /** The instruction as fetched (for illegal-instruction tval): the word, or the halfword of a compressed one. */
  readonly word = new Int32Array(1 << DECODE_BITS);

  /**
   * Decode the instruction found at physical `pa` into its slot; returns the
   * slot. `bits` holds its parcels, the first in the low half; with `rvc`
   * (misa.C) a first parcel whose low bits are not 11 is a 16-bit
   * instruction and the high half is ignored. Without C such a parcel is an
   * illegal instruction, as the whole word.
   */
  fill(pa: number, bits: number, rvc = false): number {
    const i = slotOf(pa);
    this.tag[i] = pa | 1;
    const compressed = rvc && (bits & 3) !== 3;
    let word = bits;
    let flag = 4 << LENGTH_SHIFT;
    if (compressed) {
      this.word[i] = bits & 0xffff;
      word = expandToWord(bits & 0xffff) ?? 0; // 0 matches no 32-bit row: illegal
      flag = 2 << LENGTH_SHIFT;
    } else this.word[i] = bits;
    const spec = matchInstruction(word >>> 0);
    const regs = ((((word >>> 7) & 31) || 32) << 8) | (((word >>> 15) & 31) << 14) | (((word >>> 20) & 31) << 19);
    if (!spec) {
      this.fields[i] = ILLEGAL | regs | flag;
      this.imm[i] = 0;
      return i;
    }
    this.fields[i] = ID_OF_SPEC.get(spec)! | regs | flag;
    let imm = 0;
    for (const name of spec.operands) {
      switch (name) {
        case 'imm12': case 'simm12': case 'bimm': case 'jimm': case 'shamt': case 'csr':
          imm = extractField(word, OPERANDS[name]);
          break;
        case 'uimm20':
          imm = (extractField(word, OPERANDS[name]) << 12) | 0;
          break;
      }
    }
    this.imm[i] = imm;
    return i;
  }

  /**
   * Drop every cached instruction that may hold a byte of the aligned word
   * at physical `pa`: those starting at its two halfwords, and a 32-bit one
   * starting at the halfword before it.
   */
  invalidate(pa: number): void {
    const w = pa & ~3;
    for (let a = w - 2; a <= w + 2; a += 2) {
      const i = slotOf(a);
      if (this.tag[i] === (a | 1)) this.tag[i] = 0;
    }
  }

  clear(): void {
    this.tag.fill(0);
  }
}
