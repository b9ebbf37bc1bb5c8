/**
 * THE instruction table: every RV32 instruction pvlab knows, once.
 *
 * Each row gives the mnemonic, its extension, the base format, the assembly
 * syntax of its operands and the fixed bits of its encoding (in the manner of
 * riscv-opcodes: `add rd rs1 rs2 31..25=0 14..12=0 6..2=0x0C 1..0=3`). The
 * encoder, the decoder, the disassembler, the emulator's decoder tests and the
 * docs are all derived from this table; no encoding is written anywhere else.
 */
import { OPERANDS, type OperandName } from './operands.js';

/** Instruction set extensions covered by the table. */
export type Extension = 'I' | 'M' | 'A' | 'Zicsr' | 'Zifencei' | 'Priv';

/** Base instruction formats (§2.2 of the unprivileged specification). */
export type Format = 'R' | 'I' | 'S' | 'B' | 'U' | 'J' | 'R-amo' | 'sys';

/**
 * Fixed bit fields, by name. Positions:
 *   op 6..0 · f3 14..12 · f7 31..25 · f5 31..27 (AMO) · aq 26 · rl 25 ·
 *   f12 31..20 (SYSTEM) · rs2 24..20 · rs1 19..15 · rd 11..7 · fm 31..28
 */
const FIELD_BITS = {
  op: [6, 0], f3: [14, 12], f7: [31, 25], f5: [31, 27], aq: [26, 26], rl: [25, 25],
  f12: [31, 20], rs2: [24, 20], rs1: [19, 15], rd: [11, 7], fm: [31, 28],
} as const;
type FixedFields = Partial<Record<keyof typeof FIELD_BITS, number>>;

/** One row of the table, as written. */
export interface InstructionSpec {
  /** Mnemonic as GNU as and objdump spell it (`amoadd.w.aqrl`). */
  readonly name: string;
  readonly ext: Extension;
  readonly format: Format;
  /**
   * Operand syntax, e.g. `rd, imm12(rs1)`. Operand names are kinds from
   * OPERANDS; `(rs1)` is a register in parentheses (loads, stores, AMOs).
   */
  readonly syntax: string;
  /** Bits that are fixed for this instruction, and which ones they are. */
  readonly match: number;
  readonly mask: number;
  /** The operand kinds in syntax order. */
  readonly operands: readonly OperandName[];
  /** One-line description, for docs and the disassembler's help. */
  readonly doc: string;
}

function row(name: string, ext: Extension, format: Format, syntax: string, fixed: FixedFields, doc: string): InstructionSpec {
  let match = 0;
  let mask = 0;
  for (const [field, value] of Object.entries(fixed) as [keyof typeof FIELD_BITS, number][]) {
    const [hi, lo] = FIELD_BITS[field];
    const bits = ((2 ** (hi - lo + 1)) - 1) * 2 ** lo;
    mask = (mask | bits) >>> 0;
    match = (match | ((value * 2 ** lo) & bits)) >>> 0;
  }
  const operands = (syntax.match(/[a-z][a-z0-9]*/g) ?? []) as OperandName[];
  for (const o of operands) if (!(o in OPERANDS)) throw new Error(`instruction table: ${name}: unknown operand kind '${o}'`);
  return Object.freeze({ name, ext, format, syntax, match, mask, operands: Object.freeze(operands), doc });
}

// Major opcodes (bits 6..0) of the base ISA, from the opcode map (§34, Table 70).
const LOAD = 0x03, MISC_MEM = 0x0f, OP_IMM = 0x13, AUIPC = 0x17, STORE = 0x23, AMO = 0x2f,
  OP = 0x33, LUI = 0x37, BRANCH = 0x63, JALR = 0x67, JAL = 0x6f, SYSTEM = 0x73;

const R = 'rd, rs1, rs2';
const IMM = 'rd, rs1, imm12';
const SHIFT = 'rd, rs1, shamt';
const LOADS = 'rd, imm12(rs1)';
const STORES = 'rs2, simm12(rs1)';
const BR = 'rs1, rs2, bimm';

