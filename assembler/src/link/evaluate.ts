/**
 * Expression evaluation with GNU ld's notion of the section of a value
 * (ldexp.c). A value is a plain number, an absolute address, or an offset
 * relative to an output section; which one decides how `. = x` and
 * `sym = x` inside an output section are interpreted:
 *
 *   .data : { . = 0x10; }     0x10 is a number: offset 0x10 into .data
 *   .data : { x = ABS_SYM; }  an absolute symbol inside a section is a number too
 *   . = _start + 0x100;       relative + number stays relative to _start's section
 *
 * All arithmetic is 64-bit unsigned (see expr-ops.ts).
 */
import { alignUp, BINARY_OPS, CONSTANTS, u64 } from './expr-ops.js';
import type { BinaryOp, CallFunction, Expr, QueryFunction } from './layout-types.js';
import { LINK_MESSAGES } from './link-messages.js';

/** What the evaluator needs to know about an output section. */
export interface SectionHandle {
  readonly name: string;
  vma: bigint;
  size: bigint;
  alignPower: number;
  /** ld's `bfd_section != NULL`: the section received inputs or statements. */
  created: boolean;
}

/** The section of a value: a plain number, absolute, or relative to a section. */
export type ValueSection = null | 'abs' | SectionHandle;

/** An evaluated expression. */
export interface Value {
  readonly value: bigint;
  readonly section: ValueSection;
}

/** The environment an expression is evaluated in. */
export interface EvalEnv {
  /** The location counter, as an absolute address. */
  readonly dot: bigint;
  /** The output section being laid out, or `abs` outside output sections. */
  readonly section: 'abs' | SectionHandle;
  lookupSymbol(name: string): Value | undefined;
  /** DEFINED(): defined by the program, or by the script earlier in this pass. */
  isDefined(name: string): boolean;
  findSection(name: string): SectionHandle | undefined;
  findRegion(name: string): { readonly origin: bigint; readonly length: bigint } | undefined;
  /** An error found while evaluating (undefined symbol, division by zero...). */
  report(message: string): void;
}

/** The absolute address (or plain value) of `v`. */
export function absolute(v: Value): bigint {
  return u64(v.value + vmaOf(v.section));
}

function vmaOf(s: ValueSection): bigint {
  return s === null || s === 'abs' ? 0n : s.vma;
}

const num = (value: bigint): Value => ({ value: u64(value), section: null });

// new_rel_from_abs: an absolute address made relative to the current section.
function relFromAbs(env: EvalEnv, address: bigint): Value {
  return { value: u64(address - vmaOf(env.section)), section: env.section };
}

/** Evaluate `expr`; undefined means invalid (an error was reported through `env`). */
export function evaluate(expr: Expr, env: EvalEnv): Value | undefined {
  switch (expr.kind) {
    case 'number':
      // "Expressions outside an output section treat numbers as absolute addresses."
      return { value: u64(BigInt(expr.value)), section: env.section === 'abs' ? 'abs' : null };
    case 'dot':
      return relFromAbs(env, env.dot);
    case 'symbol':
      return symbolValue(expr.name, env);
    case 'unary': {
      const v = evaluate(expr.operand, env);
      if (!v) return undefined;
      const op = { '-': (x: bigint) => -x, '~': (x: bigint) => ~x, '!': (x: bigint) => (x === 0n ? 1n : 0n), '+': (x: bigint) => x }[expr.op];
      return { value: u64(op(v.value)), section: v.section };
    }
    case 'binary':
      return binary(expr.op, expr.left, expr.right, env);
    case 'conditional': {
      const t = evaluate(expr.test, env);
      if (!t) return undefined;
      return evaluate(t.value !== 0n ? expr.then : expr.else, env);
    }
    case 'call':
      return call(expr.fn, expr.args, env);
    case 'query':
      return query(expr.fn, expr.name, env);
  }
}

function symbolValue(name: string, env: EvalEnv): Value | undefined {
  const v = env.lookupSymbol(name);
  if (!v) {
    env.report(LINK_MESSAGES.undefinedSymbol(name));
    return undefined;
  }
  // fold_name: an absolute symbol used inside an output section is a number
  if (v.section === 'abs' && env.section !== 'abs') return { value: v.value, section: null };
  return v;
}

