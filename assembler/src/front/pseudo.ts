/**
 * Pseudo-instructions and alternative operand forms, as one table.
 *
 * Each row is `mnemonic operands → expansion`, written as GNU as documents
 * them (RISC-V assembly manual, "Pseudoinstructions"). Operand names in the
 * expansion are the row's own operands; anything else is a literal register
 * or number. Rows whose expansion is not a fixed template (li, la, call, …)
 * are marked `special` and expanded by code in expand.ts.
 */
export interface PseudoSpec {
  readonly name: string;
  /** Operand syntax, in the instruction table's notation. */
  readonly syntax: string;
  /** Instructions it stands for: `addi rd, rs1, 0`. */
  readonly expansion: readonly string[];
  /** Expanded by code, not by template. */
  readonly special?: 'li' | 'la' | 'call' | 'tail' | 'jump' | 'load-symbol' | 'store-symbol';
  /**
   * GNU as builds it as a macro that assembles each step as if written in
   * the source (so with the C extension each step may compress), not as an
   * alias of one instruction (which compresses only as its own entries in
   * COMPRESSIONS say).
   */
  readonly macro?: boolean;
  /**
   * The extension GNU as requires for the mnemonic (its opcode class), when
   * not the base: the CSR pseudos need Zicsr, c.nop needs C. Not derived from
   * the expansion: GNU takes `rdcycle` and `unimp` as base instructions.
   */
  readonly needs?: 'zicsr' | 'c';
  readonly doc: string;
}

const p = (name: string, syntax: string, expansion: string | string[], doc: string, special?: PseudoSpec['special']): PseudoSpec =>
  Object.freeze({ name, syntax, expansion: Object.freeze(Array.isArray(expansion) ? expansion : [expansion]), doc, special });
/** A pseudo-instruction GNU as expands as a macro (see `macro`). */
const macro = (name: string, syntax: string, expansion: string[], doc: string): PseudoSpec =>
  Object.freeze({ ...p(name, syntax, expansion, doc), macro: true });
/** A pseudo-instruction of an extension (see `needs`). */
const of = (needs: PseudoSpec['needs'], row: PseudoSpec): PseudoSpec => Object.freeze({ ...row, needs });

