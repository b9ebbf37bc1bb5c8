/**
 * Operand parsing with a per-shape cache.
 *
 * The nearley grammar (operands.ne) runs once per operand *shape*: the
 * sequence of token types, with operators and punctuation by their text.
 * `addi a0, a1, 5` and `xori t0, t1, 12` share the shape `ident , ident ,
 * number`, so the second is built from the cached tree template without
 * running the Earley parser. Real programs have a few hundred shapes.
 */
import nearley from 'nearley';
import grammar from './operands-grammar.js';
import type { Token } from './lexer.js';
import { BINARY_PRECEDENCE, type Expr, type Operand } from './ast.js';

// ---- templates: trees whose leaves name a token index -------------------

type TExpr =
  | { k: 'leaf'; i: number }
  | { k: 'unary'; op: string; arg: TExpr; i: number }
  | { k: 'binary'; op: string; left: TExpr; right: TExpr; i: number }
  | { k: 'reloc'; i: number; arg: TExpr }
  | { k: 'paren'; inner: TExpr; i: number };
type TOperand = { k: 'expr'; expr: TExpr } | { k: 'mem'; offset: TExpr; base: TExpr };

/** The result of parsing: operands, or the token where parsing failed. */
export type ParseResult = { ok: true; operands: Operand[] } | { ok: false; col: number; message: string };

type Template = { ok: true; operands: TOperand[]; parses: number } | { ok: false; index: number };

const compiled = nearley.Grammar.fromCompiled(grammar);
const parser = new nearley.Parser(compiled);
const initial = parser.save();
/**
 * The cache is a trie over token types (an operator's type is its text), so
 * looking a shape up allocates nothing.
 */
interface ShapeNode {
  readonly next: Map<string, ShapeNode>;
  template?: Template;
}
const cache: ShapeNode = { next: new Map() };

function shapeNode(tokens: readonly Token[], start: number): ShapeNode {
  let node = cache;
  for (let i = start; i < tokens.length; i++) {
    const type = tokens[i].type;
    let child = node.next.get(type);
    if (!child) {
      child = { next: new Map() };
      node.next.set(type, child);
    }
    node = child;
  }
  return node;
}

// Raw nearley output → template. Tokens carry their index in `i`.
type IndexedToken = Token & { i: number };
function toTemplateExpr(node: any): TExpr {
  if (Array.isArray(node)) {
    // A flat operator list [u0, op1, u1, op2, u2, …]: apply precedence by
    // precedence climbing; every GNU as binary operator is left-associative.
    let pos = 0;
    const climb = (minPrec: number): TExpr => {
      let left = toTemplateExpr(node[pos++]);
      while (pos < node.length) {
        const op = node[pos] as IndexedToken;
        const prec = BINARY_PRECEDENCE[op.text];
        if (prec < minPrec) break;
        pos++;
        const right = climb(prec + 1);
        left = { k: 'binary', op: op.text, left, right, i: op.i };
      }
      return left;
    };
    return climb(0);
  }
  switch (node.k) {
    case 'leaf':
      return { k: 'leaf', i: node.tok.i };
    case 'unary':
      return { k: 'unary', op: node.op.text, arg: toTemplateExpr(node.arg), i: node.op.i };
    case 'paren':
      return { k: 'paren', inner: toTemplateExpr(node.inner), i: node.tok.i };
    case 'reloc':
      return { k: 'reloc', i: node.fn.i, arg: toTemplateExpr(node.arg) };
  }
  throw new Error(`operand parser: unexpected node ${JSON.stringify(node)}`);
}

function buildTemplate(tokens: readonly Token[]): Template {
  const indexed: IndexedToken[] = tokens.map((t, i) => ({ ...t, i }));
  parser.restore(initial);
  try {
    parser.feed(indexed as any);
  } catch (e: any) {
    const bad = e?.token?.i ?? tokens.length;
    return { ok: false, index: bad };
  }
  if (parser.results.length === 0) return { ok: false, index: tokens.length };
  const raw = parser.results[0] as any[];
  const operands: TOperand[] = raw.map((o) =>
    o.k === 'mem' ? { k: 'mem', offset: toTemplateExpr(o.offset), base: toTemplateExpr(o.base) } : { k: 'expr', expr: toTemplateExpr(o.expr) },
  );
  return { ok: true, operands, parses: parser.results.length };
}

// ---- instantiation: template + this statement's tokens → AST ----------

const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '0': 0 };

