/**
 * Instructions: match a statement's operands against the forms of its
 * mnemonic (table rows first, then pseudo rows), check that the current
 * architecture has the instruction's extension, expand pseudo-instructions,
 * and emit words with fixups for what is not known yet — or, with the C
 * extension on, the halfword GNU as compresses it to (compressed-instruction.ts).
 */
import type { Expr, Operand } from '../parse/ast.js';
import { tokenize } from '../parse/lexer.js';
import { parseOperands } from '../parse/operand-parser.js';
import { INSTRUCTIONS, type InstructionSpec } from '../isa/instructions.js';
import { GNU_EXTRAS } from '../isa/gnu-extras.js';
import { COMPRESSED, type CompressedSpec } from '../isa/compressed.js';
import { archString, hasExtension, type Arch, type ArchExtension } from '../isa/arch.js';
import { rulesFor, type CompiledRule } from './compressions.js';
import { emitCompressedForm, tryCompress } from './compressed-instruction.js';
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
  /** The architecture in force at this statement (-march, then `.option`). */
  readonly arch: Arch;
  /** `.option pic` is in force. */
  readonly pic: boolean;
  evalNow(e: Expr): EvalResult;
  emitWord(word: number, fixups: readonly { kind: FixupKind; expr: Expr; col: number }[]): void;
  /** A finished 16-bit compressed instruction. */
  emitHalf(halfword: number): void;
  /** A conditional branch, relaxable; `rvc`: it may take c.beqz/c.bnez's 2-byte form. */
  emitBranch(spec: InstructionSpec, rs1: number, rs2: number, target: Expr, rvc?: CompressedSpec): void;
  /** A compressed jump (c.j/c.jal), relaxable to `jal`: `spec` is jal, `rd` its link register. */
  emitJump(spec: InstructionSpec, rd: number, target: Expr, rvc: CompressedSpec): void;
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
  readonly cspec?: CompressedSpec;
  readonly pseudo?: PseudoSpec;
  /** Template expansions, pre-parsed: mnemonic and operands (params as symbols). */
  readonly template?: readonly { name: string; ops: Operand[] }[];
  /** The compression rules of this source form (COMPRESSIONS), in GNU's order. */
  readonly rules: readonly CompiledRule[];
}

function parseTemplate(line: string): { name: string; ops: Operand[] } {
  const sp = line.indexOf(' ');
  const name = sp < 0 ? line : line.slice(0, sp);
  const rest = sp < 0 ? '' : line.slice(sp + 1);
  const r = parseOperands(tokenize(rest).tokens, rest.length);
  if (!r.ok) throw new Error(`pseudo table: cannot parse '${line}'`);
  return { name, ops: r.operands };
}

const formKey = (name: string, syntax: string): string => (syntax ? `${name} ${syntax}` : name);

const FORMS = new Map<string, Form[]>();
const rowForm = (spec: InstructionSpec): Form => ({ slots: compileSyntax(spec.syntax), syntax: spec.syntax, spec, rules: rulesFor(formKey(spec.name, spec.syntax)) });
for (const spec of INSTRUCTIONS) FORMS.set(spec.name, [rowForm(spec)]);
// Encodings GNU as knows outside pvlab's ISA (uret, dret, sfence.vm …): assembled, never executed.
for (const { spec, assemble } of GNU_EXTRAS) if (assemble) FORMS.set(spec.name, [rowForm(spec)]);
for (const cspec of COMPRESSED) FORMS.set(cspec.name, [{ slots: compileSyntax(cspec.syntax), syntax: cspec.syntax, cspec, rules: [] }]);
for (const pseudo of PSEUDOS) {
  const form: Form = {
    slots: compileSyntax(pseudo.syntax),
    syntax: pseudo.syntax,
    pseudo,
    template: pseudo.special ? undefined : pseudo.expansion.map(parseTemplate),
    rules: rulesFor(formKey(pseudo.name, pseudo.syntax)),
  };
  FORMS.set(pseudo.name, [...(FORMS.get(pseudo.name) ?? []), form]);
}

/**
 * The extensions an instruction row needs, any one of them (GNU 2.40:
 * `mul` needs M or Zmmul, `div` needs M, …); none for the base I and the
 * privileged instructions.
 */
