/**
 * Words outside pvlab's RV32 ISA that binutils 2.40 nevertheless knows for
 * an rv32ima_zicsr_zifencei object. pvlab's hart raises illegal-instruction
 * on every one of them (they are not INSTRUCTIONS rows, so the emulator never
 * sees them); the disassembler names them as objdump does so that its text
 * stays identical, and the assembler accepts those GNU as accepts
 * (`assemble: true`). Each is derived from an INSTRUCTIONS row, never
 * written out as a second copy of an encoding:
 *
 * - RV64 shifts: binutils checks the 6-bit RV64 shamt field, not XLEN, so
 *   `slli`/`srli`/`srai` with bit 25 set print with a shamt of 32..63.
 *
 *      31    26 25 24   20 19 15 14 12 11  7 6     0
 *     | funct6 |sh5| shamt | rs1 |  f3 |  rd | 0010011 |
 *
 * - SYSTEM words of older or optional specifications, same layout as `mret`
 *   with another funct12 (bits 31..20, where a CSR number sits): `uret`
 *   (N extension), `hret` (privileged 1.9.1), `dret` (debug mode).
 * - `sfence.vm rs1` (privileged 1.9.1): funct12 0x104, like `sfence.vma`
 *   with funct7 0001000 and rs2 fixed at 4.
 */
import { OPERANDS, insertField, type OperandKind, type OperandName } from './operands.js';
import { instructionByName, type InstructionSpec } from './instructions.js';
import { C_OPERANDS, type COperandName } from './compressed-operands.js';
import { compressedByName, type CompressedSpec } from './compressed.js';

/** A decodable word pattern outside the ISA, with any operand layouts it changes. */
export interface ExtraRow {
  readonly spec: InstructionSpec;
  readonly kinds: Partial<Record<OperandName, OperandKind>>;
  /**
   * GNU as 2.40 assembles it for RV32 (`uret`, `sfence.vm a0`); the RV64
   * shift forms it only decodes (an RV32 shift amount stops at 31).
   */
  readonly assemble: boolean;
}

const row = (name: string): InstructionSpec => {
  const spec = instructionByName(name);
  if (!spec) throw new Error(`gnu-extras: no '${name}' row in INSTRUCTIONS`);
  return spec;
};

// The shamt field of RV64, bits 25..20.
const SHAMT6: OperandKind = Object.freeze({ ...OPERANDS.shamt, width: 6, slices: Object.freeze([[25, 20, 0] as const]) });
const SHAMT_HIGH_BIT = insertField(0, SHAMT6, 0x20);
// The SYSTEM funct12 field occupies the CSR-number bits.
const FUNCT12 = OPERANDS.csr;
const fieldMask = (kind: OperandKind): number => insertField(0, kind, -1);

function rv64Shift(name: string): ExtraRow {
  const base = row(name);
  const spec = { ...base, mask: (base.mask & ~SHAMT_HIGH_BIT) >>> 0, doc: `${base.doc} (RV64 shamt; illegal on RV32)` };
  return { spec: Object.freeze(spec), kinds: { shamt: SHAMT6 }, assemble: false };
}

function system(name: string, funct12: number, doc: string): ExtraRow {
  const mret = row('mret');
  return { spec: Object.freeze({ ...mret, name, match: insertField(mret.match, FUNCT12, funct12), doc }), kinds: {}, assemble: true };
}

function sfenceVm(): ExtraRow {
  const vma = row('sfence.vma');
  const spec: InstructionSpec = {
    ...vma,
    name: 'sfence.vm',
    syntax: 'rs1',
    operands: Object.freeze(['rs1'] as const),
    match: insertField(vma.match, FUNCT12, 0x104),
    mask: (vma.mask | fieldMask(OPERANDS.rs2)) >>> 0,
    doc: 'supervisor virtual-memory fence (privileged 1.9.1)',
  };
  return { spec: Object.freeze(spec), kinds: {}, assemble: true };
}

/** The extra word patterns, tried when no INSTRUCTIONS row matches. */
export const GNU_EXTRAS: readonly ExtraRow[] = Object.freeze([
  rv64Shift('slli'),
  rv64Shift('srli'),
  rv64Shift('srai'),
  system('uret', 0x002, 'return from user trap (N extension)'),
  system('hret', 0x202, 'return from hypervisor trap (privileged 1.9.1)'),
  system('dret', 0x7b2, 'return from debug mode'),
  sfenceVm(),
]);

/** The extra row matching `word`, or `undefined`. */
export function matchGnuExtra(word: number): ExtraRow | undefined {
  for (const extra of GNU_EXTRAS) if (((word & extra.spec.mask) >>> 0) === extra.spec.match) return extra;
  return undefined;
}

// ---- compressed halfwords -----------------------------------------------------

/**
 * Halfwords RV32 reserves that objdump 2.40 nevertheless decodes (checked
 * against all 65,536 of them): the shifts with shamt[5] set (bit 12; the RV64
 * forms, custom space on RV32) print as c.slli/c.srli/c.srai with a shift of
 * 32 to 63, and c.addi16sp with a zero immediate prints as such. pvlab's
 * hart and `expandCompressed` treat all of them as illegal.
 */
export interface CExtraRow {
  readonly spec: CompressedSpec;
  readonly kinds: Partial<Record<COperandName, OperandKind>>;
}

// cshamt with bit 12 as shamt[5], as RV64 lays it out.
const CSHAMT6: OperandKind = Object.freeze({ ...C_OPERANDS.cshamt, width: 6, slices: Object.freeze([[12, 12, 5] as const, [6, 2, 0] as const]) });

const crow = (name: string): CompressedSpec => {
  const spec = compressedByName(name);
  if (!spec) throw new Error(`gnu-extras: no '${name}' row in COMPRESSED`);
  return spec;
};

function rv64CShift(name: string): CExtraRow {
  const base = crow(name);
  const spec = { ...base, mask: base.mask & ~(1 << 12), doc: `${base.doc} (shamt[5] set: reserved on RV32)` };
  return { spec: Object.freeze(spec), kinds: { cshamt: CSHAMT6 } };
}

function addi16spZero(): CExtraRow {
  const base = crow('c.addi16sp');
  const spec = { ...base, mask: base.mask | insertField(0, C_OPERANDS.nzimm10, -1), reserved: Object.freeze([]), doc: `${base.doc} (zero: reserved)` };
  return { spec: Object.freeze(spec), kinds: {} };
}

/** The extra halfword patterns, tried when no COMPRESSED row matches. */
export const C_GNU_EXTRAS: readonly CExtraRow[] = Object.freeze([
  rv64CShift('c.slli'),
  rv64CShift('c.srli'),
  rv64CShift('c.srai'),
  addi16spZero(),
]);

/** The extra compressed row matching `halfword`, or `undefined`. */
export function matchCGnuExtra(halfword: number): CExtraRow | undefined {
  const h = halfword & 0xffff;
  for (const extra of C_GNU_EXTRAS) if ((h & extra.spec.mask) === extra.spec.match) return extra;
  return undefined;
}
