/**
 * THE compressed-instruction table: every 16-bit instruction of the C
 * extension that RV32 has without F or D (unprivileged specification,
 * chapter 16 "RVC", Tables 16.5–16.7), once.
 *
 * Each row gives the mnemonic, its format, the operand syntax GNU as uses
 * for it, the fixed bits of its halfword and the 32-bit instruction it
 * stands for (its *expansion*, §16.1: "each RVC instruction expands into a
 * single 32-bit instruction"), written as a line of that instruction with
 * the row's own operands: `c.addi crd, imm6` ≡ `addi crd, crd, imm6`. The
 * decoder (`expandCompressed`, which the emulator uses), its inverse
 * (`compress`), the assembler's automatic compression, the disassembler and
 * the docs are all derived from it.
 *
 * 16-bit rows are kept apart from INSTRUCTIONS (32-bit words only) so that
 * code iterating over INSTRUCTIONS, the emulator's decoder among it, sees
 * no halfwords; each row refers to its base INSTRUCTIONS row instead.
 *
 * Encodings the specification leaves *reserved* (c.addi4spn with a zero
 * immediate, c.lwsp to x0, c.jr x0, …) and the halfwords of the RV32 shift
 * rows with shamt[5] set (custom space on RV32) match no row: they are
 * illegal instructions. HINTs (c.li x0, c.addi rd, 0, c.slli64, …) are
 * ordinary rows whose expansion writes x0 or changes nothing.
 */
import { C_OPERANDS, type COperandName } from './compressed-operands.js';
import { instructionByName, type InstructionSpec } from './instructions.js';
import { extractField, insertField, OPERANDS } from './operands.js';
import { registerNumber } from './registers.js';

/** The nine compressed formats (§16.2, Table 16.1; drawn in compressed-operands.ts). */
export type CFormat = 'CR' | 'CI' | 'CSS' | 'CIW' | 'CL' | 'CS' | 'CA' | 'CB' | 'CJ';

/**
 * Fixed bit fields of a halfword. Positions:
 *   op 1..0 · f3 15..13 · f4 15..12 · f6 15..10 · f2 6..5 (CA) ·
 *   b12 12 · f2hi 11..10 (the misc-ALU selector) · rd 11..7 · rs2 6..2
 */
const FIELD_BITS = {
  op: [1, 0], f3: [15, 13], f4: [15, 12], f6: [15, 10], f2: [6, 5], b12: [12, 12], f2hi: [11, 10], rd: [11, 7], rs2: [6, 2],
} as const;
type FixedFields = Partial<Record<keyof typeof FIELD_BITS, number>>;

/** Operand values that make an encoding special: an operand equal to a number, or any non-zero value. */
export type CCondition = Readonly<Partial<Record<COperandName, number | 'nonzero'>>>;

/** The base instruction a row stands for: its INSTRUCTIONS row and, per base operand, a row operand or a constant. */
export interface CExpansion {
  readonly base: InstructionSpec;
  /** In the base row's operand order: the compressed operand it comes from, or a fixed value (a register number, an immediate). */
  readonly args: readonly (COperandName | number)[];
}

/** One row of the table. */
export interface CompressedSpec {
  /** Mnemonic as GNU as and objdump spell it (`c.addi4spn`). */
  readonly name: string;
  readonly format: CFormat;
  /** Operand syntax in C_OPERANDS names, `sp` for the fixed stack pointer: `rdp, sp, nzuimm10`. */
  readonly syntax: string;
  /** Fixed bits of the halfword and which ones they are. */
  readonly match: number;
  readonly mask: number;
  /** The operand kinds in syntax order. */
  readonly operands: readonly COperandName[];
  /** What it expands to; `undefined` for c.unimp, the defined illegal instruction 0x0000. */
  readonly expansion: CExpansion | undefined;
  /** Values that are reserved encodings (illegal), e.g. `{ nzuimm10: 0 }`; any one condition suffices. */
  readonly reserved: readonly CCondition[];
  /** Values that make it a HINT (legal, no architectural effect beyond the expansion's). */
  readonly hint: readonly CCondition[];
  readonly doc: string;
  /** Always 2: a halfword. */
  readonly length: 2;
}