/** The value of a character constant token (`'a`, `'a'`, `'\n'`). */
export function charValue(text: string): number {
  const body = text.slice(1).replace(/'$/, '');
  if (body[0] !== '\\' || body.length === 1) return body.codePointAt(0) ?? 0;
  const rest = body.slice(1);
  if (/^[0-7]{1,3}$/.test(rest)) return parseInt(rest, 8) & 0xff;
  if (/^x[0-9a-fA-F]+$/.test(rest)) return parseInt(rest.slice(1), 16) & 0xff;
  return ESCAPES[rest] ?? rest.charCodeAt(0);
}

/** The value of a number token: hex, binary, octal (leading 0) or decimal. */
export function numberValue(text: string): number | bigint {
  let v: number;
  if (text.length > 2 && (text[1] === 'x' || text[1] === 'X' || text[1] === 'b' || text[1] === 'B')) v = Number(text);
  else if (text.length > 1 && text[0] === '0') v = parseInt(text, 8);
  else v = Number(text);
  if (Number.isSafeInteger(v)) return v;
  const big = text.length > 1 && text[0] === '0' && /^[0-7]+$/.test(text) ? BigInt('0o' + text.slice(1)) : BigInt(text);
  return BigInt.asIntN(64, big);
}

/** Decode the escapes of a string literal token (without the quotes). */
export function stringValue(text: string): string {
  return text.slice(1, -1).replace(/\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/g, (_, e: string) => {
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    return String.fromCharCode(ESCAPES[e] ?? e.charCodeAt(0));
  });
}

/**
 * The bytes of a string literal token: escapes give single bytes, other
 * characters their UTF-8 encoding (GNU as copies source bytes as they are).
 */
export function stringBytes(text: string): Uint8Array {
  const out: number[] = [];
  const body = text.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      if (cp < 0x80) out.push(cp);
      else {
        out.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
        if (cp > 0xffff) i++;
      }
      continue;
    }
    const m = /^([0-7]{1,3}|x[0-9a-fA-F]+|.)/s.exec(body.slice(i + 1))!;
    const e = m[1];
    i += e.length;
    if (/^[0-7]/.test(e)) out.push(parseInt(e, 8) & 0xff);
    else if (e[0] === 'x' && e.length > 1) out.push(parseInt(e.slice(1), 16) & 0xff);
    else out.push(ESCAPES[e] ?? e.charCodeAt(0));
  }
  return Uint8Array.from(out);
}

function leaf(t: Token): Expr {
  switch (t.type) {
    case 'number':
      return { k: 'num', value: numberValue(t.text), col: t.col };
    case 'ident':
      return { k: 'sym', name: t.text, col: t.col };
    case 'localref':
      return { k: 'local', label: Number(t.text.slice(0, -1)), dir: t.text.endsWith('b') ? 'b' : 'f', col: t.col };
    case 'char':
      return { k: 'num', value: charValue(t.text), col: t.col };
    default:
      return { k: 'str', value: stringValue(t.text), col: t.col };
  }
}

/** Index of the first operand token in the statement being built. */
let base = 0;

function build(e: TExpr, toks: readonly Token[]): Expr {
  switch (e.k) {
    case 'leaf':
      return leaf(toks[base + e.i]);
    case 'unary':
      return { k: 'unary', op: e.op, arg: build(e.arg, toks), col: toks[base + e.i].col };
    case 'binary':
      return { k: 'binary', op: e.op, left: build(e.left, toks), right: build(e.right, toks), col: toks[base + e.i].col };
    case 'reloc':
      return { k: 'reloc', fn: toks[base + e.i].text.slice(1), arg: build(e.arg, toks), col: toks[base + e.i].col };
    case 'paren':
      return { k: 'paren', inner: build(e.inner, toks), col: toks[base + e.i].col };
  }
}

const colOf = (e: Expr) => e.col;

/** Parse the operands of one statement (the tokens after its mnemonic). */
export function parseOperands(all: readonly Token[], endCol: number, start = 0): ParseResult {
  const node = shapeNode(all, start);
  // Template token indices count from `start`.
  const tpl = (node.template ??= buildTemplate(start === 0 ? all : all.slice(start)));
  const tokens = all;
  base = start;
  if (!tpl.ok) {
    const t = tokens[start + tpl.index];
    return t ? { ok: false, col: t.col, message: `unexpected '${t.text}'` } : { ok: false, col: endCol, message: 'unexpected end of operands' };
  }
  const operands: Operand[] = tpl.operands.map((o) => {
    if (o.k === 'expr') {
      const expr = build(o.expr, tokens);
      return { k: 'expr', expr, col: colOf(expr) };
    }
    const offset = build(o.offset, tokens);
    return { k: 'mem', offset, base: build(o.base, tokens), col: colOf(offset) };
  });
  return { ok: true, operands };
}

/** How many parses the grammar finds for these tokens (tests assert 1). */
export function countParses(tokens: readonly Token[]): number {
  const tpl = buildTemplate(tokens);
  return tpl.ok ? tpl.parses : 0;
}
