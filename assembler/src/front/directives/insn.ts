/**
 * `.insn`: an instruction given by its format and fields, for opcodes the
 * table does not know (custom extensions). Forms, as in GNU as:
 *   .insn r  opcode, funct3, funct7, rd, rs1, rs2
 *   .insn i  opcode, funct3, rd, rs1, simm12     (or rd, simm12(rs1))
 *   .insn s  opcode, funct3, rs2, simm12(rs1)
 *   .insn b  opcode, funct3, rs1, rs2, target    (also `sb`)
 *   .insn u  opcode, rd, imm20
 *   .insn j  opcode, rd, target                  (also `uj`)
 *   .insn value   /   .insn 4, value            (the raw word)
 *   .insn value   /   .insn 2, value            (a raw 16-bit compressed instruction)
 *
 * GNU's compressed formats (cr, ci, ciw, ca, cb, cj, cl, cs, css) are not
 * supported: write the c.* mnemonic, or the raw halfword.
 */
import type { Expr, Operand } from '../../parse/ast.js';
import { parseOperands } from '../../parse/operand-parser.js';
import { OPERANDS, insertField, type OperandName } from '../../isa/operands.js';
import { compileSyntax, matchSlots, type Binds } from '../forms.js';
import { checkRange } from '../instruction.js';
import type { FileAssembler } from '../file-assembler.js';
import type { FixupKind } from '../sections.js';
import { isFailure } from '../evaluate.js';
import { toNumber, low32 } from '../values.js';
import type { DirectiveHandler } from './call.js';

/** Major opcode names accepted in place of a number (opcode map, unprivileged spec §34). */
const OPCODES: Record<string, number> = {
  LOAD: 0x03, LOAD_FP: 0x07, CUSTOM_0: 0x0b, MISC_MEM: 0x0f, OP_IMM: 0x13, AUIPC: 0x17, OP_IMM_32: 0x1b,
  STORE: 0x23, STORE_FP: 0x27, CUSTOM_1: 0x2b, AMO: 0x2f, OP: 0x33, LUI: 0x37, OP_32: 0x3b,
  MADD: 0x43, MSUB: 0x47, NMSUB: 0x4b, NMADD: 0x4f, OP_FP: 0x53, CUSTOM_2: 0x5b, BRANCH: 0x63,
  JALR: 0x67, CUSTOM_3: 0x7b, JAL: 0x6f, SYSTEM: 0x73,
};

/** Field slots per format: fixed fields first, then the operands. */
const FORMATS: Record<string, { fields: [string, number, number][]; syntax: string[] }> = {
  r: { fields: [['funct3', 14, 12], ['funct7', 31, 25]], syntax: ['rd, rs1, rs2'] },
  i: { fields: [['funct3', 14, 12]], syntax: ['rd, rs1, imm12', 'rd, imm12(rs1)'] },
  s: { fields: [['funct3', 14, 12]], syntax: ['rs2, simm12(rs1)'] },
  b: { fields: [['funct3', 14, 12]], syntax: ['rs1, rs2, bimm'] },
  u: { fields: [], syntax: ['rd, uimm20'] },
  j: { fields: [], syntax: ['rd, jimm'] },
};
const ALIASES: Record<string, string> = { sb: 'b', uj: 'j' };

const COMPRESSED_FORMATS = new Set(['cr', 'ci', 'ciw', 'ca', 'cb', 'cj', 'cl', 'cs', 'css']);

export const insn: DirectiveHandler = (fa, call) => {
  const first = call.tokens[0];
  const fmtName = first?.type === 'ident' ? ALIASES[first.text] ?? first.text : undefined;
  const format = fmtName ? FORMATS[fmtName] : undefined;
  if (fmtName && COMPRESSED_FORMATS.has(fmtName)) {
    return fa.error(`.insn ${fmtName}: the compressed formats are not supported; write the c.* instruction or '.insn 2, 0x…'`, first.col);
  }
  if (!format) return raw(fa, call);
  const parsed = parseOperands(call.tokens.slice(1), call.col + call.text.length);
  if (!parsed.ok) return fa.error(`syntax error in .insn: ${parsed.message}`, parsed.col);
  const ops = parsed.operands;
  const nFixed = 1 + format.fields.length;
  if (ops.length < nFixed) return fa.error(`.insn ${fmtName} needs an opcode${format.fields.map((f) => `, ${f[0]}`).join('')} and operands`, call.col);
  let word = 0;
  const opcode = fixedField(fa, ops[0], 'opcode', 7);
  if (opcode === undefined) return;
  word |= opcode;
  for (let i = 0; i < format.fields.length; i++) {
    const [name, hi, lo] = format.fields[i];
    const v = fixedField(fa, ops[1 + i], name, hi - lo + 1);
    if (v === undefined) return;
    word |= v << lo;
  }
  const rest = ops.slice(nFixed);
  for (const syntax of format.syntax) {
    const binds = matchSlots(compileSyntax(syntax), rest);
    if (binds) return emit(fa, word >>> 0, syntax, binds);
  }
  fa.error(`invalid operands for .insn ${fmtName}: expected ${format.syntax.map((s) => `'${s}'`).join(' or ')}`, rest[0]?.col ?? call.col);
};