// fold_binary: bring both operands to a common section, then apply.
function binary(op: BinaryOp, l: Expr, r: Expr, env: EvalEnv): Value | undefined {
  const a = evaluate(l, env);
  const b = evaluate(r, env);
  if (!a || !b) return undefined;
  const [lhs, rhs, lhsWasNumber] = commonSection(a, b);
  const spec = BINARY_OPS[op];
  const value = spec.apply(lhs.value, rhs.value);
  if (value === undefined) {
    env.report(LINK_MESSAGES.divisionByZero(op));
    return undefined;
  }
  if (spec.rule === 'number') return num(value);
  return { value, section: arithSection(lhs.section, rhs.section, lhsWasNumber, env) };
}

// Returns the operands with sections reconciled, and whether the lhs was a
// plain number next to a relative rhs (ld clears lhs.section to mark it).
function commonSection(a: Value, b: Value): [Value, Value, boolean] {
  if (a.section === b.section) return [a, b, false];
  if (a.section !== null && b.section !== null) {
    return [{ value: absolute(a), section: 'abs' }, { value: absolute(b), section: 'abs' }, false];
  }
  if (b.section === null) return [{ value: a.value, section: null }, { value: b.value, section: a.section }, true];
  return [a, b, true];
}

// arith_result_section: same section on both sides gives a number (or an
// absolute address outside output sections); otherwise the relative side wins.
function arithSection(l: ValueSection, r: ValueSection, lhsWasNumber: boolean, env: EvalEnv): ValueSection {
  if (!lhsWasNumber && l === r) return env.section === 'abs' ? 'abs' : null;
  return r;
}

function call(fn: CallFunction, args: readonly Expr[], env: EvalEnv): Value | undefined {
  if (fn === 'ALIGN' && args.length === 1) {
    const n = evaluate(args[0], env);
    return n && relFromAbs(env, alignUp(env.dot, n.value));
  }
  if (fn === 'SEGMENT_START') {
    const d = evaluate(args[0], env);
    return d && relFromAbs(env, d.value);
  }
  const vals = args.map((a) => evaluate(a, env));
  if (vals.some((v) => !v)) return undefined;
  const [a, b] = vals as Value[];
  switch (fn) {
    case 'ABSOLUTE':
      return { value: absolute(a), section: 'abs' };
    case 'NEXT':
      return { value: alignUp(env.dot, absolute(a)), section: 'abs' };
    case 'LOG2CEIL':
      return num(BigInt(a.value <= 1n ? 0 : (a.value - 1n).toString(2).length));
    default: {
      // ALIGN(x, n), MAX, MIN: binary folds without arith_result_section
      const [lhs, rhs] = commonSection(a, b);
      const pick = { ALIGN: () => alignUp(lhs.value, rhs.value), MAX: () => (lhs.value > rhs.value ? lhs.value : rhs.value), MIN: () => (lhs.value < rhs.value ? lhs.value : rhs.value) }[fn];
      return { value: pick(), section: rhs.section };
    }
  }
}

function query(fn: QueryFunction, name: string, env: EvalEnv): Value | undefined {
  if (fn === 'DEFINED') return num(env.isDefined(name) ? 1n : 0n);
  if (fn === 'SIZEOF_HEADERS') return num(52n + 2n * 32n);
  if (fn === 'CONSTANT') {
    const c = CONSTANTS[name];
    if (c === undefined) env.report(LINK_MESSAGES.unknownConstant(name));
    return c === undefined ? undefined : num(c);
  }
  if (fn === 'ORIGIN' || fn === 'LENGTH') {
    const r = env.findRegion(name);
    if (!r) {
      env.report(LINK_MESSAGES.undefinedRegion(name));
      return undefined;
    }
    return fn === 'ORIGIN' ? relFromAbs(env, r.origin) : num(r.length);
  }
  const os = env.findSection(name);
  if (!os) {
    env.report(LINK_MESSAGES.undefinedSection(name));
    return fn === 'SIZEOF' || fn === 'ALIGNOF' ? num(0n) : undefined;
  }
  if (fn === 'SIZEOF') return num(os.created ? os.size : 0n);
  if (fn === 'ALIGNOF') return num(os.created ? 1n << BigInt(os.alignPower) : 0n);
  if (fn === 'LOADADDR') return { value: os.vma, section: 'abs' };
  return { value: 0n, section: os };
}
