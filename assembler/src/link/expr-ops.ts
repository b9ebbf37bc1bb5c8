/**
 * The operator and built-in tables of the linker-script expression language.
 * The parser takes precedences from here, the evaluator the arithmetic and
 * the rule for which section the result belongs to (ld's `fold_binary`).
 *
 * Arithmetic is on 64-bit unsigned values (`bfd_vma` on the hosts that build
 * riscv64 binutils); `/` and `%` are signed, as in ldexp.c.
 */
import type { BinaryOp, CallFunction, QueryFunction } from './layout-types.js';

/** Wrap to 64 bits unsigned, as `bfd_vma` arithmetic does. */
export function u64(x: bigint): bigint {
  return BigInt.asUintN(64, x);
}

const s64 = (x: bigint) => BigInt.asIntN(64, x);
const bool = (b: boolean) => (b ? 1n : 0n);

/**
 * How an operator picks its result's section (ld manual, "The Section of an
 * Expression"): `arith` keeps the section of the relative operand when the
 * other is a plain number and yields a number for two operands of the same
 * section; `number` always yields a plain number (comparisons, `&&`, `||`).
 */
export type SectionRule = 'arith' | 'number';

/** One binary operator: C precedence (higher binds tighter) and semantics. */
export interface BinaryOpSpec {
  readonly precedence: number;
  readonly rule: SectionRule;
  /** undefined means the operation is invalid (division by zero). */
  readonly apply: (a: bigint, b: bigint) => bigint | undefined;
}

/** Every binary operator, with ldgram.y's precedences (those of C). */
export const BINARY_OPS = {
  '||': { precedence: 1, rule: 'number', apply: (a, b) => bool(a !== 0n || b !== 0n) },
  '&&': { precedence: 2, rule: 'number', apply: (a, b) => bool(a !== 0n && b !== 0n) },
  // GNU ld has no `^` operator ("ignoring invalid character"), so neither do we
  '|': { precedence: 3, rule: 'arith', apply: (a, b) => a | b },
  '&': { precedence: 5, rule: 'arith', apply: (a, b) => a & b },
  '==': { precedence: 6, rule: 'number', apply: (a, b) => bool(a === b) },
  '!=': { precedence: 6, rule: 'number', apply: (a, b) => bool(a !== b) },
  '<': { precedence: 7, rule: 'number', apply: (a, b) => bool(a < b) },
  '<=': { precedence: 7, rule: 'number', apply: (a, b) => bool(a <= b) },
  '>': { precedence: 7, rule: 'number', apply: (a, b) => bool(a > b) },
  '>=': { precedence: 7, rule: 'number', apply: (a, b) => bool(a >= b) },
  '<<': { precedence: 8, rule: 'arith', apply: (a, b) => u64(a << (b & 63n)) },
  '>>': { precedence: 8, rule: 'arith', apply: (a, b) => a >> (b & 63n) },
  '+': { precedence: 9, rule: 'arith', apply: (a, b) => u64(a + b) },
  '-': { precedence: 9, rule: 'arith', apply: (a, b) => u64(a - b) },
  '*': { precedence: 10, rule: 'arith', apply: (a, b) => u64(a * b) },
  '/': { precedence: 10, rule: 'arith', apply: (a, b) => (b === 0n ? undefined : u64(s64(a) / s64(b))) },
  '%': { precedence: 10, rule: 'arith', apply: (a, b) => (b === 0n ? undefined : u64(s64(a) % s64(b))) },
} as const satisfies Record<BinaryOp, BinaryOpSpec>;

/** Operator spellings, longest first so `<<` is not read as `<`. */
export const BINARY_SPELLINGS: readonly BinaryOp[] = (Object.keys(BINARY_OPS) as BinaryOp[]).sort(
  (a, b) => b.length - a.length,
);

/** Round `value` up to a multiple of `align` (ld's `align_n`: any align, not only powers of two). */
export function alignUp(value: bigint, align: bigint): bigint {
  if (align <= 1n) return value;
  return u64(((value + align - 1n) / align) * align);
}

/** Argument counts of the expression built-ins. */
export const CALL_ARITY = {
  ALIGN: [1, 2],
  ABSOLUTE: [1, 1],
  MAX: [2, 2],
  MIN: [2, 2],
  NEXT: [1, 1],
  LOG2CEIL: [1, 1],
  SEGMENT_START: [2, 2],
} as const satisfies Record<CallFunction, readonly [number, number]>;

/** Spellings of the name-taking built-ins (ld also accepts `BLOCK` for `ALIGN`). */
export const QUERY_FUNCTIONS: readonly QueryFunction[] = [
  'SIZEOF', 'ADDR', 'ALIGNOF', 'LOADADDR', 'ORIGIN', 'LENGTH', 'DEFINED', 'CONSTANT',
];

/** ld's values for `CONSTANT(...)` on elf32lriscv. */
export const CONSTANTS: Readonly<Record<string, bigint>> = { MAXPAGESIZE: 0x1000n, COMMONPAGESIZE: 0x1000n };

/** Built-ins GNU ld has that this subset rejects, with the reason. */
export const UNSUPPORTED_FUNCTIONS: Readonly<Record<string, string>> = {
  DATA_SEGMENT_ALIGN: 'dynamic-linking segment functions are not supported',
  DATA_SEGMENT_RELRO_END: 'dynamic-linking segment functions are not supported',
  DATA_SEGMENT_END: 'dynamic-linking segment functions are not supported',
};