const SP = registerNumber('sp')!;

/** Parse `addi crd, crd, imm6` into an expansion; constants are register names or numbers. */
export function expansion(line: string): CExpansion {
  const [name, rest = ''] = line.split(/\s+(.*)/);
  const base = instructionByName(name);
  if (!base) throw new Error(`compressed table: no instruction '${name}'`);
  const words = rest.match(/[a-z0-9]+/g) ?? [];
  if (words.length !== base.operands.length) throw new Error(`compressed table: '${line}' does not fit '${base.name} ${base.syntax}'`);
  const args = words.map((w) => {
    if (w in C_OPERANDS) return w as COperandName;
    const r = registerNumber(w);
    if (r !== undefined) return r;
    if (/^\d+$/.test(w)) return Number(w);
    throw new Error(`compressed table: '${line}': unknown operand '${w}'`);
  });
  return Object.freeze({ base, args: Object.freeze(args) });
}

interface RowOptions {
  readonly reserved?: readonly CCondition[];
  readonly hint?: readonly CCondition[];
}

function crow(name: string, format: CFormat, syntax: string, fixed: FixedFields, expands: string | undefined, doc: string, opts: RowOptions = {}): CompressedSpec {
  let match = 0;
  let mask = 0;
  for (const [field, value] of Object.entries(fixed) as [keyof typeof FIELD_BITS, number][]) {
    const [hi, lo] = FIELD_BITS[field];
    const bits = ((1 << (hi - lo + 1)) - 1) << lo;
    if ((mask & bits) !== 0 && (match & bits) !== ((value << lo) & bits)) throw new Error(`compressed table: ${name}: conflicting fixed bits`);
    mask |= bits;
    match |= (value << lo) & bits;
  }
  const operands = (syntax.match(/[a-z][a-z0-9]*/g) ?? []).filter((w) => w !== 'sp') as COperandName[];
  for (const o of operands) if (!(o in C_OPERANDS)) throw new Error(`compressed table: ${name}: unknown operand kind '${o}'`);
  return Object.freeze({
    name, format, syntax, match, mask, operands: Object.freeze(operands),
    expansion: expands === undefined ? undefined : expansion(expands),
    reserved: Object.freeze(opts.reserved ?? []), hint: Object.freeze(opts.hint ?? []), doc, length: 2 as const,
  });
}

// Quadrants (bits 1..0; 11 is a 32-bit instruction) and the misc-ALU selector.
const Q0 = 0, Q1 = 1, Q2 = 2;

