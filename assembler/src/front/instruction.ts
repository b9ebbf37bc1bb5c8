/**
 * Instructions: match a statement's operands against the forms of its
 * mnemonic (table rows first, then pseudo rows), expand pseudo-instructions,
 * and emit words with fixups for what is not known yet.
 */
import type { Expr, Operand } from '../parse/ast.js';
import { tokenize } from '../parse/lexer.js';
import { parseOperands } from '../parse/operand-parser.js';
import { INSTRUCTIONS, type InstructionSpec } from '../isa/instructions.js';
import { GNU_EXTRAS } from '../isa/gnu-extras.js';
import { OPERANDS, insertField, operandRange, type OperandName } from '../isa/operands.js';
import { csrByName } from '../isa/csrs.js';
import { ABI_NAMES, registerNumber } from '../isa/registers.js';
import { CSRS } from '../isa/csrs.js';
import { suggest } from './suggest.js';
import { PSEUDOS, type PseudoSpec } from './pseudo.js';
import { compileSyntax, matchSlots, type Arg, type Binds, type Slot } from './forms.js';
import type { FixupKind } from './sections.js';
import { isFailure, type EvalResult } from './evaluate.js';
import { toNumber, type Num } from './values.js';

/** What the instruction layer needs from the file being assembled. */
export interface Emitter {
  evalNow(e: Expr): EvalResult;
  emitWord(word: number, fixups: readonly { kind: FixupKind; expr: Expr; col: number }[]): void;
  emitBranch(spec: InstructionSpec, inverse: InstructionSpec, rs1: number, rs2: number, target: Expr): void;
  /** Define a fresh assembler-local label here and return its name. */
  tempLabel(): string;
  error(message: string, col: number): void;
  /** Whether a symbol is defined so far (for CSR operands given by name). */
  isDefined(name: string): boolean;
}

interface Form {
  readonly slots: readonly Slot[];
  readonly syntax: string;
  readonly spec?: InstructionSpec;
  readonly pseudo?: PseudoSpec;
  /** Template expansions, pre-parsed: mnemonic and operands (params as symbols). */
  readonly template?: readonly { name: string; ops: Operand[] }[];
}

function parseTemplate(line: string): { name: string; ops: Operand[] } {
  const sp = line.indexOf(' ');
  const name = sp < 0 ? line : line.slice(0, sp);
  const rest = sp < 0 ? '' : line.slice(sp + 1);
  const r = parseOperands(tokenize(rest).tokens, rest.length);
  if (!r.ok) throw new Error(`pseudo table: cannot parse '${line}'`);
  return { name, ops: r.operands };
}

const FORMS = new Map<string, Form[]>();
for (const spec of INSTRUCTIONS) FORMS.set(spec.name, [{ slots: compileSyntax(spec.syntax), syntax: spec.syntax, spec }]);
// Encodings GNU as knows outside pvlab's ISA (uret, dret, sfence.vm …): assembled, never executed.
for (const { spec, assemble } of GNU_EXTRAS) if (assemble) FORMS.set(spec.name, [{ slots: compileSyntax(spec.syntax), syntax: spec.syntax, spec }]);
for (const pseudo of PSEUDOS) {
  const form: Form = {
    slots: compileSyntax(pseudo.syntax),
    syntax: pseudo.syntax,
    pseudo,
    template: pseudo.special ? undefined : pseudo.expansion.map(parseTemplate),
  };
  FORMS.set(pseudo.name, [...(FORMS.get(pseudo.name) ?? []), form]);
}

/**
 * Mnemonics GNU as 2.40 knows for RV32IMA that pvlab refuses on purpose,
 * each with the reason (also in assembler/README.md).
 */
export const UNSUPPORTED_MNEMONICS: ReadonlyMap<string, string> = new Map([
  ['la.tls.gd', 'thread-local storage (global dynamic) needs a GOT built by the linker; pvlab links static images without one'],
  ['la.tls.ie', 'thread-local storage (initial exec) needs a GOT built by the linker; pvlab links static images without one'],
]);

/** Whether a mnemonic is an instruction or pseudo-instruction. */
export const isMnemonic = (name: string): boolean => FORMS.has(name);
/** Every mnemonic, for "did you mean" suggestions. */
export const allMnemonics = (): string[] => [...FORMS.keys()];

