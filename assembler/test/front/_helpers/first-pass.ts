/**
 * Running pieces of the first pass directly: a FileAssembler over a text,
 * an expression parsed from a string, and a recording Emitter.
 */
import { DiagnosticBag } from '../../../src/diagnostics/diagnostic.js';
import { FileAssembler, type FileSystem } from '../../../src/front/file-assembler.js';
import type { Emitter } from '../../../src/front/instruction.js';
import { parseArch, type Arch } from '../../../src/isa/index.js';
import type { FixupKind } from '../../../src/front/sections.js';
import { evaluate, type EvalContext } from '../../../src/front/evaluate.js';
import type { Expr, Operand } from '../../../src/parse/ast.js';
import { tokenize } from '../../../src/parse/lexer.js';
import { parseOperands } from '../../../src/parse/operand-parser.js';

/** Files for `.include`, by name. */
export const memoryFs = (files: Record<string, string> = {}): FileSystem => ({
  read: (p) => files[p],
  resolveInclude: (name) => (name in files ? name : undefined),
});

/** One file through the first pass (and `finish()` unless told not to). */
export function firstPass(text: string, opts: { finish?: boolean; files?: Record<string, string>; defsym?: Record<string, number>; march?: string } = {}): { fa: FileAssembler; diags: DiagnosticBag } {
  const diags = new DiagnosticBag(false);
  const arch = opts.march ? parseArch(opts.march).arch : undefined;
  const fa = new FileAssembler('t.s', diags, { includePaths: [], defsym: opts.defsym ?? {}, fs: memoryFs(opts.files), listing: false, arch });
  fa.run(text);
  if (opts.finish !== false) fa.finish();
  return { fa, diags };
}

/** The messages of a bag, `line:col: message`. */
export const messages = (diags: DiagnosticBag): string[] => diags.items.map((d) => `${d.line}:${d.column}: ${d.message}`);

/** The operands of an operand text (`a0, 4(sp)`). */
export function operands(text: string): Operand[] {
  const r = parseOperands(tokenize(text).tokens, text.length);
  if (!r.ok) throw new Error(`cannot parse '${text}': ${r.message}`);
  return r.operands;
}

/** The expression of an operand text holding one. */
export function expr(text: string): Expr {
  const [o] = operands(text);
  if (o.k !== 'expr') throw new Error(`'${text}' is not an expression`);
  return o.expr;
}

/** An evaluation context over constant symbols and a fixed `.`. */
export function constants(symbols: Record<string, number | { v: number; base: string }>, dot = 0): EvalContext {
  const ctx: EvalContext = {
    symbol: (name, col) => {
      const s = symbols[name];
      if (s === undefined) return { unknown: true, col };
      return typeof s === 'number' ? { v: s } : s;
    },
    location: () => ({ v: dot, base: '.text' }),
    localLabel: (n, d, col) => ({ error: `no local label ${n}${d}`, col }),
    reloc: (fn, a, col) => (fn === 'lo' ? { v: ((Number(a.v) << 20) >> 20) } : { error: `no %${fn} here`, col }),
  };
  return ctx;
}

export const evalText = (text: string, ctx: EvalContext) => evaluate(expr(text), ctx);

/** An Emitter that records what an instruction statement asks for. */
export class RecordingEmitter implements Emitter {
  readonly words: { word: number; fixups: { kind: FixupKind; col: number }[] }[] = [];
  readonly halves: number[] = [];
  readonly branches: { name: string; rs1: number; rs2: number; rvc?: string }[] = [];
  readonly jumps: { name: string; rd: number; rvc: string }[] = [];
  readonly errors: string[] = [];
  readonly arch: Arch;
  readonly pic = false;
  constructor(private readonly ctx: EvalContext = constants({}), march = 'rv32ima_zicsr_zifencei') {
    this.arch = parseArch(march).arch!;
  }
  evalNow(e: Expr) { return evaluate(e, this.ctx); }
  emitWord(word: number, fixups: readonly { kind: FixupKind; expr: Expr; col: number }[]): void {
    this.words.push({ word, fixups: fixups.map((f) => ({ kind: f.kind, col: f.col })) });
  }
  emitHalf(halfword: number): void {
    this.halves.push(halfword);
  }
  emitBranch(spec: { name: string }, rs1: number, rs2: number, _target: Expr, rvc?: { name: string }): void {
    this.branches.push({ name: spec.name, rs1, rs2, ...(rvc ? { rvc: rvc.name } : {}) });
  }
  emitJump(spec: { name: string }, rd: number, _target: Expr, rvc: { name: string }): void {
    this.jumps.push({ name: spec.name, rd, rvc: rvc.name });
  }
  tempLabel(): string { return '.Ltemp'; }
  error(message: string, col: number): void { this.errors.push(`${col}: ${message}`); }
  isDefined(): boolean { return false; }
}

/** The bytes the first pass left in a section's data fragments, hex (fixups still zero). */
export function sectionHex(text: string, section = '.text', opts: Parameters<typeof firstPass>[1] = {}): string {
  const s = firstPass(text, opts).fa.sections.get(section);
  if (!s) return '';
  return s.frags.map((f) => (f.k === 'data' ? Buffer.from(f.bytes.subarray(0, f.size)).toString('hex') : `<${f.k}:${f.size}>`)).join('');
}