/** Every compressed instruction, in decoder priority order (the first match wins). */
export const COMPRESSED: readonly CompressedSpec[] = Object.freeze([
  // Quadrant 0.
  crow('c.unimp', 'CIW', '', { op: Q0, f3: 0, rd: 0, rs2: 0, b12: 0, f2hi: 0 }, undefined, 'the defined illegal instruction (all zeros)'),
  crow('c.addi4spn', 'CIW', 'rdp, sp, nzuimm10', { op: Q0, f3: 0 }, 'addi rdp, sp, nzuimm10', 'add a scaled immediate to sp', { reserved: [{ nzuimm10: 0 }] }),
  crow('c.lw', 'CL', 'rdp, uimm7(rs1p)', { op: Q0, f3: 2 }, 'lw rdp, uimm7(rs1p)', 'load word'),
  crow('c.sw', 'CS', 'rs2p, uimm7(rs1p)', { op: Q0, f3: 6 }, 'sw rs2p, uimm7(rs1p)', 'store word'),
  // Quadrant 1.
  crow('c.addi', 'CI', 'crd, imm6', { op: Q1, f3: 0 }, 'addi crd, crd, imm6', 'add immediate (rd x0: c.nop)', { hint: [{ crd: 0, imm6: 'nonzero' }, { crd: 'nonzero', imm6: 0 }] }),
  crow('c.jal', 'CJ', 'cjimm', { op: Q1, f3: 1 }, 'jal ra, cjimm', 'jump and link, ±2 KiB (RV32 only)'),
  crow('c.li', 'CI', 'crd, imm6', { op: Q1, f3: 2 }, 'addi crd, zero, imm6', 'load a 6-bit immediate', { hint: [{ crd: 0 }] }),
  crow('c.addi16sp', 'CI', 'sp, nzimm10', { op: Q1, f3: 3, rd: SP }, 'addi sp, sp, nzimm10', 'adjust the stack pointer by a multiple of 16', { reserved: [{ nzimm10: 0 }] }),
  crow('c.lui', 'CI', 'crd, nzimm18', { op: Q1, f3: 3 }, 'lui crd, nzimm18', 'load upper immediate (6 bits, sign-extended)', { reserved: [{ nzimm18: 0 }], hint: [{ crd: 0 }] }),
  crow('c.srli64', 'CB', 'rs1p', { op: Q1, f3: 4, f2hi: 0, b12: 0, rs2: 0 }, 'srli rs1p, rs1p, 0', 'shift right logical by zero (a HINT; the RV128 form)', { hint: [{}] }),
  crow('c.srli', 'CB', 'rs1p, cshamt', { op: Q1, f3: 4, f2hi: 0, b12: 0 }, 'srli rs1p, rs1p, cshamt', 'shift right logical immediate'),
  crow('c.srai64', 'CB', 'rs1p', { op: Q1, f3: 4, f2hi: 1, b12: 0, rs2: 0 }, 'srai rs1p, rs1p, 0', 'shift right arithmetic by zero (a HINT; the RV128 form)', { hint: [{}] }),
  crow('c.srai', 'CB', 'rs1p, cshamt', { op: Q1, f3: 4, f2hi: 1, b12: 0 }, 'srai rs1p, rs1p, cshamt', 'shift right arithmetic immediate'),
  crow('c.andi', 'CB', 'rs1p, imm6', { op: Q1, f3: 4, f2hi: 2 }, 'andi rs1p, rs1p, imm6', 'and immediate'),
  crow('c.sub', 'CA', 'rs1p, rs2p', { op: Q1, f6: 0b100011, f2: 0 }, 'sub rs1p, rs1p, rs2p', 'subtract'),
  crow('c.xor', 'CA', 'rs1p, rs2p', { op: Q1, f6: 0b100011, f2: 1 }, 'xor rs1p, rs1p, rs2p', 'exclusive or'),
  crow('c.or', 'CA', 'rs1p, rs2p', { op: Q1, f6: 0b100011, f2: 2 }, 'or rs1p, rs1p, rs2p', 'or'),
  crow('c.and', 'CA', 'rs1p, rs2p', { op: Q1, f6: 0b100011, f2: 3 }, 'and rs1p, rs1p, rs2p', 'and'),
  crow('c.j', 'CJ', 'cjimm', { op: Q1, f3: 5 }, 'jal zero, cjimm', 'jump, ±2 KiB'),
  crow('c.beqz', 'CB', 'rs1p, cbimm', { op: Q1, f3: 6 }, 'beq rs1p, zero, cbimm', 'branch if zero, ±256 bytes'),
  crow('c.bnez', 'CB', 'rs1p, cbimm', { op: Q1, f3: 7 }, 'bne rs1p, zero, cbimm', 'branch if not zero, ±256 bytes'),
  // Quadrant 2.
  crow('c.slli64', 'CI', 'crd', { op: Q2, f3: 0, b12: 0, rs2: 0 }, 'slli crd, crd, 0', 'shift left by zero (a HINT; the RV128 form)', { hint: [{}] }),
  crow('c.slli', 'CI', 'crd, cshamt', { op: Q2, f3: 0, b12: 0 }, 'slli crd, crd, cshamt', 'shift left logical immediate', { hint: [{ crd: 0 }] }),
  crow('c.lwsp', 'CI', 'crd, lwsp8(sp)', { op: Q2, f3: 2 }, 'lw crd, lwsp8(sp)', 'load word from the stack', { reserved: [{ crd: 0 }] }),
  crow('c.jr', 'CR', 'crd', { op: Q2, f4: 0b1000, rs2: 0 }, 'jalr zero, 0(crd)', 'jump to a register', { reserved: [{ crd: 0 }] }),
  crow('c.mv', 'CR', 'crd, crs2', { op: Q2, f4: 0b1000 }, 'add crd, zero, crs2', 'copy a register', { hint: [{ crd: 0 }] }),
  crow('c.ebreak', 'CR', '', { op: Q2, f4: 0b1001, rd: 0, rs2: 0 }, 'ebreak', 'environment breakpoint'),
  crow('c.jalr', 'CR', 'crd', { op: Q2, f4: 0b1001, rs2: 0 }, 'jalr ra, 0(crd)', 'jump to a register and link'),
  crow('c.add', 'CR', 'crd, crs2', { op: Q2, f4: 0b1001 }, 'add crd, crd, crs2', 'add', { hint: [{ crd: 0 }] }),
  crow('c.swsp', 'CSS', 'crs2, swsp8(sp)', { op: Q2, f3: 6 }, 'sw crs2, swsp8(sp)', 'store word to the stack'),
]);

