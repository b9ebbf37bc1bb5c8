/**
 * Expression values and arithmetic with GNU as semantics: 64-bit signed
 * integers (binutils evaluates in `offsetT`), comparisons yield -1 for true,
 * and a value may be relative to a symbol (a label or an undefined name).
 */
export type Num = number | bigint;

/** An absolute number, or `base + addend` for a symbol not yet placed. */
export interface Value {
  readonly v: Num;
  /** The symbol the value is relative to, by name; absent when absolute. */
  readonly base?: string;
}

const big = (x: Num): bigint => (typeof x === 'bigint' ? x : BigInt(x));
/** Narrow to a JS number when exact, so the common case stays fast. */
export function norm(x: bigint): Num {
  const w = BigInt.asIntN(64, x);
  return w >= -9007199254740991n && w <= 9007199254740991n ? Number(w) : w;
}
export const toNumber = (x: Num): number => (typeof x === 'bigint' ? Number(BigInt.asIntN(64, x)) : x);
/** The low 32 bits as an unsigned number. */
export const low32 = (x: Num): number => (typeof x === 'bigint' ? Number(BigInt.asUintN(32, x)) : x >>> 0);

export function add(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return norm(big(a) + big(b));
}
export function sub(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return norm(big(a) - big(b));
}

/** Binary operators on absolute values; `undefined` means division by zero. */
export function binary(op: string, a: Num, b: Num): Num | undefined {
  const A = big(a), B = big(b);
  switch (op) {
    case '+': return add(a, b);
    case '-': return sub(a, b);
    case '*': return norm(A * B);
    case '/': return B === 0n ? undefined : norm(A / B);
    case '%': return B === 0n ? undefined : norm(A % B);
    // Shifts by 64 or more give 0, as the host C does for binutils' in-range cases.
    case '<<': return B < 0n || B > 63n ? 0 : norm(A << B);
    case '>>': return B < 0n || B > 63n ? 0 : norm(BigInt.asUintN(64, A) >> B);
    case '|': return norm(A | B);
    case '&': return norm(A & B);
    case '^': return norm(A ^ B);
    case '!': return norm(A | ~B); // GNU's "or not"
    case '==': return A === B ? -1 : 0;
    case '!=': case '<>': return A !== B ? -1 : 0;
    case '<': return A < B ? -1 : 0;
    case '<=': return A <= B ? -1 : 0;
    case '>': return A > B ? -1 : 0;
    case '>=': return A >= B ? -1 : 0;
    case '&&': return A !== 0n && B !== 0n ? 1 : 0;
    case '||': return A !== 0n || B !== 0n ? 1 : 0;
  }
  throw new Error(`unknown operator ${op}`);
}

export function unary(op: string, a: Num): Num {
  switch (op) {
    case '-': return typeof a === 'number' && a !== 0 ? -a : norm(-big(a));
    case '+': return a;
    case '~': return norm(~big(a));
    case '!': return big(a) === 0n ? 1 : 0;
  }
  throw new Error(`unknown operator ${op}`);
}

/** The upper 20 bits, rounded so that adding the signed low 12 bits gives back x (`%hi`). */
export const hi20 = (x: number): number => ((x + 0x800) >>> 12) & 0xfffff;
/** The low 12 bits, sign-extended (`%lo`). */
export const lo12 = (x: number): number => (x << 20) >> 20;