function rowNeeds(spec: InstructionSpec): readonly ArchExtension[] {
  switch (spec.ext) {
    case 'M': return /^mul/.test(spec.name) ? ['m', 'zmmul'] : ['m'];
    case 'A': return ['a'];
    case 'Zicsr': return ['zicsr'];
    case 'Zifencei': return ['zifencei'];
    default: return [];
  }
}

/** The extensions a mnemonic's form needs: its row's, or the pseudo's own (GNU's opcode class). */
function needs(form: Form): readonly ArchExtension[] {
  if (form.spec) return rowNeeds(form.spec);
  if (form.cspec) return ['c'];
  return form.pseudo!.needs ? [form.pseudo!.needs] : [];
}
const NEEDS = new Map<Form, readonly ArchExtension[]>([...FORMS.values()].flat().map((f) => [f, needs(f)]));

/**
 * Mnemonics GNU as 2.40 knows for RV32IMA that pvlab refuses on purpose,
 * each with the reason (also in assembler/README.md).
 */
export const UNSUPPORTED_MNEMONICS: ReadonlyMap<string, string> = new Map([
  ['la.tls.gd', 'thread-local storage (global dynamic) needs a GOT built by the linker; pvlab links static images without one'],
  ['la.tls.ie', 'thread-local storage (initial exec) needs a GOT built by the linker; pvlab links static images without one'],
]);

/** The extensions a mnemonic needs, any one of them (its first form's; none for the base). */
export const mnemonicNeeds = (name: string): readonly ArchExtension[] => NEEDS.get(FORMS.get(name)![0]) ?? [];

/** Whether a mnemonic is an instruction or pseudo-instruction. */
export const isMnemonic = (name: string): boolean => FORMS.has(name);
/** Every mnemonic, for "did you mean" suggestions. */
export const allMnemonics = (): string[] => [...FORMS.keys()];

const NO_RULES: readonly CompiledRule[] = Object.freeze([]);
const SPEC = new Map(INSTRUCTIONS.map((s) => [s.name, s]));
const FENCE_BITS: Record<string, number> = { i: 8, o: 4, r: 2, w: 1 };
const [addi, lui] = [SPEC.get('addi')!, SPEC.get('lui')!];

/**
 * Assemble one instruction statement. `via`: the compression rules of the
 * alias pseudo-instruction this instruction is the expansion of (GNU as
 * compresses an alias only as the alias's own entries allow); absent for a
 * source line or a macro step, which use the form's own rules.
 */
export function assembleInstruction(name: string, ops: readonly Operand[], em: Emitter, col: number, via?: readonly CompiledRule[], nested = false): void {
  const forms = FORMS.get(name)!;
  for (const o of ops) {
    const bad = badRegister(o.k === 'mem' ? o.base : o.expr);
    if (bad) return em.error(bad.message, bad.col);
  }
  for (const form of forms) {
    const binds = matchSlots(form.slots, ops);
    if (!binds) continue;
    const need = NEEDS.get(form)!;
    // A pseudo-instruction's steps are not checked again: GNU takes rdcycle as base I, though it is a csrrs.
    if (!nested && need.length > 0 && !hasAnyExtension(em.arch, need)) {
      return em.error(`'${name}' needs extension ${need.map((e) => `'${e}'`).join(' or ')}, which the architecture ${archString(em.arch)} does not have`, col);
    }
    const rules = hasExtension(em.arch, 'c') ? via ?? form.rules : NO_RULES;
    if (form.spec) emitSpec(form.spec, binds, em, rules);
    else if (form.cspec) emitCompressedForm(form.cspec, binds, em, col);
    else if (form.template) expandTemplate(form, binds, em, col, rules);
    else expandSpecial(form.pseudo!, binds, em, col, rules);
    return;
  }
  const expected = forms.map((f) => `'${name}${f.syntax ? ' ' + f.syntax : ''}'`).join(' or ');
  em.error(`invalid operands for '${name}': expected ${expected}`, ops[0]?.col ?? col);
}

