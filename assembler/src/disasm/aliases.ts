/**
 * THE alias table: the pseudo-instructions objdump 2.40 prints for RV32
 * words (`objdump -d` without `-M no-aliases`), as data.
 *
 * A rule applies to the words of INSTRUCTIONS row `of` whose operands have
 * the values in `when`; the first rule that applies wins, so the order below
 * is objdump's own (binutils 2.40 opcodes/riscv-opc.c scanned in its hash
 * order), found by experiment against objdump. `print` names the operands
 * that remain, in the row's own operand names. Quirks of 2.40 kept on purpose:
 * `addi`/`xori`/`ori`/`andi`/`slli`/`srli`/`srai` print as `add`/`xor`/`or`/
 * `and`/`sll`/`srl`/`sra` with an immediate, `csrrwi` as `csrrw` (and `csrw`,
 * never `csrwi`), and `andi rd,rs1,255` as `zext.b`.
 */
import { csrByName, registerNumber } from '../isa/index.js';
import type { AnyOperandName } from './operand-printers.js';

/** One pseudo-instruction. */
export interface AliasRule {
  /** The mnemonic objdump prints. */
  readonly alias: string;
  /** The INSTRUCTIONS (or COMPRESSED) row whose words it stands for. */
  readonly of: string;
  /** Operand values a word must have, by the row's operand names (`{ rd: 0, imm12: 0 }`). */
  readonly when: Readonly<Partial<Record<AnyOperandName, number>>>;
  /** The operands printed, in the row's operand names (`'rd, rs1'`; '' for none). */
  readonly print: string;
  /**
   * binutils lists it as a real instruction, not an alias, so objdump prints
   * it under `-M no-aliases` too (`unimp`, binutils' illegal instruction).
   */
  readonly raw?: boolean;
}

const ZERO = registerNumber('zero')!;
const RA = registerNumber('ra')!;
const csr = (name: string): number => csrByName(name)!.number;