const INVERSE: Record<string, string> = { beq: 'bne', bne: 'beq', blt: 'bge', bge: 'blt', bltu: 'bgeu', bgeu: 'bltu' };
const SPEC = new Map(INSTRUCTIONS.map((s) => [s.name, s]));
const FENCE_BITS: Record<string, number> = { i: 8, o: 4, r: 2, w: 1 };

/** Assemble one instruction statement. */
export function assembleInstruction(name: string, ops: readonly Operand[], em: Emitter, col: number): void {
  const forms = FORMS.get(name)!;
  for (const o of ops) {
    const bad = badRegister(o.k === 'mem' ? o.base : o.expr);
    if (bad) return em.error(bad.message, bad.col);
  }
  for (const form of forms) {
    const binds = matchSlots(form.slots, ops);
    if (!binds) continue;
    if (form.spec) emitSpec(form.spec, binds, em);
    else if (form.template) expandTemplate(form, binds, em, col);
    else expandSpecial(form.pseudo!, binds, em, col);
    return;
  }
  const expected = forms.map((f) => `'${name}${f.syntax ? ' ' + f.syntax : ''}'`).join(' or ');
  em.error(`invalid operands for '${name}': expected ${expected}`, ops[0]?.col ?? col);
}

/** A name that is meant as a register but is not one: `x32`, `A0`. */
function badRegister(e: Expr): { message: string; col: number } | undefined {
  if (e.k === 'paren') return badRegister(e.inner);
  if (e.k !== 'sym' || registerNumber(e.name) !== undefined) return undefined;
  if (/^x\d+$/.test(e.name) && registerNumber(e.name) === undefined) return { message: `bad register '${e.name}': registers are x0 to x31`, col: e.col };
  if (e.name !== e.name.toLowerCase() && registerNumber(e.name.toLowerCase()) !== undefined) return { message: `bad register '${e.name}': register names are lower case ('${e.name.toLowerCase()}')`, col: e.col };
  return undefined;
}

// ---- real instructions -------------------------------------------------

function emitSpec(spec: InstructionSpec, binds: Binds, em: Emitter): void {
  if (spec.format === 'B') {
    const rs1 = binds['rs1'] as { reg: number };
    const rs2 = binds['rs2'] as { reg: number };
    const target = binds['bimm'] as { expr: Expr };
    em.emitBranch(spec, SPEC.get(INVERSE[spec.name])!, rs1.reg, rs2.reg, target.expr);
    return;
  }
  let word = spec.match;
  let fixups: { kind: FixupKind; expr: Expr; col: number }[] | undefined;
  for (const name of spec.operands) {
    const arg = binds[name]!;
    const kind = OPERANDS[name];
    if ('reg' in arg) {
      word = insertField(word, kind, arg.reg);
      continue;
    }
    const value = operandValue(name, arg.expr, em);
    if (value === 'deferred') (fixups ??= []).push({ kind: name as FixupKind, expr: arg.expr, col: arg.col });
    else if (value !== undefined) word = insertField(word, kind, value);
  }
  em.emitWord(word, fixups ?? NO_FIXUPS);
}

const NO_FIXUPS: readonly { kind: FixupKind; expr: Expr; col: number }[] = [];

/**
 * The value of an immediate operand now: a number, `deferred` if it depends
 * on addresses not yet known, or `undefined` after reporting an error.
 */