export const PSEUDOS: readonly PseudoSpec[] = Object.freeze([
  p('nop', '', 'addi zero, zero, 0', 'no operation'),
  p('li', 'rd, imm', ['lui rd, %hi(imm)', 'addi rd, rd, %lo(imm)'], 'load immediate (1 or 2 instructions, as GNU as chooses)', 'li'),
  p('la', 'rd, symbol', ['auipc rd, %pcrel_hi(symbol)', 'addi rd, rd, %pcrel_lo(1b)'], 'load address (pc-relative; pvlab builds no PIC)', 'la'),
  p('lla', 'rd, symbol', ['auipc rd, %pcrel_hi(symbol)', 'addi rd, rd, %pcrel_lo(1b)'], 'load local address', 'la'),
  p('mv', 'rd, rs1', 'addi rd, rs1, 0', 'copy register'),
  p('move', 'rd, rs1', 'addi rd, rs1, 0', 'copy register (old spelling of mv)'),
  p('not', 'rd, rs1', 'xori rd, rs1, -1', "ones' complement"),
  p('neg', 'rd, rs2', 'sub rd, zero, rs2', "two's complement"),
  p('seqz', 'rd, rs1', 'sltiu rd, rs1, 1', 'set if = zero'),
  p('snez', 'rd, rs2', 'sltu rd, zero, rs2', 'set if ≠ zero'),
  p('sltz', 'rd, rs1', 'slt rd, rs1, zero', 'set if < zero'),
  p('sgtz', 'rd, rs2', 'slt rd, zero, rs2', 'set if > zero'),
  p('sgt', 'rd, rs1, rs2', 'slt rd, rs2, rs1', 'set if >'),
  p('sgtu', 'rd, rs1, rs2', 'sltu rd, rs2, rs1', 'set if >, unsigned'),
  // Zbb's extensions, which GNU as builds from base shifts when Zbb is absent (its M_SEXTB, M_ZEXTH, …).
  p('zext.b', 'rd, rs1', 'andi rd, rs1, 255', 'zero-extend byte'),
  macro('sext.b', 'rd, rs1', ['slli rd, rs1, 24', 'srai rd, rd, 24'], 'sign-extend byte (two shifts without Zbb)'),
  macro('sext.h', 'rd, rs1', ['slli rd, rs1, 16', 'srai rd, rd, 16'], 'sign-extend halfword (two shifts without Zbb)'),
  macro('zext.h', 'rd, rs1', ['slli rd, rs1, 16', 'srli rd, rd, 16'], 'zero-extend halfword (two shifts without Zbb)'),
  p('beqz', 'rs1, bimm', 'beq rs1, zero, bimm', 'branch if = zero'),
  p('bnez', 'rs1, bimm', 'bne rs1, zero, bimm', 'branch if ≠ zero'),
  p('blez', 'rs2, bimm', 'bge zero, rs2, bimm', 'branch if ≤ zero'),
  p('bgez', 'rs1, bimm', 'bge rs1, zero, bimm', 'branch if ≥ zero'),
  p('bltz', 'rs1, bimm', 'blt rs1, zero, bimm', 'branch if < zero'),
  p('bgtz', 'rs2, bimm', 'blt zero, rs2, bimm', 'branch if > zero'),
  p('bgt', 'rs1, rs2, bimm', 'blt rs2, rs1, bimm', 'branch if >'),
  p('ble', 'rs1, rs2, bimm', 'bge rs2, rs1, bimm', 'branch if ≤'),
  p('bgtu', 'rs1, rs2, bimm', 'bltu rs2, rs1, bimm', 'branch if >, unsigned'),
  p('bleu', 'rs1, rs2, bimm', 'bgeu rs2, rs1, bimm', 'branch if ≤, unsigned'),
  p('j', 'jimm', 'jal zero, jimm', 'jump'),
  p('jal', 'jimm', 'jal ra, jimm', 'jump and link to ra'),
  p('jr', 'rs1', 'jalr zero, 0(rs1)', 'jump register'),
  p('jr', 'imm12(rs1)', 'jalr zero, imm12(rs1)', 'jump register with offset'),
  p('jr', 'rs1, imm12', 'jalr zero, imm12(rs1)', 'jump register with offset, two-operand form'),
  p('jalr', 'imm12(rs1)', 'jalr ra, imm12(rs1)', 'jump and link register with offset to ra'),
  p('jalr', 'rs1', 'jalr ra, 0(rs1)', 'jump and link register to ra'),
  p('jalr', 'rs1, imm12', 'jalr ra, imm12(rs1)', 'jump and link register with offset to ra, two-operand form'),
  p('jalr', 'rd, rs1', 'jalr rd, 0(rs1)', 'jump and link register'),
  p('jalr', 'rd, rs1, imm12', 'jalr rd, imm12(rs1)', 'jump and link register, three-operand form'),
  p('ret', '', 'jalr zero, 0(ra)', 'return from subroutine'),
  p('call', 'symbol', ['auipc ra, %pcrel_hi(symbol)', 'jalr ra, %pcrel_lo(1b)(ra)'], 'call a far subroutine', 'call'),
  p('call', 'rd, symbol', ['auipc rd, %pcrel_hi(symbol)', 'jalr rd, %pcrel_lo(1b)(rd)'], 'call a far subroutine, link in rd', 'call'),
  p('tail', 'symbol', ['auipc t1, %pcrel_hi(symbol)', 'jalr zero, %pcrel_lo(1b)(t1)'], 'tail call a far subroutine', 'tail'),
  p('jump', 'symbol, rs1', ['auipc rs1, %pcrel_hi(symbol)', 'jalr zero, %pcrel_lo(1b)(rs1)'], 'jump far through a temporary', 'jump'),
  p('fence', '', 'fence iorw, iorw', 'fence on all memory and I/O'),
  p('scall', '', 'ecall', 'environment call (old name of ecall)'),
  p('sbreak', '', 'ebreak', 'environment breakpoint (old name of ebreak)'),
  p('unimp', '', 'csrrw zero, cycle, zero', 'an instruction that traps (illegal: cycle is read-only)'),
  p('sfence.vma', '', 'sfence.vma zero, zero', 'flush all address translations'),
  p('sfence.vma', 'rs1', 'sfence.vma rs1, zero', 'flush translations of one address'),
  p('sfence.vm', '', 'sfence.vm zero', 'privileged 1.9.1 fence, all addresses (illegal on pvlab\'s hart)'),
  // The C extension's one alias mnemonic (its other c.* mnemonics are rows of COMPRESSED).
  of('c', p('c.nop', '', 'c.addi zero, 0', 'compressed no operation')),
  of('c', p('c.nop', 'imm6', 'c.addi zero, imm6', 'compressed no operation with an immediate (a HINT)')),
  of('zicsr', p('csrr', 'rd, csr', 'csrrs rd, csr, zero', 'read CSR')),
  of('zicsr', p('csrw', 'csr, rs1', 'csrrw zero, csr, rs1', 'write CSR')),
  of('zicsr', p('csrs', 'csr, rs1', 'csrrs zero, csr, rs1', 'set bits in CSR')),
  of('zicsr', p('csrc', 'csr, rs1', 'csrrc zero, csr, rs1', 'clear bits in CSR')),
  of('zicsr', p('csrwi', 'csr, zimm', 'csrrwi zero, csr, zimm', 'write CSR, immediate')),
  of('zicsr', p('csrsi', 'csr, zimm', 'csrrsi zero, csr, zimm', 'set bits in CSR, immediate')),
  of('zicsr', p('csrci', 'csr, zimm', 'csrrci zero, csr, zimm', 'clear bits in CSR, immediate')),
  // GNU as also takes an immediate in the register forms and picks the *i form.
  of('zicsr', p('csrw', 'csr, zimm', 'csrrwi zero, csr, zimm', 'write CSR (immediate form)')),
  of('zicsr', p('csrs', 'csr, zimm', 'csrrsi zero, csr, zimm', 'set bits in CSR (immediate form)')),
  of('zicsr', p('csrc', 'csr, zimm', 'csrrci zero, csr, zimm', 'clear bits in CSR (immediate form)')),
  of('zicsr', p('csrrw', 'rd, csr, zimm', 'csrrwi rd, csr, zimm', 'CSR read and write (immediate form)')),
  of('zicsr', p('csrrs', 'rd, csr, zimm', 'csrrsi rd, csr, zimm', 'CSR read and set (immediate form)')),
  of('zicsr', p('csrrc', 'rd, csr, zimm', 'csrrci rd, csr, zimm', 'CSR read and clear (immediate form)')),
  p('rdcycle', 'rd', 'csrrs rd, cycle, zero', 'read cycle counter'),
  p('rdcycleh', 'rd', 'csrrs rd, cycleh, zero', 'read upper cycle counter'),
  p('rdtime', 'rd', 'csrrs rd, time, zero', 'read real-time clock'),
  p('rdtimeh', 'rd', 'csrrs rd, timeh, zero', 'read upper real-time clock'),
  p('rdinstret', 'rd', 'csrrs rd, instret, zero', 'read instructions-retired counter'),
  p('rdinstreth', 'rd', 'csrrs rd, instreth, zero', 'read upper instructions-retired counter'),
  // Register-immediate spellings of the OP instructions, accepted by GNU as.
  ...([['add', 'addi', 'imm12'], ['and', 'andi', 'imm12'], ['or', 'ori', 'imm12'], ['xor', 'xori', 'imm12'], ['slt', 'slti', 'imm12'],
    ['sltu', 'sltiu', 'imm12'], ['sll', 'slli', 'shamt'], ['srl', 'srli', 'shamt'], ['sra', 'srai', 'shamt']] as const).map(([op, imm, kind]) =>
    p(op, `rd, rs1, ${kind}`, `${imm} rd, rs1, ${kind}`, `${op} with an immediate (${imm})`),
  ),
  ...(['lb', 'lh', 'lw', 'lbu', 'lhu'] as const).map((op) =>
    p(op, 'rd, symbol', ['auipc rd, %pcrel_hi(symbol)', `${op} rd, %pcrel_lo(1b)(rd)`], `${op} from a symbol`, 'load-symbol'),
  ),
  ...(['sb', 'sh', 'sw'] as const).map((op) =>
    p(op, 'rs2, symbol, rs1', ['auipc rs1, %pcrel_hi(symbol)', `${op} rs2, %pcrel_lo(1b)(rs1)`], `${op} to a symbol through a temporary`, 'store-symbol'),
  ),
]);