const base: InstructionSpec[] = [
  row('lui', 'I', 'U', 'rd, uimm20', { op: LUI }, 'load upper immediate'),
  row('auipc', 'I', 'U', 'rd, uimm20', { op: AUIPC }, 'add upper immediate to pc'),
  row('jal', 'I', 'J', 'rd, jimm', { op: JAL }, 'jump and link'),
  row('jalr', 'I', 'I', 'rd, imm12(rs1)', { op: JALR, f3: 0 }, 'jump and link register'),
  row('beq', 'I', 'B', BR, { op: BRANCH, f3: 0 }, 'branch if equal'),
  row('bne', 'I', 'B', BR, { op: BRANCH, f3: 1 }, 'branch if not equal'),
  row('blt', 'I', 'B', BR, { op: BRANCH, f3: 4 }, 'branch if less than'),
  row('bge', 'I', 'B', BR, { op: BRANCH, f3: 5 }, 'branch if greater or equal'),
  row('bltu', 'I', 'B', BR, { op: BRANCH, f3: 6 }, 'branch if less than, unsigned'),
  row('bgeu', 'I', 'B', BR, { op: BRANCH, f3: 7 }, 'branch if greater or equal, unsigned'),
  row('lb', 'I', 'I', LOADS, { op: LOAD, f3: 0 }, 'load byte, sign-extended'),
  row('lh', 'I', 'I', LOADS, { op: LOAD, f3: 1 }, 'load halfword, sign-extended'),
  row('lw', 'I', 'I', LOADS, { op: LOAD, f3: 2 }, 'load word'),
  row('lbu', 'I', 'I', LOADS, { op: LOAD, f3: 4 }, 'load byte, zero-extended'),
  row('lhu', 'I', 'I', LOADS, { op: LOAD, f3: 5 }, 'load halfword, zero-extended'),
  row('sb', 'I', 'S', STORES, { op: STORE, f3: 0 }, 'store byte'),
  row('sh', 'I', 'S', STORES, { op: STORE, f3: 1 }, 'store halfword'),
  row('sw', 'I', 'S', STORES, { op: STORE, f3: 2 }, 'store word'),
  row('addi', 'I', 'I', IMM, { op: OP_IMM, f3: 0 }, 'add immediate'),
  row('slti', 'I', 'I', IMM, { op: OP_IMM, f3: 2 }, 'set if less than immediate'),
  row('sltiu', 'I', 'I', IMM, { op: OP_IMM, f3: 3 }, 'set if less than immediate, unsigned'),
  row('xori', 'I', 'I', IMM, { op: OP_IMM, f3: 4 }, 'exclusive or immediate'),
  row('ori', 'I', 'I', IMM, { op: OP_IMM, f3: 6 }, 'or immediate'),
  row('andi', 'I', 'I', IMM, { op: OP_IMM, f3: 7 }, 'and immediate'),
  row('slli', 'I', 'I', SHIFT, { op: OP_IMM, f3: 1, f7: 0x00 }, 'shift left logical immediate'),
  row('srli', 'I', 'I', SHIFT, { op: OP_IMM, f3: 5, f7: 0x00 }, 'shift right logical immediate'),
  row('srai', 'I', 'I', SHIFT, { op: OP_IMM, f3: 5, f7: 0x20 }, 'shift right arithmetic immediate'),
  row('add', 'I', 'R', R, { op: OP, f3: 0, f7: 0x00 }, 'add'),
  row('sub', 'I', 'R', R, { op: OP, f3: 0, f7: 0x20 }, 'subtract'),
  row('sll', 'I', 'R', R, { op: OP, f3: 1, f7: 0x00 }, 'shift left logical'),
  row('slt', 'I', 'R', R, { op: OP, f3: 2, f7: 0x00 }, 'set if less than'),
  row('sltu', 'I', 'R', R, { op: OP, f3: 3, f7: 0x00 }, 'set if less than, unsigned'),
  row('xor', 'I', 'R', R, { op: OP, f3: 4, f7: 0x00 }, 'exclusive or'),
  row('srl', 'I', 'R', R, { op: OP, f3: 5, f7: 0x00 }, 'shift right logical'),
  row('sra', 'I', 'R', R, { op: OP, f3: 5, f7: 0x20 }, 'shift right arithmetic'),
  row('or', 'I', 'R', R, { op: OP, f3: 6, f7: 0x00 }, 'or'),
  row('and', 'I', 'R', R, { op: OP, f3: 7, f7: 0x00 }, 'and'),
  // fence.tso is FENCE with fm=1000 and pred=succ=RW; it must precede the
  // general row so the decoder, which takes the first match, prefers it.
  row('fence.tso', 'I', 'I', '', { op: MISC_MEM, f3: 0, fm: 0x8, f12: 0x833, rs1: 0, rd: 0 }, 'total store ordering fence'),
  row('fence', 'I', 'I', 'pred, succ', { op: MISC_MEM, f3: 0, fm: 0, rs1: 0, rd: 0 }, 'memory ordering fence'),
  row('ecall', 'I', 'sys', '', { op: SYSTEM, f3: 0, f12: 0x000, rs1: 0, rd: 0 }, 'environment call'),
  row('ebreak', 'I', 'sys', '', { op: SYSTEM, f3: 0, f12: 0x001, rs1: 0, rd: 0 }, 'environment breakpoint'),

  row('fence.i', 'Zifencei', 'I', '', { op: MISC_MEM, f3: 1, f12: 0, rs1: 0, rd: 0 }, 'instruction-fetch fence'),

  row('csrrw', 'Zicsr', 'I', 'rd, csr, rs1', { op: SYSTEM, f3: 1 }, 'CSR read and write'),
  row('csrrs', 'Zicsr', 'I', 'rd, csr, rs1', { op: SYSTEM, f3: 2 }, 'CSR read and set bits'),
  row('csrrc', 'Zicsr', 'I', 'rd, csr, rs1', { op: SYSTEM, f3: 3 }, 'CSR read and clear bits'),
  row('csrrwi', 'Zicsr', 'I', 'rd, csr, zimm', { op: SYSTEM, f3: 5 }, 'CSR read and write immediate'),
  row('csrrsi', 'Zicsr', 'I', 'rd, csr, zimm', { op: SYSTEM, f3: 6 }, 'CSR read and set bits immediate'),
  row('csrrci', 'Zicsr', 'I', 'rd, csr, zimm', { op: SYSTEM, f3: 7 }, 'CSR read and clear bits immediate'),

  row('mul', 'M', 'R', R, { op: OP, f3: 0, f7: 0x01 }, 'multiply, low word'),
  row('mulh', 'M', 'R', R, { op: OP, f3: 1, f7: 0x01 }, 'multiply high, signed × signed'),
  row('mulhsu', 'M', 'R', R, { op: OP, f3: 2, f7: 0x01 }, 'multiply high, signed × unsigned'),
  row('mulhu', 'M', 'R', R, { op: OP, f3: 3, f7: 0x01 }, 'multiply high, unsigned × unsigned'),
  row('div', 'M', 'R', R, { op: OP, f3: 4, f7: 0x01 }, 'divide, signed'),
  row('divu', 'M', 'R', R, { op: OP, f3: 5, f7: 0x01 }, 'divide, unsigned'),
  row('rem', 'M', 'R', R, { op: OP, f3: 6, f7: 0x01 }, 'remainder, signed'),
  row('remu', 'M', 'R', R, { op: OP, f3: 7, f7: 0x01 }, 'remainder, unsigned'),

  // Privileged instructions (privileged specification §3.3, §10.2).
  row('sret', 'Priv', 'sys', '', { op: SYSTEM, f3: 0, f12: 0x102, rs1: 0, rd: 0 }, 'return from supervisor trap'),
  row('mret', 'Priv', 'sys', '', { op: SYSTEM, f3: 0, f12: 0x302, rs1: 0, rd: 0 }, 'return from machine trap'),
  row('wfi', 'Priv', 'sys', '', { op: SYSTEM, f3: 0, f12: 0x105, rs1: 0, rd: 0 }, 'wait for interrupt'),
  row('sfence.vma', 'Priv', 'R', 'rs1, rs2', { op: SYSTEM, f3: 0, f7: 0x09, rd: 0 }, 'supervisor address-translation fence'),
];