function operandValue(name: OperandName, e: Expr, em: Emitter): number | 'deferred' | undefined {
  const kind = OPERANDS[name];
  if (kind.class === 'pcrel') return 'deferred';
  if (kind.class === 'csr' && e.k === 'sym') {
    const csr = csrByName(e.name);
    if (csr) return csr.number;
    if (!em.isDefined(e.name)) {
      const hint = suggest(e.name, CSRS.map((c) => c.name));
      em.error(`unknown CSR '${e.name}'${hint ? ` (did you mean '${hint}'?)` : ''}`, e.col);
      return undefined;
    }
  }
  if (kind.class === 'fence') {
    if (e.k === 'sym' && /^[iorw]+$/.test(e.name)) return [...e.name].reduce((m, c) => m | FENCE_BITS[c], 0);
    if (e.k === 'num' && e.value === 0) return 0;
    em.error(`invalid fence set '${e.k === 'sym' ? e.name : '…'}': use letters from 'iorw'`, e.col);
    return undefined;
  }
  if (e.k === 'num') return checkRange(name, e.value, e, em); // the common case, without allocating
  const r = em.evalNow(e);
  if (isFailure(r)) {
    if ('error' in r) {
      em.error(r.error, r.col);
      return undefined;
    }
    return 'deferred';
  }
  if (r.base !== undefined) return 'deferred';
  return checkRange(name, r.v, e, em);
}

/** Range-check an immediate for its operand kind; report and return undefined if out of range. */
export function checkRange(name: OperandName, v: Num, e: Expr, em: { error(m: string, c: number): void }): number | undefined {
  const { min, max } = RANGES[name];
  const n = typeof v === 'number' ? v : toNumber(v);
  if (n < min || n > max) {
    em.error(`immediate ${n} out of range for ${RANGE_NAMES[name] ?? name} (${min}..${max})`, e.col);
    return undefined;
  }
  return n;
}

const RANGES = Object.fromEntries(Object.entries(OPERANDS).map(([n, k]) => [n, operandRange(k)])) as Record<OperandName, { min: number; max: number }>;

const RANGE_NAMES: Partial<Record<OperandName, string>> = {
  imm12: 'a 12-bit signed immediate', simm12: 'a 12-bit signed offset', uimm20: 'a 20-bit upper immediate',
  shamt: 'a shift amount', zimm: 'a 5-bit CSR immediate', csr: 'a CSR number',
  bimm: 'a branch offset', jimm: 'a jump offset',
};

// ---- pseudo-instructions -----------------------------------------------

function substitute(e: Expr, binds: Binds): Expr {
  switch (e.k) {
    case 'sym': {
      const a = binds[e.name];
      if (!a) return e;
      return 'reg' in a ? { k: 'sym', name: ABI_NAMES[a.reg], col: a.col } : a.expr;
    }
    case 'unary':
      return { ...e, arg: substitute(e.arg, binds) };
    case 'binary':
      return { ...e, left: substitute(e.left, binds), right: substitute(e.right, binds) };
    case 'reloc':
      return { ...e, arg: substitute(e.arg, binds) };
    case 'paren':
      return { ...e, inner: substitute(e.inner, binds) };
    default:
      return e;
  }
}

function substituteOperand(o: Operand, binds: Binds, col: number): Operand {
  return o.k === 'expr'
    ? { k: 'expr', expr: substitute(o.expr, binds), col: (o.expr.k === 'sym' ? binds[o.expr.name]?.col : undefined) ?? col }
    : { k: 'mem', offset: substitute(o.offset, binds), base: substitute(o.base, binds), col };
}

function expandTemplate(form: Form, binds: Binds, em: Emitter, col: number): void {
  for (const step of form.template!) assembleInstruction(step.name, step.ops.map((o) => substituteOperand(o, binds, col)), em, col);
}

const sym = (name: string, col: number): Expr => ({ k: 'sym', name, col });
const num = (value: number, col: number): Expr => ({ k: 'num', value, col });
const reloc = (fn: string, arg: Expr): Expr => ({ k: 'reloc', fn, arg, col: arg.col });
const reg = (r: number, col: number): Expr => sym(ABI_NAMES[r], col);
const op = (expr: Expr): Operand => ({ k: 'expr', expr, col: expr.col });
const mem = (offset: Expr, base: Expr): Operand => ({ k: 'mem', offset, base, col: offset.col });

