/**
 * What a directive handler receives, and helpers to read its operands.
 */
import type { Expr } from '../../parse/ast.js';
import type { Token } from '../../parse/lexer.js';
import { parseOperands, stringValue } from '../../parse/operand-parser.js';
import type { FileAssembler } from '../file-assembler.js';

export interface DirectiveCall {
  /** Lower-cased directive name, with its dot. */
  readonly name: string;
  /** Tokens after the directive name. */
  readonly tokens: readonly Token[];
  /** Raw text after the directive name (for directives with free syntax). */
  readonly text: string;
  /** Column (0-based) where `text` starts. */
  readonly col: number;
  readonly headCol: number;
}

export type DirectiveHandler = (fa: FileAssembler, call: DirectiveCall) => void;

/** The comma-separated expressions of a directive, or undefined after an error. */
export function exprList(fa: FileAssembler, call: DirectiveCall): Expr[] | undefined {
  const r = parseOperands(call.tokens, call.col + call.text.length);
  if (!r.ok) {
    fa.error(`syntax error in ${call.name}: ${r.message}`, r.col);
    return undefined;
  }
  const out: Expr[] = [];
  for (const o of r.operands) {
    if (o.k !== 'expr') {
      fa.error(`${call.name} takes expressions, not 'offset(register)'`, o.col);
      return undefined;
    }
    out.push(o.expr);
  }
  return out;
}

/** Check the operand count; report and return false if wrong. */
export function arity(fa: FileAssembler, call: DirectiveCall, got: number, min: number, max = min): boolean {
  if (got >= min && got <= max) return true;
  const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  fa.error(`${call.name} takes ${want} operand${max === 1 ? '' : 's'}, got ${got}`, call.headCol);
  return false;
}

/** A symbol name operand (an identifier token). */
export function symbolName(fa: FileAssembler, call: DirectiveCall, tok: Token | undefined): string | undefined {
  if (!tok || tok.type !== 'ident') {
    fa.error(`${call.name} needs a symbol name`, tok?.col ?? call.col);
    return undefined;
  }
  return tok.text;
}

/** Split tokens at top-level commas. */
export function splitTokens(tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.type === '(') depth++;
    if (t.type === ')') depth--;
    if (t.type === ',' && depth === 0) out.push([]);
    else out[out.length - 1].push(t);
  }
  return tokens.length === 0 ? [] : out;
}

/** A string operand's value. */
export function stringOperand(fa: FileAssembler, call: DirectiveCall, tok: Token | undefined): string | undefined {
  if (!tok || tok.type !== 'string') {
    fa.error(`${call.name} needs a string in double quotes`, tok?.col ?? call.col);
    return undefined;
  }
  return stringValue(tok.text);
}