/**
 * The A extension: LR/SC and the AMOs, each in four ordering variants
 * (none, .aq, .rl, .aqrl) that set bits 26 and 25.
 */
const AMOS: [string, number, string, string][] = [
  ['lr.w', 0x02, 'rd, (rs1)', 'load reserved'],
  ['sc.w', 0x03, 'rd, rs2, (rs1)', 'store conditional'],
  ['amoswap.w', 0x01, 'rd, rs2, (rs1)', 'atomic swap'],
  ['amoadd.w', 0x00, 'rd, rs2, (rs1)', 'atomic add'],
  ['amoxor.w', 0x04, 'rd, rs2, (rs1)', 'atomic exclusive or'],
  ['amoand.w', 0x0c, 'rd, rs2, (rs1)', 'atomic and'],
  ['amoor.w', 0x08, 'rd, rs2, (rs1)', 'atomic or'],
  ['amomin.w', 0x10, 'rd, rs2, (rs1)', 'atomic minimum, signed'],
  ['amomax.w', 0x14, 'rd, rs2, (rs1)', 'atomic maximum, signed'],
  ['amominu.w', 0x18, 'rd, rs2, (rs1)', 'atomic minimum, unsigned'],
  ['amomaxu.w', 0x1c, 'rd, rs2, (rs1)', 'atomic maximum, unsigned'],
];
const ORDERINGS: [string, number, number][] = [['', 0, 0], ['.aq', 1, 0], ['.rl', 0, 1], ['.aqrl', 1, 1]];

const atomics: InstructionSpec[] = AMOS.flatMap(([name, f5, syntax, doc]) =>
  ORDERINGS.map(([suffix, aq, rl]) =>
    row(name + suffix, 'A', 'R-amo', syntax, { op: AMO, f3: 2, f5, aq, rl, ...(name === 'lr.w' ? { rs2: 0 } : {}) }, doc),
  ),
);

/** Every instruction, in decoder priority order. */
export const INSTRUCTIONS: readonly InstructionSpec[] = Object.freeze([...base, ...atomics]);

const BY_NAME: ReadonlyMap<string, InstructionSpec> = new Map(INSTRUCTIONS.map((i) => [i.name, i]));

/** The table row for a mnemonic (lower case), or `undefined`. */
export function instructionByName(name: string): InstructionSpec | undefined {
  return BY_NAME.get(name);
}