const BY_NAME: ReadonlyMap<string, CompressedSpec> = new Map(COMPRESSED.map((c) => [c.name, c]));

/** The compressed row for a mnemonic (`c.addi`), or `undefined`. */
export function compressedByName(name: string): CompressedSpec | undefined {
  return BY_NAME.get(name);
}

/** Whether a 16-bit parcel starts a compressed instruction (its low two bits are not 11). */
export const isCompressed = (parcel: number): boolean => (parcel & 3) !== 3;

/** The values of a row's operands in a halfword, in syntax order. */
export function compressedValues(spec: CompressedSpec, halfword: number): number[] {
  return spec.operands.map((o) => extractField(halfword, C_OPERANDS[o]));
}

/** Whether operand values meet a condition (every named operand as required). */
export function meets(spec: CompressedSpec, values: readonly number[], cond: CCondition): boolean {
  return (Object.entries(cond) as [COperandName, number | 'nonzero'][]).every(([o, want]) => {
    const v = values[spec.operands.indexOf(o)];
    return want === 'nonzero' ? v !== 0 : v === want;
  });
}

// Rows bucketed by quadrant and funct3 (bits 1..0 and 15..13).
const BUCKETS: CompressedSpec[][] = Array.from({ length: 32 }, () => []);
const bucketOf = (h: number): number => ((h >>> 13) << 2) | (h & 3);
for (const spec of COMPRESSED) BUCKETS[bucketOf(spec.match)].push(spec);

/**
 * The row a halfword is, or `undefined` if it is not a legal RV32C
 * instruction (reserved, F/D-only, RV64-only, or a 32-bit parcel).
 */
export function matchCompressed(halfword: number): CompressedSpec | undefined {
  const h = halfword & 0xffff;
  if (!isCompressed(h)) return undefined;
  for (const spec of BUCKETS[bucketOf(h)]) {
    if ((h & spec.mask) !== spec.match) continue;
    const values = compressedValues(spec, h);
    if (spec.reserved.some((c) => meets(spec, values, c))) return undefined;
    return spec;
  }
  return undefined;
}

/** A compressed instruction decoded to the 32-bit instruction it stands for. */
export interface Expanded {
  /** The compressed row. */
  readonly cspec: CompressedSpec;
  /** The base INSTRUCTIONS row, as `decode` would give for the 32-bit word. */
  readonly spec: InstructionSpec;
  /** The base row's operand values in its syntax order (pc-relative ones as offsets), as `decode` gives them. */
  readonly values: readonly number[];
}

/** A c.lui immediate (signed 6 bits) as lui's 20-bit field holds it. */
const luiField = (imm6: number): number => imm6 & 0xfffff;

/**
 * Expand a halfword into its 32-bit instruction (§16.1), or `undefined` if
 * it is illegal: c.unimp (0x0000), reserved encodings, and RV32's shift
 * amounts of 32 and more.
 *
 * The emulator decodes compressed code through this: the expansion has the
 * same effect as the 32-bit instruction, except that the next pc (and the
 * link of c.jal/c.jalr) is 2 bytes on, not 4.
 */
