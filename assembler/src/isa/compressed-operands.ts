/**
 * Operand kinds of the 16-bit compressed instructions (the C extension,
 * unprivileged specification chapter 16 "RVC"): where each lives in the
 * halfword, in the same `[hi, lo, at]` slices as the 32-bit OPERANDS.
 *
 * The nine formats (§16.2, Table 16.1):
 *
 *    15  14  13 12 11 10  9  8  7  6  5  4  3  2  1  0
 *   |   funct4   |    rd/rs1    |      rs2     |  op |  CR
 *   | funct3 |imm|    rd/rs1    |      imm     |  op |  CI
 *   | funct3 |        imm       |      rs2     |  op |  CSS
 *   | funct3 |          imm          |   rd'  |  op |  CIW
 *   | funct3 |  imm   |  rs1'  | imm |   rd'  |  op |  CL
 *   | funct3 |  imm   |  rs1'  | imm |  rs2'  |  op |  CS
 *   |      funct6     | rd'/rs1'|fn2 |  rs2'  |  op |  CA
 *   | funct3 | offset | rs1'   |  offset      |  op |  CB
 *   | funct3 |          jump target          |  op |  CJ
 *
 * rd', rs1', rs2' are 3-bit fields naming x8..x15 (`bias: 8`). The
 * immediates are scrambled so that each bit sits in as few positions as
 * possible across formats; every layout below is drawn above its kind.
 */
import type { OperandKind, Slice } from './operands.js';

const kind = (cls: OperandKind['class'], width: number, slices: Slice[], shift = 0, bias = 0): OperandKind =>
  Object.freeze({ class: cls, width, slices: Object.freeze(slices), shift, ...(bias ? { bias } : {}) });

export const C_OPERANDS = {
  /** rd/rs1 of CR and CI (any register), bits 11..7. */
  crd: kind('reg', 5, [[11, 7, 0]]),
  /** rs2 of CR and CSS (any register), bits 6..2. */
  crs2: kind('reg', 5, [[6, 2, 0]]),
  /** rd' of CIW and CL, x8..x15, bits 4..2. */
  rdp: kind('reg', 3, [[4, 2, 0]], 0, 8),
  /** rs2' of CS and CA, x8..x15, bits 4..2 (the same field as rd'). */
  rs2p: kind('reg', 3, [[4, 2, 0]], 0, 8),
  /** rs1' (also rd' of CB and CA), x8..x15, bits 9..7. */
  rs1p: kind('reg', 3, [[9, 7, 0]], 0, 8),

  /**
   * CI immediate, signed 6 bits (c.addi, c.li, c.andi, c.nop):
   *   12 | 6..2
   *   [5]| [4:0]
   */
  imm6: kind('simm', 6, [[12, 12, 5], [6, 2, 0]]),
  /**
   * c.lui's nzimm[17:12], kept as its signed 6-bit value (-32..31); GNU
   * writes and prints it as the 20-bit upper immediate (0xfffe0..0xfffff
   * for the negative ones), the value `lui` would take.
   *   12    | 6..2
   *   [17]  | [16:12]
   */
  nzimm18: kind('simm', 6, [[12, 12, 5], [6, 2, 0]]),
  /**
   * Shift amount of c.slli/c.srli/c.srai on RV32, 1..31: shamt[4:0] in
   * bits 6..2. Bit 12 holds shamt[5] on RV64; on RV32 a halfword with it
   * set is reserved (custom space), so the RV32 rows fix it at 0.
   */
  cshamt: kind('uimm', 5, [[6, 2, 0]]),
  /**
   * c.addi4spn's nzuimm, a multiple of 4 up to 1020:
   *   12 11 | 10  9  8  7 | 6 | 5
   *   [5:4] |    [9:6]    |[2]|[3]
   */
  nzuimm10: kind('uimm', 10, [[12, 11, 4], [10, 7, 6], [6, 6, 2], [5, 5, 3]], 2),
  /**
   * c.addi16sp's nzimm, a multiple of 16, -512..496:
   *   12 | 6 | 5 | 4 3 | 2
   *   [9]|[4]|[6]|[8:7]|[5]
   */
  nzimm10: kind('simm', 10, [[12, 12, 9], [6, 6, 4], [5, 5, 6], [4, 3, 7], [2, 2, 5]], 4),
  /**
   * c.lw/c.sw offset, a multiple of 4 up to 124:
   *   12 11 10 | 6 | 5
   *     [5:3]  |[2]|[6]
   */
  uimm7: kind('uimm', 7, [[12, 10, 3], [6, 6, 2], [5, 5, 6]], 2),
  /**
   * c.lwsp offset, a multiple of 4 up to 252:
   *   12 | 6 5 4 | 3 2
   *   [5]| [4:2] |[7:6]
   */
  lwsp8: kind('uimm', 8, [[12, 12, 5], [6, 4, 2], [3, 2, 6]], 2),
  /**
   * c.swsp offset, a multiple of 4 up to 252:
   *   12 11 10 9 | 8 7
   *     [5:2]    |[7:6]
   */
  swsp8: kind('uimm', 8, [[12, 9, 2], [8, 7, 6]], 2),
  /**
   * c.beqz/c.bnez offset, even, -256..254:
   *   12 | 11 10 | 6 5 | 4 3 | 2
   *   [8]| [4:3] |[7:6]|[2:1]|[5]
   */
  cbimm: kind('pcrel', 9, [[12, 12, 8], [11, 10, 3], [6, 5, 6], [4, 3, 1], [2, 2, 5]], 1),
  /**
   * c.j/c.jal offset, even, -2048..2046:
   *   12  | 11 | 10 9 | 8  | 7 | 6 | 5 4 3 | 2
   *   [11]| [4]|[9:8] |[10]|[6]|[7]| [3:1] |[5]
   */
  cjimm: kind('pcrel', 12, [[12, 12, 11], [11, 11, 4], [10, 9, 8], [8, 8, 10], [7, 7, 6], [6, 6, 7], [5, 3, 1], [2, 2, 5]], 1),
} as const satisfies Record<string, OperandKind>;

/** The name of a compressed operand kind: `crd`, `rs1p`, `imm6`, `cjimm`, … */
export type COperandName = keyof typeof C_OPERANDS;