/** Whether the architecture has one of the extensions (a loop: no closure per statement). */
function hasAnyExtension(arch: Arch, exts: readonly ArchExtension[]): boolean {
  for (const e of exts) if (hasExtension(arch, e)) return true;
  return false;
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

function emitSpec(spec: InstructionSpec, binds: Binds, em: Emitter, rules: readonly CompiledRule[] = NO_RULES): void {
  if (spec.format === 'B') {
    const rs1 = binds['rs1'] as { reg: number };
    const rs2 = binds['rs2'] as { reg: number };
    const target = binds['bimm'] as { expr: Expr };
    if (rules.length > 0 && tryCompress(rules, spec, [rs1.reg, rs2.reg, undefined], target.expr, em)) return;
    em.emitBranch(spec, rs1.reg, rs2.reg, target.expr);
    return;
  }
  let word = spec.match;
  let fixups: { kind: FixupKind; expr: Expr; col: number }[] | undefined;
  // With rules to try, the operand values (undefined: not known yet) and a jump's target.
  const values: (number | undefined)[] | undefined = rules.length > 0 ? [] : undefined;
  let target: Expr | undefined;
  for (const name of spec.operands) {
    const arg = binds[name]!;
    const kind = OPERANDS[name];
    if ('reg' in arg) {
      word = insertField(word, kind, arg.reg);
      values?.push(arg.reg);
      continue;
    }
    const value = operandValue(name, arg.expr, em);
    if (value === 'deferred') {
      (fixups ??= []).push({ kind: name as FixupKind, expr: arg.expr, col: arg.col });
      if (kind.class === 'pcrel') target = arg.expr;
      values?.push(undefined);
    } else if (value !== undefined) {
      word = insertField(word, kind, value);
      values?.push(value);
    } else return em.emitWord(word, NO_FIXUPS); // an error was reported; keep the size
  }
  if (values && tryCompress(rules, spec, values, target, em)) return;
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

/**
 * A template pseudo-instruction: each step assembled as a line. A GNU macro
 * (sext.b, …) assembles its steps as if written, so each compresses by its
 * own rules; an alias compresses only by the alias's rules (`rules`).
 */
function expandTemplate(form: Form, binds: Binds, em: Emitter, col: number, rules: readonly CompiledRule[]): void {
  const via = form.pseudo!.macro ? undefined : rules;
  for (const step of form.template!) assembleInstruction(step.name, step.ops.map((o) => substituteOperand(o, binds, col)), em, col, via, true);
}

const sym = (name: string, col: number): Expr => ({ k: 'sym', name, col });
const num = (value: number, col: number): Expr => ({ k: 'num', value, col });
const reloc = (fn: string, arg: Expr): Expr => ({ k: 'reloc', fn, arg, col: arg.col });
const reg = (r: number, col: number): Expr => sym(ABI_NAMES[r], col);
const op = (expr: Expr): Operand => ({ k: 'expr', expr, col: expr.col });
const mem = (offset: Expr, base: Expr): Operand => ({ k: 'mem', offset, base, col: offset.col });

function expandSpecial(p: PseudoSpec, binds: Binds, em: Emitter, col: number, rules: readonly CompiledRule[]): void {
  const rd = (binds['rd'] as { reg: number } | undefined)?.reg;
  switch (p.special) {
    case 'li':
      return loadImmediate(rd!, (binds['imm'] as { expr: Expr }).expr, em, rules);
    case 'la':
    case 'call':
    case 'tail':
    case 'jump':
    case 'load-symbol':
    case 'store-symbol': {
      // auipc t, %pcrel_hi(symbol); <insn> …, %pcrel_lo(here)(t)
      const target = (binds['symbol'] as { expr: Expr }).expr;
      if (p.name === 'la' && em.pic) {
        return em.error("'la' under .option pic loads the address from the GOT, which pvlab does not build: use 'lla' (or .option nopic)", col);
      }
      if ((p.special === 'load-symbol' || p.special === 'store-symbol') && isConstantNow(target, em)) {
        // GNU as takes only a symbol here (its `A` operand): `lw a0, 4` is not `lw a0, 4(zero)`.
        return em.error(`invalid operands for '${p.name}': '${p.name} ${p.syntax}' needs a symbol, not a constant (an absolute address is 'N(zero)')`, target.col);
      }
      // `call sym` links through ra; `call rd, sym` and `tail` go through t1 (GNU as).
      const t = p.special === 'call' ? (rd === undefined ? 1 : 6) : p.special === 'tail' ? 6 : p.special === 'jump' || p.special === 'store-symbol' ? (binds['rs1'] as { reg: number }).reg : rd!;
      // Calls use the internal `%call` (R_RISCV_CALL): like %pcrel_hi, but a call to an
      // undefined weak symbol becomes `jalr rd, 0(zero)`, as GNU ld links it.
      const isCall = p.special === 'call' || p.special === 'tail' || p.special === 'jump';
      assembleInstruction('auipc', [op(reg(t, col)), op(reloc(isCall ? 'call' : 'pcrel_hi', target))], em, col, undefined, true);
      // The partner %pcrel_hi is the auipc just before: %pcrel_lo(. - 4), no label needed.
      const lo = reloc('pcrel_lo', { k: 'binary', op: '-', left: sym('.', col), right: num(4, col), col });
      switch (p.special) {
        case 'la': return assembleInstruction('addi', [op(reg(t, col)), op(reg(t, col)), op(lo)], em, col, undefined, true);
        case 'call': return assembleInstruction('jalr', [op(reg(rd ?? 1, col)), mem(lo, reg(t, col))], em, col, undefined, true);
        case 'tail':
        case 'jump': return assembleInstruction('jalr', [op(reg(0, col)), mem(lo, reg(t, col))], em, col, undefined, true);
        case 'load-symbol': return assembleInstruction(p.name, [op(reg(t, col)), mem(lo, reg(t, col))], em, col, undefined, true);
        case 'store-symbol': return assembleInstruction(p.name, [op(reg((binds['rs2'] as { reg: number }).reg, col)), mem(lo, reg(t, col))], em, col, undefined, true);
      }
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
 *
 * With the C extension, li's own entries come first (`rules`: c.lui for a
 * value that is an upper immediate, c.li for 6 bits); the one-`addi` form is
 * GNU's alias `li d,j`, never compressed; the `lui`/`addi` pair is GNU's
 * macro, whose steps compress as if written.
 */
function loadImmediate(rd: number, e: Expr, em: Emitter, rules: readonly CompiledRule[]): void {
  const r = em.evalNow(e);
  if (isFailure(r) || r.base !== undefined) {
    em.error(isFailure(r) && 'error' in r ? r.error : "'li' needs a constant known at this point (use 'la' for addresses)", e.col);
    return;
  }
  // li's own entries see the value as written: `li d,Cv` takes a value whose low 12 bits
  // are zero and whose upper part c.lui encodes (0x100001000 too: bits above 32 drop),
  // `li d,Co` a value of -32..31 (so 0xffffffff is not -1 here).
  const raw = toNumber(r.v);
  for (const rule of rules) {
    const asLui = rule.cspec.expansion?.base === lui;
    if (asLui ? raw % 4096 !== 0 : raw < -32 || raw > 31) continue;
    if (tryCompress([rule], asLui ? lui : addi, asLui ? [rd, Math.floor(raw / 4096) & 0xfffff] : [rd, 0, raw], undefined, em)) return;
  }
  // GNU as first sign-extends a 32-bit value, then splits it; bits above 32
  // are dropped by the lui (0x100000000 becomes `lui rd, 0`).
  let v = raw;
  if (v >= 0 && v <= 0xffffffff) v = v | 0;
  const lo = ((v % 4096) << 20) >> 20;
  const hi = v - lo;
  const x = { reg: rd, col: e.col };
  const upper = Math.floor(hi / 4096) & 0xfffff;
  // One addi is GNU's alias `li d,j`, never compressed; lui (+ addi) its macro, whose steps are.
  if (hi === 0) return emitSpec(addi, { rd: x, rs1: { reg: 0, col: e.col }, imm12: { expr: num(lo, e.col), col: e.col } }, em);
  const c = rules.length > 0;
  emitSpec(lui, { rd: x, uimm20: { expr: num(upper, e.col), col: e.col } }, em, c ? rulesFor(formKey('lui', lui.syntax)) : NO_RULES);
  if (lo !== 0) emitSpec(addi, { rd: x, rs1: x, imm12: { expr: num(lo, e.col), col: e.col } }, em, c ? rulesFor(formKey('addi', addi.syntax)) : NO_RULES);
}
