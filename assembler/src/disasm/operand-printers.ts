/**
 * Operand printing, objdump 2.40 style, compiled once per syntax template.
 *
 * A template is written in the ISA table's own operand names (`rd, imm12(rs1)`,
 * `csr, zimm`); objdump's spelling drops the blanks (`lw\ta0,8(sp)`). Each
 * operand kind prints the way binutils' riscv-dis.c prints the matching
 * argument letter:
 *
 *   rd, rs1, rs2      ABI register name                       d s t
 *   imm12, simm12     signed decimal                          j o q
 *   uimm20, shamt     hex, `0x%x`                             u >
 *   zimm              unsigned decimal                        Z
 *   csr               name under the chosen privileged spec, else `0x%x`   E
 *   pred, succ        `iorw` subsets; the empty set is `unknown`          P Q
 *   bimm, jimm        absolute target, `80000010 <sym+0x10>`  p a
 *
 * and the compressed operands (riscv-dis.c's `C` letters):
 *
 *   crd, crs2         ABI register name                       d V
 *   rdp, rs2p, rs1p   ABI register name of x8..x15            Ct Cs
 *   imm6              signed decimal                          Co Cj
 *   nzimm18           the 20-bit upper immediate, `0x%x`      Cu
 *   cshamt            hex, `0x%x`                             C>
 *   nzuimm10 nzimm10 uimm7 lwsp8 swsp8   decimal             CK CL Ck Cm CM
 *   cbimm, cjimm      absolute target                         Cp Ca
 *   sp                the fixed stack pointer                 Cc
 *
 * Printing also drives objdump's address tracking (riscv-dis.c,
 * maybe_print_address): `lui`/`auipc` remember their result per register, and
 * a later addi/load/store/jalr based on that register (or on zero, tp, or gp
 * when `__global_pointer$` is known) gets a ` # <address>` comment. The
 * tracker state is consumed as operands are printed, so aliases that print
 * fewer operands consume less of it, exactly as in objdump.
 */
import {
  ABI_NAMES, C_OPERANDS, OPERANDS, compressedByName, extractField, instructionByName, registerNumber,
  type COperandName, type OperandKind, type OperandName,
} from '../isa/index.js';

/** objdump's state between instructions: values of pending `lui`/`auipc` per register, and gp. */
export class AddressTracker {
  /** `hi[r]`: the address `lui`/`auipc` left in register r, not yet used by a following instruction. */
  readonly hi: (number | undefined)[] = new Array<number | undefined>(32).fill(undefined);
  /**
   * @param gp the value of `__global_pointer$`, when the image has that symbol:
   *   gp-relative accesses are then annotated with their address.
   */
  constructor(readonly gp?: number) {}

  /** Forget pending `lui`/`auipc` values (objdump keeps them across a whole run). */
  reset(): void {
    this.hi.fill(undefined);
  }
}

/** Everything a compiled template needs to print one word. */
export interface PrintContext {
  pc: number;
  /** CSR names indexed by number (`undefined`: print in hex). */
  csrNames: readonly (string | undefined)[];
  symbolize: ((addr: number) => string | undefined) | undefined;
  tracker: AddressTracker;
  /** Set by printing: the address for the ` # ` comment, if any. */
  comment: number | undefined;
  /** Set by printing: the branch or jump target, if any. */
  target: number | undefined;
}

/** Format an address as objdump's print_address_func does: `80000010 <sym+0x10>`, or `0x80000010` without symbols. */
export function formatAddress(addr: number, symbolize: PrintContext['symbolize']): string {
  const a = addr >>> 0;
  const sym = symbolize?.(a);
  return sym === undefined ? `0x${a.toString(16)}` : `${a.toString(16)} <${sym}>`;
}

const GP = registerNumber('gp')!;
const TP = registerNumber('tp')!;

