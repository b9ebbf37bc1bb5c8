/**
 * Pre-decoded instructions, by physical address: a direct-mapped cache of
 * 64 Ki words, each with its instruction id (a row of the instruction table)
 * and fields already extracted, so the interpreter never decodes a word
 * twice while it stays in the cache. Stores to a cached word drop it.
 */
import { INSTRUCTIONS, OPERANDS, extractField, matchInstruction } from '@pvlab/assembler';

export const DECODE_BITS = 16;
export const DECODE_MASK = (1 << DECODE_BITS) - 1;
/** Instruction id of a word that no table row matches. */
export const ILLEGAL = 0xff;

/** Instruction id = table row index + 1. */
export const INSTRUCTION_ID: ReadonlyMap<string, number> = new Map(INSTRUCTIONS.map((s, i) => [s.name, i + 1]));
const ID_OF_SPEC = new Map(INSTRUCTIONS.map((s, i) => [s, i + 1]));

export class DecodeCache {
  /** Physical word address | 1 of the cached word (0: empty). */
  readonly tag = new Int32Array(1 << DECODE_BITS);
  /**
   * op | rd << 8 | rs1 << 14 | rs2 << 19, packed so the interpreter makes one
   * load instead of four. rd has x0 mapped to 32, the write sink.
   */
  readonly fields = new Int32Array(1 << DECODE_BITS);
  /** The immediate: sign-extended offset, lui/auipc value << 12, shift amount, or CSR number. */
  readonly imm = new Int32Array(1 << DECODE_BITS);
  /** The raw word (for illegal-instruction tval). */
  readonly word = new Int32Array(1 << DECODE_BITS);

  /** Decode `word` found at physical `pa` into its slot; returns the slot. */
  fill(pa: number, word: number): number {
    const i = (pa >>> 2) & DECODE_MASK;
    this.tag[i] = pa | 1;
    this.word[i] = word;
    const spec = matchInstruction(word >>> 0);
    const regs = ((((word >>> 7) & 31) || 32) << 8) | (((word >>> 15) & 31) << 14) | (((word >>> 20) & 31) << 19);
    if (!spec) {
      this.fields[i] = ILLEGAL | regs;
      this.imm[i] = 0;
      return i;
    }
    this.fields[i] = ID_OF_SPEC.get(spec)! | regs;
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

  /** Drop the cached word at physical `pa` (any byte of it). */
  invalidate(pa: number): void {
    const w = pa & ~3;
    const i = (w >>> 2) & DECODE_MASK;
    if (this.tag[i] === (w | 1)) this.tag[i] = 0;
  }

  clear(): void {
    this.tag.fill(0);
  }
}
