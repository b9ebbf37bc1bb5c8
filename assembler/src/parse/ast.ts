/**
 * The operand syntax tree. Expressions are plain objects; binary operators
 * are nested by GNU as precedence after parsing (see precedence.ts).
 */
export type Expr =
  | { readonly k: 'num'; readonly value: number | bigint; readonly col: number }
  | { readonly k: 'sym'; readonly name: string; readonly col: number }
  | { readonly k: 'local'; readonly label: number; readonly dir: 'b' | 'f'; readonly col: number }
  | { readonly k: 'str'; readonly value: string; readonly col: number }
  | { readonly k: 'unary'; readonly op: string; readonly arg: Expr; readonly col: number }
  | { readonly k: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly col: number }
  | { readonly k: 'reloc'; readonly fn: string; readonly arg: Expr; readonly col: number }
  | { readonly k: 'paren'; readonly inner: Expr; readonly col: number };

/**
 * One operand: an expression, or `offset(base)` as in `lw a0, 8(sp)`.
 * `(a0)` alone parses as a parenthesised expression; the instruction matcher
 * accepts it where a memory operand is expected.
 */
export type Operand =
  | { readonly k: 'expr'; readonly expr: Expr; readonly col: number }
  | { readonly k: 'mem'; readonly offset: Expr; readonly base: Expr; readonly col: number };

/** Binary operator precedence of GNU as (expr.c `op_rank`); higher binds tighter. */
export const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  '*': 8, '/': 8, '%': 8, '<<': 8, '>>': 8,
  '|': 7, '&': 7, '^': 7, '!': 7,
  '+': 5, '-': 5,
  '==': 4, '!=': 4, '<>': 4, '<': 4, '<=': 4, '>': 4, '>=': 4,
  '&&': 3,
  '||': 2,
};