/** A predicate "this word is that ISA row", from the row's own match/mask. */
function isRow(name: string): (word: number) => boolean {
  const spec = instructionByName(name);
  if (!spec) throw new Error(`disassembler: no '${name}' row in INSTRUCTIONS`);
  return (word) => ((word & spec.mask) >>> 0) === spec.match;
}
const isJalr = isRow('jalr');
const isAddi = isRow('addi');
const isLui = isRow('lui');
const isAuipc = isRow('auipc');

/** The same for a compressed row (its mask leaves the operands out). */
function isCRow(name: string): (halfword: number) => boolean {
  const spec = compressedByName(name);
  if (!spec) throw new Error(`disassembler: no '${name}' row in COMPRESSED`);
  return (h) => (h & spec.mask) === spec.match;
}
const isCLui = isCRow('c.lui');
const isCAddi = isCRow('c.addi');
const CRD = C_OPERANDS.crd;

// riscv-dis.c, maybe_print_address: choose the address a base+offset operand refers to.
function maybePrintAddress(ctx: PrintContext, base: number, offset: number): void {
  const t = ctx.tracker;
  const hi = t.hi[base];
  if (hi !== undefined) {
    ctx.comment = (base !== 0 ? hi : 0) + offset;
    t.hi[base] = undefined;
  } else if (base === GP && t.gp !== undefined) ctx.comment = t.gp + offset;
  else if (base === TP || base === 0) ctx.comment = offset;
  else return;
  ctx.comment = ctx.comment >>> 0; // RV32: fit into 32 bits
}

/** Prints one operand of `word`. */
type Printer = (word: number, ctx: PrintContext) => string;

/** Where an operand stands in the template: alone, before `(`, or inside `( )`. */
type Place = 'plain' | 'offset' | 'base';

const FENCE_SETS = ['unknown', 'w', 'r', 'rw', 'o', 'ow', 'or', 'orw', 'i', 'iw', 'ir', 'irw', 'io', 'iow', 'ior', 'iorw'];

const IMM12 = OPERANDS.imm12;
const RS1 = OPERANDS.rs1;

/** An operand name of either table. */
export type AnyOperandName = OperandName | COperandName;

/** The printer for operand `name` (of kind `kind`) at `place`, mirroring riscv-dis.c's print_insn_args. */
function printer(name: AnyOperandName, kind: OperandKind, place: Place): Printer {
  const get = (w: number) => extractField(w, kind);
  const reg: Printer = (w) => ABI_NAMES[get(w)];
  const decimal: Printer = (w) => String(get(w));
  const target: Printer = (w, ctx) => {
    ctx.target = (ctx.pc + get(w)) >>> 0;
    return formatAddress(ctx.target, ctx.symbolize);
  };
  const C_PRINTERS: Record<COperandName, Printer> = {
    crd: (w, ctx) => {
      // riscv-dis.c 'd': c.lui leaves its value for a following c.addi/load/store.
      if (isCLui(w)) ctx.tracker.hi[get(w)] = (extractField(w, C_OPERANDS.nzimm18) * 4096) >>> 0;
      return ABI_NAMES[get(w)];
    },
    crs2: reg, rdp: reg, rs2p: reg, rs1p: reg,
    imm6: (w, ctx) => {
      const rd = extractField(w, CRD);
      if (isCAddi(w) && rd !== 0) maybePrintAddress(ctx, rd, get(w));
      return String(get(w));
    },
    nzimm18: (w) => `0x${(get(w) & 0xfffff).toString(16)}`,
    cshamt: (w) => `0x${get(w).toString(16)}`,
    nzuimm10: decimal, nzimm10: decimal, uimm7: decimal, lwsp8: decimal, swsp8: decimal,
    cbimm: target, cjimm: target,
  };
  if (name in C_PRINTERS) return C_PRINTERS[name as COperandName];
  const PRINTERS: Record<OperandName, Printer> = {
    rd: (w, ctx) => {
      const rd = get(w);
      if (isAuipc(w)) ctx.tracker.hi[rd] = ctx.pc + extractField(w, OPERANDS.uimm20) * 4096;
      else if (isLui(w)) ctx.tracker.hi[rd] = extractField(w, OPERANDS.uimm20) * 4096;
      return ABI_NAMES[rd];
    },
    rs1: (w, ctx) => {
      if (isJalr(w)) maybePrintAddress(ctx, get(w), extractField(w, IMM12));
      return ABI_NAMES[get(w)];
    },
    rs2: (w) => ABI_NAMES[get(w)],
    imm12: (w, ctx) => {
      const imm = get(w);
      const rs1 = extractField(w, RS1);
      if (place === 'offset') maybePrintAddress(ctx, rs1, imm); // 'o' falls through to 'j'
      if ((isAddi(w) && rs1 !== 0) || isJalr(w)) maybePrintAddress(ctx, rs1, imm);
      return String(imm);
    },
    simm12: (w, ctx) => {
      maybePrintAddress(ctx, extractField(w, RS1), get(w));
      return String(get(w));
    },
    uimm20: (w) => `0x${get(w).toString(16)}`,
    shamt: (w) => `0x${get(w).toString(16)}`,
    zimm: (w) => String(get(w)),
    csr: (w, ctx) => ctx.csrNames[get(w)] ?? `0x${get(w).toString(16)}`,
    pred: (w) => FENCE_SETS[get(w)],
    succ: (w) => FENCE_SETS[get(w)],
    bimm: (w, ctx) => {
      ctx.target = (ctx.pc + get(w)) >>> 0;
      return formatAddress(ctx.target, ctx.symbolize);
    },
    jimm: (w, ctx) => {
      ctx.target = (ctx.pc + get(w)) >>> 0;
      return formatAddress(ctx.target, ctx.symbolize);
    },
  };
  return PRINTERS[name as OperandName];
}