function fixedField(fa: FileAssembler, o: Operand, name: string, bits: number): number | undefined {
  if (o.k === 'expr' && o.expr.k === 'sym' && name === 'opcode' && OPCODES[o.expr.name] !== undefined) return OPCODES[o.expr.name];
  if (o.k !== 'expr') return void fa.error(`.insn ${name} must be a number`, o.col);
  const v = fa.absolute(o.expr, `the ${name}`);
  if (v === undefined) return undefined;
  const n = toNumber(v);
  if (n < 0 || n >= 2 ** bits) return void fa.error(`.insn ${name} ${n} out of range (0..${2 ** bits - 1})`, o.col);
  return n;
}

function emit(fa: FileAssembler, word: number, syntax: string, binds: Binds): void {
  const fixups: { kind: FixupKind; expr: Expr; col: number }[] = [];
  for (const slot of compileSyntax(syntax)) {
    const names = slot.k === 'mem' ? [slot.imm, slot.reg] : slot.k === 'preg' ? [slot.reg] : slot.k === 'fixed' ? [] : [slot.name];
    for (const name of names as OperandName[]) {
      const arg = binds[name];
      if ('reg' in arg) {
        word = insertField(word, OPERANDS[name], arg.reg);
        continue;
      }
      const r = OPERANDS[name].class === 'pcrel' ? undefined : fa.evalNow(arg.expr);
      if (r && !isFailure(r) && r.base === undefined) {
        const v = checkRange(name, r.v, arg.expr, fa);
        if (v !== undefined) word = insertField(word, OPERANDS[name], v);
      } else if (r && isFailure(r) && 'error' in r) fa.error(r.error, r.col);
      else fixups.push({ kind: name as FixupKind, expr: arg.expr, col: arg.col });
    }
  }
  fa.emitWord(word, fixups);
}

/** `.insn 0x...` or `.insn 4, 0x...`. */
function raw(fa: FileAssembler, call: Parameters<DirectiveHandler>[1]): void {
  const parsed = parseOperands(call.tokens, call.col + call.text.length);
  if (!parsed.ok) return fa.error(`syntax error in .insn: ${parsed.message}`, parsed.col);
  const ops = parsed.operands;
  if (ops.length === 0 || ops.length > 2 || ops.some((o) => o.k !== 'expr')) {
    return fa.error(".insn needs a format (r, i, s, b, u, j) and fields, or a raw value: '.insn 0x13'", call.col);
  }
  const exprs = ops.map((o) => (o as { expr: Expr }).expr);
  const values = exprs.map((e) => fa.absolute(e, '.insn value'));
  if (values.some((v) => v === undefined)) return;
  const value = low32(values[values.length - 1]!);
  // Without a length, the value's low bits say it (11: 4 bytes, else a 2-byte compressed instruction).
  const len = ops.length === 2 ? toNumber(values[0]!) : (value & 3) === 3 ? 4 : 2;
  if (len !== 4 && len !== 2) return fa.error(`.insn length ${len} is not supported: pvlab assembles 2- and 4-byte instructions`, exprs[0].col);
  const fits = len === 4 ? (value & 3) === 3 : value <= 0xffff && (value & 3) !== 3;
  if (!fits) return fa.error(`.insn value 0x${value.toString(16)} conflicts with instruction length ${len}`, exprs[exprs.length - 1].col);
  if (len === 2) fa.emitHalf(value);
  else fa.emitWord(value, []);
}