/** Every alias rule, in priority order. */
export const ALIASES: readonly AliasRule[] = Object.freeze([
  // csrrw zero,cycle,zero: the canonical illegal instruction of binutils.
  { alias: 'unimp', of: 'csrrw', when: { rd: ZERO, csr: csr('cycle'), rs1: ZERO }, print: '', raw: true },

  // Jumps.
  { alias: 'ret', of: 'jalr', when: { rd: ZERO, rs1: RA, imm12: 0 }, print: '' },
  { alias: 'jr', of: 'jalr', when: { rd: ZERO, imm12: 0 }, print: 'rs1' },
  { alias: 'jr', of: 'jalr', when: { rd: ZERO }, print: 'imm12(rs1)' },
  { alias: 'jalr', of: 'jalr', when: { rd: RA, imm12: 0 }, print: 'rs1' },
  { alias: 'jalr', of: 'jalr', when: { rd: RA }, print: 'imm12(rs1)' },
  { alias: 'jalr', of: 'jalr', when: { imm12: 0 }, print: 'rd, rs1' },
  { alias: 'j', of: 'jal', when: { rd: ZERO }, print: 'jimm' },
  { alias: 'jal', of: 'jal', when: { rd: RA }, print: 'jimm' },

  // Immediates and moves.
  { alias: 'nop', of: 'addi', when: { rd: ZERO, rs1: ZERO, imm12: 0 }, print: '' },
  { alias: 'li', of: 'addi', when: { rs1: ZERO }, print: 'rd, imm12' },
  { alias: 'mv', of: 'addi', when: { imm12: 0 }, print: 'rd, rs1' },
  { alias: 'zext.b', of: 'andi', when: { imm12: 0xff }, print: 'rd, rs1' },
  { alias: 'and', of: 'andi', when: {}, print: 'rd, rs1, imm12' },

  // Branches against zero.
  { alias: 'beqz', of: 'beq', when: { rs2: ZERO }, print: 'rs1, bimm' },
  { alias: 'blez', of: 'bge', when: { rs1: ZERO }, print: 'rs2, bimm' },
  { alias: 'bgez', of: 'bge', when: { rs2: ZERO }, print: 'rs1, bimm' },
  { alias: 'bltz', of: 'blt', when: { rs2: ZERO }, print: 'rs1, bimm' },
  { alias: 'bgtz', of: 'blt', when: { rs1: ZERO }, print: 'rs2, bimm' },
  { alias: 'bnez', of: 'bne', when: { rs2: ZERO }, print: 'rs1, bimm' },

  // Arithmetic and logic.
  { alias: 'add', of: 'addi', when: {}, print: 'rd, rs1, imm12' },
  { alias: 'neg', of: 'sub', when: { rs1: ZERO }, print: 'rd, rs2' },
  { alias: 'sll', of: 'slli', when: {}, print: 'rd, rs1, shamt' },
  { alias: 'srl', of: 'srli', when: {}, print: 'rd, rs1, shamt' },
  { alias: 'sra', of: 'srai', when: {}, print: 'rd, rs1, shamt' },
  { alias: 'not', of: 'xori', when: { imm12: -1 }, print: 'rd, rs1' },
  { alias: 'xor', of: 'xori', when: {}, print: 'rd, rs1, imm12' },
  { alias: 'or', of: 'ori', when: {}, print: 'rd, rs1, imm12' },
  { alias: 'seqz', of: 'sltiu', when: { imm12: 1 }, print: 'rd, rs1' },
  { alias: 'snez', of: 'sltu', when: { rs1: ZERO }, print: 'rd, rs2' },
  { alias: 'sltz', of: 'slt', when: { rs2: ZERO }, print: 'rd, rs1' },
  { alias: 'sgtz', of: 'slt', when: { rs1: ZERO }, print: 'rd, rs2' },

  // Fences.
  { alias: 'fence', of: 'fence', when: { pred: 0xf, succ: 0xf }, print: '' },
  { alias: 'sfence.vma', of: 'sfence.vma', when: { rs1: ZERO, rs2: ZERO }, print: '' },
  { alias: 'sfence.vma', of: 'sfence.vma', when: { rs2: ZERO }, print: 'rs1' },

  // Counters (Zicntr) and CSR access.
  { alias: 'rdinstret', of: 'csrrs', when: { csr: csr('instret'), rs1: ZERO }, print: 'rd' },
  { alias: 'rdcycle', of: 'csrrs', when: { csr: csr('cycle'), rs1: ZERO }, print: 'rd' },
  { alias: 'rdtime', of: 'csrrs', when: { csr: csr('time'), rs1: ZERO }, print: 'rd' },
  { alias: 'rdinstreth', of: 'csrrs', when: { csr: csr('instreth'), rs1: ZERO }, print: 'rd' },
  { alias: 'rdcycleh', of: 'csrrs', when: { csr: csr('cycleh'), rs1: ZERO }, print: 'rd' },
  { alias: 'rdtimeh', of: 'csrrs', when: { csr: csr('timeh'), rs1: ZERO }, print: 'rd' },
  { alias: 'csrr', of: 'csrrs', when: { rs1: ZERO }, print: 'rd, csr' },
  { alias: 'csrw', of: 'csrrw', when: { rd: ZERO }, print: 'csr, rs1' },
  { alias: 'csrs', of: 'csrrs', when: { rd: ZERO }, print: 'csr, rs1' },
  { alias: 'csrc', of: 'csrrc', when: { rd: ZERO }, print: 'csr, rs1' },
  { alias: 'csrw', of: 'csrrwi', when: { rd: ZERO }, print: 'csr, zimm' },
  { alias: 'csrs', of: 'csrrsi', when: { rd: ZERO }, print: 'csr, zimm' },
  { alias: 'csrc', of: 'csrrci', when: { rd: ZERO }, print: 'csr, zimm' },
  { alias: 'csrrw', of: 'csrrwi', when: {}, print: 'rd, csr, zimm' },
  { alias: 'csrrs', of: 'csrrsi', when: {}, print: 'rd, csr, zimm' },
  { alias: 'csrrc', of: 'csrrci', when: {}, print: 'rd, csr, zimm' },

  // Encodings outside pvlab's ISA that objdump decodes (see isa/gnu-extras.ts);
  // binutils has two real `sfence.vm` entries, with and without the register.
  { alias: 'sfence.vm', of: 'sfence.vm', when: { rs1: ZERO }, print: '', raw: true },

  // Compressed instructions (C): objdump prints the base instruction they
  // expand to, with 2.40's quirks (`add` for addi, `sll` for slli), except
  // for HINTs writing x0, which keep their c.* name (a rule that restates
  // the row first, so the general one below it does not apply).
  { alias: 'unimp', of: 'c.unimp', when: {}, print: '' },
  { alias: 'add', of: 'c.addi4spn', when: {}, print: 'rdp, sp, nzuimm10' },
  { alias: 'lw', of: 'c.lw', when: {}, print: 'rdp, uimm7(rs1p)' },
  { alias: 'sw', of: 'c.sw', when: {}, print: 'rs2p, uimm7(rs1p)' },
  { alias: 'nop', of: 'c.addi', when: { crd: ZERO, imm6: 0 }, print: '' },
  { alias: 'c.nop', of: 'c.addi', when: { crd: ZERO }, print: 'imm6' },
  { alias: 'add', of: 'c.addi', when: {}, print: 'crd, crd, imm6' },
  { alias: 'jal', of: 'c.jal', when: {}, print: 'cjimm' },
  { alias: 'c.li', of: 'c.li', when: { crd: ZERO }, print: 'crd, imm6' },
  { alias: 'li', of: 'c.li', when: {}, print: 'crd, imm6' },
  { alias: 'add', of: 'c.addi16sp', when: {}, print: 'sp, sp, nzimm10' },
  { alias: 'c.lui', of: 'c.lui', when: { crd: ZERO }, print: 'crd, nzimm18' },
  { alias: 'lui', of: 'c.lui', when: {}, print: 'crd, nzimm18' },
  { alias: 'srl', of: 'c.srli', when: {}, print: 'rs1p, rs1p, cshamt' },
  { alias: 'sra', of: 'c.srai', when: {}, print: 'rs1p, rs1p, cshamt' },
  { alias: 'and', of: 'c.andi', when: {}, print: 'rs1p, rs1p, imm6' },
  { alias: 'sub', of: 'c.sub', when: {}, print: 'rs1p, rs1p, rs2p' },
  { alias: 'xor', of: 'c.xor', when: {}, print: 'rs1p, rs1p, rs2p' },
  { alias: 'or', of: 'c.or', when: {}, print: 'rs1p, rs1p, rs2p' },
  { alias: 'and', of: 'c.and', when: {}, print: 'rs1p, rs1p, rs2p' },
  { alias: 'j', of: 'c.j', when: {}, print: 'cjimm' },
  { alias: 'beqz', of: 'c.beqz', when: {}, print: 'rs1p, cbimm' },
  { alias: 'bnez', of: 'c.bnez', when: {}, print: 'rs1p, cbimm' },
  { alias: 'c.slli', of: 'c.slli', when: { crd: ZERO }, print: 'crd, cshamt' },
  { alias: 'sll', of: 'c.slli', when: {}, print: 'crd, crd, cshamt' },
  { alias: 'lw', of: 'c.lwsp', when: {}, print: 'crd, lwsp8(sp)' },
  { alias: 'ret', of: 'c.jr', when: { crd: RA }, print: '' },
  { alias: 'jr', of: 'c.jr', when: {}, print: 'crd' },
  { alias: 'c.mv', of: 'c.mv', when: { crd: ZERO }, print: 'crd, crs2' },
  { alias: 'mv', of: 'c.mv', when: {}, print: 'crd, crs2' },
  { alias: 'ebreak', of: 'c.ebreak', when: {}, print: '' },
  { alias: 'jalr', of: 'c.jalr', when: {}, print: 'crd' },
  { alias: 'c.add', of: 'c.add', when: { crd: ZERO }, print: 'crd, crs2' },
  { alias: 'add', of: 'c.add', when: {}, print: 'crd, crd, crs2' },
  { alias: 'sw', of: 'c.swsp', when: {}, print: 'crs2, swsp8(sp)' },
] satisfies AliasRule[]);