function expandSpecial(p: PseudoSpec, binds: Binds, em: Emitter, col: number): void {
  const get = (n: string) => binds[n]!;
  const rd = (binds['rd'] as { reg: number } | undefined)?.reg;
  switch (p.special) {
    case 'li':
      return loadImmediate(rd!, (get('imm') as { expr: Expr }).expr, em);
    case 'la':
    case 'call':
    case 'tail':
    case 'jump':
    case 'load-symbol':
    case 'store-symbol': {
      // auipc t, %pcrel_hi(symbol); <insn> …, %pcrel_lo(here)(t)
      const target = (get('symbol') as { expr: Expr }).expr;
      if ((p.special === 'load-symbol' || p.special === 'store-symbol') && isConstantNow(target, em)) {
        // GNU as takes only a symbol here (its `A` operand): `lw a0, 4` is not `lw a0, 4(zero)`.
        return em.error(`invalid operands for '${p.name}': '${p.name} ${p.syntax}' needs a symbol, not a constant (an absolute address is 'N(zero)')`, target.col);
      }
      // `call sym` links through ra; `call rd, sym` and `tail` go through t1 (GNU as).
      const t = p.special === 'call' ? (rd === undefined ? 1 : 6) : p.special === 'tail' ? 6 : p.special === 'jump' || p.special === 'store-symbol' ? (get('rs1') as { reg: number }).reg : rd!;
      // Calls use the internal `%call` (R_RISCV_CALL): like %pcrel_hi, but a call to an
      // undefined weak symbol becomes `jalr rd, 0(zero)`, as GNU ld links it.
      const isCall = p.special === 'call' || p.special === 'tail' || p.special === 'jump';
      assembleInstruction('auipc', [op(reg(t, col)), op(reloc(isCall ? 'call' : 'pcrel_hi', target))], em, col);
      // The partner %pcrel_hi is the auipc just before: %pcrel_lo(. - 4), no label needed.
      const lo = reloc('pcrel_lo', { k: 'binary', op: '-', left: sym('.', col), right: num(4, col), col });
      const second: Record<string, () => [string, Operand[]]> = {
        la: () => ['addi', [op(reg(t, col)), op(reg(t, col)), op(lo)]],
        call: () => ['jalr', [op(reg(rd ?? 1, col)), mem(lo, reg(t, col))]],
        tail: () => ['jalr', [op(reg(0, col)), mem(lo, reg(t, col))]],
        jump: () => ['jalr', [op(reg(0, col)), mem(lo, reg(t, col))]],
        'load-symbol': () => [p.name, [op(reg(t, col)), mem(lo, reg(t, col))]],
        'store-symbol': () => [p.name, [op(reg((get('rs2') as { reg: number }).reg, col)), mem(lo, reg(t, col))]],
      };
      const [name, ops] = second[p.special]();
      return assembleInstruction(name, ops, em, col);
    }
  }
}

/** Whether an expression is an absolute number already (not an address). */
function isConstantNow(e: Expr, em: Emitter): boolean {
  const r = em.evalNow(e);
  return !isFailure(r) && r.base === undefined;
}

/**
 * `li rd, imm` as GNU as expands it on RV32 (tc-riscv.c `load_const`): one
 * `addi` when the value fits 12 signed bits, else `lui` of the rounded upper
 * 20 bits and, when the low 12 bits are not zero, an `addi`.
 */
function loadImmediate(rd: number, e: Expr, em: Emitter): void {
  const r = em.evalNow(e);
  if (isFailure(r) || r.base !== undefined) {
    em.error(isFailure(r) && 'error' in r ? r.error : "'li' needs a constant known at this point (use 'la' for addresses)", e.col);
    return;
  }
  // GNU as first sign-extends a 32-bit value, then splits it; bits above 32
  // are dropped by the lui (0x100000000 becomes `lui rd, 0`).
  let v = toNumber(r.v);
  if (v >= 0 && v <= 0xffffffff) v = v | 0;
  const lo = ((v % 4096) << 20) >> 20;
  const hi = v - lo;
  const x = { reg: rd, col: e.col };
  if (hi === 0) return emitSpec(SPEC.get('addi')!, { rd: x, rs1: { reg: 0, col: e.col }, imm12: { expr: num(lo, e.col), col: e.col } }, em);
  emitSpec(SPEC.get('lui')!, { rd: x, uimm20: { expr: num(Math.floor(hi / 4096) & 0xfffff, e.col), col: e.col } }, em);
  if (lo !== 0) emitSpec(SPEC.get('addi')!, { rd: x, rs1: x, imm12: { expr: num(lo, e.col), col: e.col } }, em);
}
