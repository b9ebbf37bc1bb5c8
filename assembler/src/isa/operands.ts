/**
 * Operand kinds: where each operand lives in the 32-bit instruction word.
 *
 * The base formats of the RISC-V unprivileged specification (§2.2, §2.3):
 *
 *    31        25 24    20 19    15 14  12 11         7 6      0
 *   |  funct7    |  rs2   |  rs1   |funct3|     rd     | opcode |  R
 *   |     imm[11:0]       |  rs1   |funct3|     rd     | opcode |  I
 *   | imm[11:5]  |  rs2   |  rs1   |funct3|  imm[4:0]  | opcode |  S
 *   |12|imm[10:5]|  rs2   |  rs1   |funct3|imm[4:1]|11 | opcode |  B
 *   |            imm[31:12]               |     rd     | opcode |  U
 *   |20|  imm[10:1]   |11|  imm[19:12]    |     rd     | opcode |  J
 *
 * Each kind is a list of slices `[hi, lo, at]`: instruction bits hi..lo hold
 * value bits at..at+(hi-lo). Encoder and decoder both walk these slices, so
 * an immediate's scrambled layout is written down exactly once.
 */
export type Slice = readonly [hi: number, lo: number, at: number];

/** How an operand is written and checked. */
export type OperandClass =
  | 'reg' // integer register
  | 'simm' // signed immediate
  | 'uimm' // unsigned immediate
  | 'pcrel' // pc-relative target, even, signed
  | 'csr' // CSR name or number
  | 'fence'; // fence set: a subset of "iorw"

export interface OperandKind {
  readonly class: OperandClass;
  readonly slices: readonly Slice[];
  /** Width of the value in bits (the immediate's range). */
  readonly width: number;
  /** Low bits that are always zero and not stored (branch/jump offsets). */
  readonly shift: number;
  /**
   * Added to the field to get the value: 8 for the 3-bit registers of the
   * compressed formats (x8..x15); absent (0) everywhere else.
   */
  readonly bias?: number;
}

const kind = (cls: OperandClass, width: number, slices: Slice[], shift = 0): OperandKind =>
  Object.freeze({ class: cls, width, slices: Object.freeze(slices), shift });

export const OPERANDS = {
  rd: kind('reg', 5, [[11, 7, 0]]),
  rs1: kind('reg', 5, [[19, 15, 0]]),
  rs2: kind('reg', 5, [[24, 20, 0]]),
  /** I-type immediate, -2048..2047. */
  imm12: kind('simm', 12, [[31, 20, 0]]),
  /** S-type immediate (store offset), split around rs2/rs1. */
  simm12: kind('simm', 12, [[31, 25, 5], [11, 7, 0]]),
  /** B-type offset: 13 bits, even, -4096..4094. */
  bimm: kind('pcrel', 13, [[31, 31, 12], [30, 25, 5], [11, 8, 1], [7, 7, 11]], 1),
  /** J-type offset: 21 bits, even, ±1 MiB. */
  jimm: kind('pcrel', 21, [[31, 31, 20], [30, 21, 1], [20, 20, 11], [19, 12, 12]], 1),
  /** U-type immediate: the upper 20 bits, written as 0..0xfffff. */
  uimm20: kind('uimm', 20, [[31, 12, 0]]),
  /** Shift amount of RV32 shifts, 0..31. */
  shamt: kind('uimm', 5, [[24, 20, 0]]),
  /** CSR address, 12 bits. */
  csr: kind('csr', 12, [[31, 20, 0]]),
  /** 5-bit zero-extended immediate of csrr*i, stored in the rs1 field. */
  zimm: kind('uimm', 5, [[19, 15, 0]]),
  /** FENCE predecessor set (bits I O R W). */
  pred: kind('fence', 4, [[27, 24, 0]]),
  /** FENCE successor set. */
  succ: kind('fence', 4, [[23, 20, 0]]),
} as const satisfies Record<string, OperandKind>;

/** The name of an operand kind: `rd`, `imm12`, `bimm`, … */
export type OperandName = keyof typeof OPERANDS;

/** Place `value` into the operand's bit slices (no range check here). */
export function insertField(word: number, op: OperandKind, value: number): number {
  const v = (value - (op.bias ?? 0)) | 0;
  // Indexed, not `for (const [hi, lo, at] of …)`: the assembler calls this per operand, and the
  // destructuring allocated an iterator each time.
  const slices = op.slices;
  for (let k = 0; k < slices.length; k++) {
    const hi = slices[k][0], lo = slices[k][1], at = slices[k][2];
    const n = hi - lo + 1;
    const mask = n === 32 ? 0xffffffff : (1 << n) - 1;
    word = (word & ~(mask << lo)) | (((v >>> at) & mask) << lo);
  }
  return word >>> 0;
}

/** Extract the operand's value from a word; signed kinds are sign-extended. */
export function extractField(word: number, op: OperandKind): number {
  let v = 0;
  for (const [hi, lo, at] of op.slices) {
    const n = hi - lo + 1;
    const mask = n === 32 ? 0xffffffff : (1 << n) - 1;
    v |= ((word >>> lo) & mask) << at;
  }
  if (op.class === 'simm' || op.class === 'pcrel') {
    const sh = 32 - op.width;
    return (v << sh) >> sh;
  }
  return (v >>> 0) + (op.bias ?? 0);
}

/** The inclusive range an immediate operand accepts. */
export function operandRange(op: OperandKind): { min: number; max: number } {
  switch (op.class) {
    case 'simm':
    case 'pcrel':
      return { min: -(2 ** (op.width - 1)), max: 2 ** (op.width - 1) - 1 };
    default:
      return { min: 0, max: 2 ** op.width - 1 };
  }
}
