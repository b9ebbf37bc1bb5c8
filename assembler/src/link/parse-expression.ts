/**
 * Expression parser for linker scripts: precedence climbing over the
 * operator table, C precedences, `?:` right-associative, plus ld's built-ins.
 */
import { BINARY_OPS, BINARY_SPELLINGS, CALL_ARITY, QUERY_FUNCTIONS, UNSUPPORTED_FUNCTIONS } from './expr-ops.js';
import type { BinaryOp, CallFunction, Expr, QueryFunction, UnaryOp } from './layout-types.js';
import type { ScriptScanner } from './script-scanner.js';

const ZERO: Expr = { kind: 'number', value: 0 };
const UNARY: readonly UnaryOp[] = ['-', '~', '!', '+'];

/** Parse one expression; on a syntax error, report it and return 0. */
export function parseExpression(s: ScriptScanner): Expr {
  return parseConditional(s);
}

function parseConditional(s: ScriptScanner): Expr {
  const test = parseBinary(s, 1);
  if (!s.eat('?')) return test;
  const then = parseConditional(s);
  s.expect(':', 'in conditional expression');
  return { kind: 'conditional', test, then, else: parseConditional(s) };
}

function parseBinary(s: ScriptScanner, minPrecedence: number): Expr {
  let left = parseUnary(s);
  for (;;) {
    const op = peekBinary(s);
    if (!op || BINARY_OPS[op].precedence < minPrecedence) return left;
    s.pos += op.length;
    const right = parseBinary(s, BINARY_OPS[op].precedence + 1);
    left = { kind: 'binary', op, left, right };
  }
}

// A binary operator ahead, but not the first half of an assignment (`+=`,
// `<<=`) nor `==` read as `=`; those end the expression.
function peekBinary(s: ScriptScanner): BinaryOp | undefined {
  s.skipSpace();
  for (const op of BINARY_SPELLINGS) {
    if (!s.text.startsWith(op, s.pos)) continue;
    const next = s.text[s.pos + op.length];
    if (next === '=' && !['==', '!=', '<=', '>='].includes(op)) return undefined;
    if (op === '/' && next === '*') return undefined;
    return op;
  }
  return undefined;
}

function parseUnary(s: ScriptScanner): Expr {
  const c = s.peek();
  const op = UNARY.find((u) => u === c);
  if (op && !(op === '!' && s.text[s.pos + 1] === '=')) {
    s.pos++;
    return { kind: 'unary', op, operand: parseUnary(s) };
  }
  return parsePrimary(s);
}

function parsePrimary(s: ScriptScanner): Expr {
  const c = s.peek();
  if (c === '(') {
    s.pos++;
    const e = parseExpression(s);
    s.expect(')');
    return e;
  }
  if (/[0-9]/.test(c) || (c === '$' && /[0-9A-Fa-f]/.test(s.text[s.pos + 1] ?? ''))) {
    const start = s.pos;
    const value = s.readNumber();
    const hex = /^0[xX]([0-9A-Fa-f]+)$/.exec(s.text.slice(start, s.pos));
    if (value !== undefined) return hex ? { kind: 'number', value, hex: hex[1] } : { kind: 'number', value };
    s.error('malformed number', start);
    s.readWord('symbol');
    return ZERO;
  }
  const start = s.pos;
  const name = s.readWord('symbol');
  if (name === undefined) {
    s.error(s.atEnd() ? 'expected an expression, found end of file' : `expected an expression, found \`${c}'`);
    return ZERO;
  }
  if (name === '.') return { kind: 'dot' };
  if (name === 'SIZEOF_HEADERS' || name === 'sizeof_headers') return { kind: 'query', fn: 'SIZEOF_HEADERS', name: '' };
  if (s.peek() !== '(') return { kind: 'symbol', name };
  return parseFunction(s, name, start);
}

function parseFunction(s: ScriptScanner, name: string, start: number): Expr {
  const fn = name === 'BLOCK' ? 'ALIGN' : name;
  if (fn in UNSUPPORTED_FUNCTIONS) {
    s.error(`\`${name}' is not supported: ${UNSUPPORTED_FUNCTIONS[fn]}`, start);
    skipParens(s);
    return ZERO;
  }
  if ((QUERY_FUNCTIONS as readonly string[]).includes(fn)) {
    s.expect('(');
    const arg = s.readWord(fn === 'DEFINED' || fn === 'CONSTANT' ? 'symbol' : 'section');
    if (arg === undefined) s.error(`expected a name in \`${fn}(...)'`);
    s.expect(')');
    return { kind: 'query', fn: fn as QueryFunction, name: arg ?? '' };
  }
  if (fn in CALL_ARITY) return parseCall(s, fn as CallFunction, start);
  s.error(`unknown function \`${name}'`, start);
  skipParens(s);
  return ZERO;
}

function parseCall(s: ScriptScanner, fn: CallFunction, start: number): Expr {
  s.expect('(');
  const args: Expr[] = [];
  if (fn === 'SEGMENT_START') {
    // the segment name is a string, not an expression; its default follows
    const seg = s.readQuoted() ?? s.readWord('section');
    if (seg === undefined) s.error('expected a segment name in `SEGMENT_START(...)\'');
    s.expect(',');
    args.push(parseExpression(s));
  } else if (s.peek() !== ')') {
    do args.push(parseExpression(s));
    while (s.eat(','));
  }
  s.expect(')');
  const [min, max] = CALL_ARITY[fn];
  const got = fn === 'SEGMENT_START' ? 2 : args.length;
  if (got < min || got > max) {
    s.error(`\`${fn}' takes ${min === max ? min : `${min} or ${max}`} argument${max > 1 ? 's' : ''}, got ${got}`, start);
    return ZERO;
  }
  return { kind: 'call', fn, args };
}

function skipParens(s: ScriptScanner): void {
  if (!s.eat('(')) return;
  let depth = 1;
  while (depth > 0 && s.pos < s.text.length) {
    const ch = s.text[s.pos++];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
  }
}