/** A compiled template: prints the operand text of a word (without the ` # ` comment). */
export type OperandFormatter = (word: number, ctx: PrintContext) => string;

/** What compileOperands needs of a table row: its name and operand names. */
export interface RowShape {
  readonly name: string;
  readonly operands: readonly string[];
}

/** The kind of an operand name: an override, else the 32-bit or the compressed table's. */
function kindOf(name: string, kinds: Partial<Record<AnyOperandName, OperandKind>>): OperandKind | undefined {
  return kinds[name as AnyOperandName] ?? (OPERANDS as Record<string, OperandKind>)[name] ?? (C_OPERANDS as Record<string, OperandKind>)[name];
}

/**
 * Compile an operand template written in the ISA's operand names
 * (`rd, imm12(rs1)`, `csr, zimm`, `rdp, sp, nzuimm10`, '' for none) for a
 * row's words. `kinds` overrides the layout of an operand name (for
 * encodings outside the ISA). A register name in the template (`sp`) is
 * printed as written.
 */
export function compileOperands(
  template: string,
  spec: RowShape,
  kinds: Partial<Record<AnyOperandName, OperandKind>> = {},
): OperandFormatter {
  const tokens = template.match(/[a-z][a-z0-9]*|[(),]/g) ?? [];
  const parts: (string | Printer)[] = tokens.map((tok, i) => {
    if (!/^[a-z]/.test(tok)) return tok;
    if (registerNumber(tok) !== undefined && !(tok in OPERANDS) && !(tok in C_OPERANDS)) return tok;
    const kind = kindOf(tok, kinds);
    if (!kind) throw new Error(`disassembler: ${spec.name}: unknown operand '${tok}' in '${template}'`);
    if (!spec.operands.includes(tok)) throw new Error(`disassembler: ${spec.name} has no operand '${tok}' (template '${template}')`);
    const place: Place = tokens[i + 1] === '(' ? 'offset' : tokens[i - 1] === '(' ? 'base' : 'plain';
    return printer(tok as AnyOperandName, kind, place);
  });
  if (parts.length === 0) return () => '';
  return (word, ctx) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : p(word, ctx);
    return out;
  };
}