export function expandCompressed(halfword: number): Expanded | undefined {
  const cspec = matchCompressed(halfword);
  if (!cspec?.expansion) return undefined;
  const cv = compressedValues(cspec, halfword & 0xffff);
  const { base, args } = cspec.expansion;
  const values = args.map((a, i) => {
    if (typeof a === 'number') return a;
    const v = cv[cspec.operands.indexOf(a)];
    return base.operands[i] === 'uimm20' ? luiField(v) : v;
  });
  return { cspec, spec: base, values };
}

/** The 32-bit word a halfword expands to, or `undefined` if it is illegal. */
export function expandToWord(halfword: number): number | undefined {
  const e = expandCompressed(halfword);
  if (!e) return undefined;
  let word = e.spec.match;
  e.spec.operands.forEach((name, i) => {
    word = insertField(word, OPERANDS[name], e.values[i]);
  });
  return word >>> 0;
}

/** Encode a row's operand values (syntax order) into a halfword; no range checks. */
export function encodeCompressed(spec: CompressedSpec, values: readonly number[]): number {
  let h = spec.match;
  spec.operands.forEach((o, i) => {
    h = insertField(h, C_OPERANDS[o], values[i]);
  });
  return h & 0xffff;
}

/** Whether a value fits a compressed operand: register class, range, alignment. */
export function fitsCOperand(name: COperandName, value: number): boolean {
  const k = C_OPERANDS[name];
  if (k.class === 'reg') return k.bias ? value >= 8 && value <= 15 : value >= 0 && value <= 31;
  const half = 2 ** (k.width - 1);
  const [min, max] = k.class === 'simm' || k.class === 'pcrel' ? [-half, half - 1] : [0, 2 * half - 1];
  return Number.isInteger(value) && value >= min && value <= max && value % (1 << k.shift) === 0;
}

/**
 * Bind a row's operands so that its expansion is `spec` with `values`
 * (base syntax order), or `undefined` if it cannot stand for that
 * instruction: a register outside x8..x15 where the row needs one, an
 * immediate out of range, two base operands the row ties together that
 * differ, or a reserved encoding. `values` may hold `undefined` for
 * operands not known yet; they are left unbound (and must be bound later).
 * `e` replaces the row's expansion by an equivalent one (GNU as compresses
 * `mv rd, rs` to c.mv, whose expansion is `add rd, zero, rs`).
 */
export function unify(
  cspec: CompressedSpec, spec: InstructionSpec, values: readonly (number | undefined)[], e: CExpansion | undefined = cspec.expansion,
): (number | undefined)[] | undefined {
  if (!e || e.base !== spec) return undefined;
  const bound: (number | undefined)[] = cspec.operands.map(() => undefined);
  for (let i = 0; i < e.args.length; i++) {
    const a = e.args[i];
    let v = values[i];
    if (typeof a === 'number') {
      if (v !== a) return undefined;
      continue;
    }
    const j = cspec.operands.indexOf(a);
    if (v === undefined) continue;
    if (spec.operands[i] === 'uimm20') {
      // lui's 20-bit field from a sign-extended 6-bit value: 1..31 or 0xfffe0..0xfffff.
      if (v >= 0x80000) v -= 0x100000;
    }
    if (!fitsCOperand(a, v)) return undefined;
    if (bound[j] !== undefined && bound[j] !== v) return undefined;
    bound[j] = v;
  }
  if (bound.every((b) => b !== undefined) && cspec.reserved.some((c) => meets(cspec, bound as number[], c))) return undefined;
  return bound;
}

/**
 * The halfword that stands for a 32-bit instruction (its table row and
 * operand values, as `decode` gives them), or `undefined` if none does:
 * the inverse of `expandCompressed`. Where two rows could (`addi sp, sp,
 * 16` is both c.addi and c.addi16sp) the first in table order is chosen.
 * This is the ISA's relation; what GNU as chooses to compress when it
 * assembles a source line is the narrower COMPRESSIONS table.
 */
export function compress(spec: InstructionSpec, values: readonly number[]): number | undefined {
  for (const cspec of COMPRESSED) {
    const bound = unify(cspec, spec, values);
    if (bound && bound.every((b) => b !== undefined)) return encodeCompressed(cspec, bound as number[]);
  }
  return undefined;
}
