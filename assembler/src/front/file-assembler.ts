/**
 * The first pass over one source file: read lines through the input stack,
 * split statements, define labels, run directives and instructions, and
 * leave each section as fragments with fixups. `finish()` then sizes the
 * fragments (relaxation) so the linker can place the sections.
 */
import type { Expr, Operand } from '../parse/ast.js';
import { tokenize, type Token } from '../parse/lexer.js';
import { parseOperands } from '../parse/operand-parser.js';
import type { DiagnosticBag, SourceLocation } from '../diagnostics/diagnostic.js';
import type { InstructionSpec } from '../isa/instructions.js';
import { lineReader, splitStatements, type Line } from './source.js';
import { arrayReader, lineDirective, type Collecting, type Conditional, type Frame, type MacroDef } from './input.js';
import { LocalLabels, newSymbol, type Sym } from './symbols.js';
import { newDataFrag, newSection, reserve, type DataFrag, type Frag, type FixupKind, type Section } from './sections.js';
import { evaluate, isFailure, type EvalContext, type EvalResult } from './evaluate.js';
import { assembleInstruction, isMnemonic, allMnemonics, UNSUPPORTED_MNEMONICS, type Emitter } from './instruction.js';
import { DIRECTIVES, CONDITIONAL_DIRECTIVES, type DirectiveCall } from './directives/index.js';
import { expandMacro } from './directives/macros.js';
import { suggest } from './suggest.js';
import { relaxSections } from './relax.js';
import { low32, type Num } from './values.js';

/** Reads files for `.include` (and the top-level file when no text is given). */
export interface FileSystem {
  read(path: string): string | undefined;
  resolveInclude(name: string, fromFile: string, includePaths: readonly string[]): string | undefined;
}

export interface FileOptions {
  readonly includePaths: readonly string[];
  readonly defsym: Readonly<Record<string, number>>;
  readonly fs: FileSystem;
  /** Record where each statement's bytes go, for `Program.listing()`. */
  readonly listing?: boolean;
}

/** A place in the output: a fragment and an offset inside it. */
export interface Place {
  readonly frag: Frag;
  readonly offset: number;
}

/** Where an instruction went and which source line it came from. */
export interface LineRecord {
  readonly section: Section;
  readonly frag: Frag;
  readonly offset: number;
  readonly file: string;
  readonly line: number;
}

/** Where a statement's bytes went, for listings. */
export interface ListingEntry {
  readonly section: Section;
  readonly start: Place;
  readonly end: Place;
  readonly at: SourceLocation;
}

const MAX_DEPTH = 100;

export class FileAssembler implements Emitter {
  readonly sections = new Map<string, Section>();
  readonly symbols = new Map<string, Sym>();
  readonly macros = new Map<string, MacroDef>();
  readonly listing: ListingEntry[] = [];
  /** Instruction addresses → source line, for the line map and DWARF. */
  readonly lineRecords: LineRecord[] = [];
  readonly printed: string[] = [];
  readonly locals = new LocalLabels();

  section!: Section;
  subsection = 0;
  /** `.pushsection` stack and the section before the last switch (`.previous`). */
  readonly sectionStack: [Section, number][] = [];
  previous: [Section, number] | undefined;

  readonly frames: Frame[] = [];
  readonly conds: Conditional[] = [];
  collecting: Collecting | undefined;
  macroCounter = 0;
  private tempCounter = 0;
  private ended = false;

  /** The statement being assembled. */
  private curLine: Line = { text: '', file: '', line: 0 };
  private curCol = 0;
  private atCache: SourceLocation | undefined;
  /** Where the statement being assembled starts (made on demand: most statements never need it). */
  get at(): SourceLocation {
    return (this.atCache ??= { file: this.curLine.file, line: this.curLine.line, column: this.curCol + 1, sourceLine: this.curLine.text });
  }
  private expansion: SourceLocation[] = [];
  /** Bumped whenever the input stack changes, so the expansion chain is recomputed only then. */
  framesVersion = 0;
  private expansionVersion = -1;
  private current: DataFrag | undefined;

  constructor(
    readonly path: string,
    readonly diags: DiagnosticBag,
    readonly options: FileOptions,
  ) {
    for (const [name, value] of Object.entries(options.defsym)) {
      const s = this.symbol(name);
      s.kind = 'equ';
      s.constant = value;
    }
    this.switchSection('.text', 0);
    // GNU as always has .data and .bss, even when empty.
    for (const n of ['.data', '.bss']) this.getSection(n);
  }

  // ---- input --------------------------------------------------------------

  run(text: string): void {
    this.frames.push({ next: lineReader(text, this.path), kind: 'file', path: this.path, condDepth: 0 });
    while (this.frames.length > 0 && !this.ended) {
      const line = this.frames[this.frames.length - 1].next();
      if (line === undefined) {
        this.frames.pop();
        this.framesVersion++;
        continue;
      }
      this.processLine(line);
    }
    if (this.collecting) this.errorAt(`unterminated .${this.collecting.kind === 'macro' ? 'macro' : 'rept'}: missing .end${this.collecting.kind === 'macro' ? 'm' : 'r'}`, this.collecting.at);
    for (const c of this.conds) this.errorAt('unterminated .if: missing .endif', c.at);
  }

  /** Push lines to be read next (an include, a macro expansion, a repeat). */
  pushFrame(frame: Omit<Frame, 'condDepth'>): boolean {
    if (this.frames.length >= MAX_DEPTH) {
      this.error(frame.kind === 'macro' ? `macro expansion nested too deeply (${MAX_DEPTH} levels): is the macro recursive?` : `nesting too deep (${MAX_DEPTH} levels)`);
      return false;
    }
    this.frames.push({ ...frame, condDepth: this.conds.length });
    this.framesVersion++;
    return true;
  }

  /** Stop reading this file (`.end`). */
  end(): void {
    this.ended = true;
  }

  private processLine(line: Line): void {
    if (this.framesVersion !== this.expansionVersion) {
      this.expansion = this.frames.filter((f) => f.from).map((f) => f.from!).reverse();
      this.expansionVersion = this.framesVersion;
    }
    const stmts = splitStatements(line.text);
    for (let k = 0; k < stmts.length; k++) {
      const stmt = stmts[k];
      if (this.collecting) {
        this.collect({ ...line, text: stmt.text });
        continue;
      }
      this.curLine = line;
      this.curCol = stmt.col;
      this.atCache = undefined;
      const section = this.section;
      const start = this.options.listing ? this.here() : undefined;
      const depth = this.frames.length;
      this.processStatement(stmt.text, stmt.col, line);
      if (start && this.section === section) {
        const end = this.here();
        if (end.frag !== start.frag || end.offset !== start.offset) this.listing.push({ section, start, end, at: this.at });
      }
      if (this.ended) return;
      if (this.frames.length > depth && k + 1 < stmts.length) {
        // A macro or include expanded mid-line: the rest of the line comes after it.
        const rest = stmts.slice(k + 1).map((st) => ({ ...line, text: ' '.repeat(st.col) + st.text }));
        this.frames.splice(depth, 0, { next: arrayReader(rest), kind: 'rest', condDepth: this.conds.length });
        this.framesVersion++;
        return;
      }
    }
  }

  /** Add one statement to the body being collected, or close it. */
  private collect(line: Line): void {
    const c = this.collecting!;
    const d = lineDirective(line.text);
    const opens = c.kind === 'macro' ? d === '.macro' : d === '.rept' || d === '.irp' || d === '.irpc';
    const closes = c.kind === 'macro' ? d === '.endm' : d === '.endr';
    if (opens) c.depth++;
    if (closes && --c.depth === 0) {
      this.collecting = undefined;
      c.done(c.body);
      return;
    }
    c.body.push(line);
  }

  get skipping(): boolean {
    const top = this.conds[this.conds.length - 1];
    return top !== undefined && !(top.active && top.parentActive);
  }

  private processStatement(text: string, col0: number, line: Line): void {
    const { tokens, badColumn } = tokenize(text, col0);
    let i = 0;
    if (this.conds.length > 0 && this.skipping) {
      // Only conditionals nest inside a skipped block.
      while (i + 1 < tokens.length && tokens[i + 1].type === ':') i += 2;
      const head = tokens[i];
      const name = head?.text.toLowerCase();
      if (head?.type === 'ident' && CONDITIONAL_DIRECTIVES.has(name)) this.directive(name, head, tokens.slice(i + 1), text, col0);
      return;
    }
    if (badColumn !== undefined) {
      this.error(`invalid character '${text[badColumn - col0]}'`, badColumn);
      return;
    }
    // Labels: `name:` or `N:`, any number of them, anywhere before the mnemonic.
    while (i + 1 < tokens.length && tokens[i + 1].type === ':' && (tokens[i].type === 'ident' || tokens[i].type === 'number')) {
      this.defineLabel(tokens[i]);
      i += 2;
    }
    if (i >= tokens.length) return;
    const head = tokens[i];
    if (head.type === 'ident' && tokens[i + 1]?.type === '=' && tokens[i + 2]?.type !== '=') {
      this.directive('.set', head, [head, { type: ',', text: ',', col: tokens[i + 1].col }, ...tokens.slice(i + 2)], text, col0);
      return;
    }
    if (head.type !== 'ident') {
      this.error(`expected an instruction, a directive or a label, found '${head.text}'`, head.col);
      return;
    }
    const name = head.text.toLowerCase();
    const macro = this.macros.get(name);
    if (macro) {
      const restText = text.slice(head.col - col0 + head.text.length);
      expandMacro(this, macro, restText, line);
      return;
    }
    if (name.startsWith('.')) return this.directive(name, head, tokens.slice(i + 1), text, col0);
    if (!isMnemonic(name)) {
      const why = UNSUPPORTED_MNEMONICS.get(name);
      if (why !== undefined) return this.error(`'${head.text}' is not supported: ${why}`, head.col);
      const hint = suggest(name, [...allMnemonics(), ...this.macros.keys()]);
      this.error(`unknown instruction '${head.text}'${hint ? ` (did you mean '${hint}'?)` : ''}`, head.col);
      return;
    }
    const parsed = parseOperands(tokens, col0 + text.length, i + 1);
    if (!parsed.ok) {
      this.error(`syntax error in operands: ${parsed.message}`, parsed.col);
      return;
    }
    this.instruction(name, parsed.operands, head.col);
  }

  private directive(name: string, head: Token, rest: Token[], text: string, col0: number): void {
    const handler = DIRECTIVES.get(name);
    if (!handler) {
      const hint = suggest(name, [...DIRECTIVES.keys()]);
      this.error(`unknown directive '${head.text}'${hint ? ` (did you mean '${hint}'?)` : ''}`, head.col);
      return;
    }
    const restStart = head.col - col0 + head.text.length;
    const call: DirectiveCall = { name, tokens: rest, text: text.slice(restStart), col: col0 + restStart, headCol: head.col };
    handler(this, call);
  }

  /** Assemble an instruction (also used by `.insn` and macros). */
  instruction(name: string, ops: readonly Operand[], col: number): void {
    if (this.section.nobits) {
      this.error(`instruction in a NOBITS section (${this.section.name})`, col);
      return;
    }
    const frag = this.data();
    const offset = frag.size;
    assembleInstruction(name, ops, this, col);
    const site = this.expansion.length > 0 ? this.expansion[this.expansion.length - 1] : this.curLine;
    this.lineRecords.push({ section: this.section, frag, offset, file: site.file, line: site.line });
  }

  /** The outermost source line (the macro call site, when expanding a macro). */
  callSite(): SourceLocation {
    return this.expansion.length > 0 ? this.expansion[this.expansion.length - 1] : this.at;
  }

  // ---- diagnostics --------------------------------------------------------

  error(message: string, col?: number): void {
    this.errorAt(message, col === undefined ? this.at : { ...this.at, column: col + 1 });
  }
  errorAt(message: string, at: SourceLocation): void {
    this.diags.error(message, at, this.expansion.length ? this.expansion : undefined);
  }
  warning(message: string, col?: number): void {
    this.diags.warning(message, col === undefined ? this.at : { ...this.at, column: col + 1 }, this.expansion.length ? this.expansion : undefined);
  }

  // ---- sections and fragments ---------------------------------------------

  getSection(name: string): Section {
    let s = this.sections.get(name);
    if (!s) {
      s = newSection(name, this.path);
      this.sections.set(name, s);
    }
    return s;
  }

  switchSection(name: string, subsection: number): Section {
    if (this.section) this.previous = [this.section, this.subsection];
    this.section = this.getSection(name);
    this.subsection = subsection;
    this.current = undefined;
    return this.section;
  }

  private fragList(): Frag[] {
    let list = this.section.subsections.get(this.subsection);
    if (!list) {
      list = [];
      this.section.subsections.set(this.subsection, list);
    }
    return list;
  }

  private push(frag: Frag): void {
    const end = this.provisionalEnd();
    frag.home = { sub: this.subsection, offset: end.offset, variable: end.variable };
    this.fragList().push(frag);
  }

  private provisionalEnd(): { offset: number; variable: number } {
    const list = this.fragList();
    const last = list[list.length - 1];
    if (!last) return { offset: 0, variable: 0 };
    const p = last.home!;
    return { offset: p.offset + last.size, variable: p.variable + (last.k === 'data' ? 0 : 1) };
  }

  /** The current data fragment, opened if needed. */
  data(): DataFrag {
    if (!this.current) {
      this.current = newDataFrag();
      this.push(this.current);
    }
    return this.current;
  }

  /** Append a fragment of variable size; data goes into a new fragment after it. */
  addFrag(frag: Frag): void {
    this.push(frag);
    this.current = undefined;
  }

  /** Where the next byte goes: a fragment and an offset in it. */
  here(): Place {
    const d = this.data();
    return { frag: d, offset: d.size };
  }

  emitBytes(bytes: ArrayLike<number>): void {
    const d = this.data();
    reserve(d, bytes.length);
    d.bytes.set(bytes, d.size);
    d.size += bytes.length;
  }

  /** Emit `size` little-endian bytes of a number (two's complement). */
  emitNumber(value: Num, size: number): void {
    const d = this.data();
    reserve(d, size);
    if (typeof value === 'number' && size <= 4 && value >= -0x80000000 && value <= 0xffffffff) {
      const x = value >>> 0;
      for (let i = 0; i < size; i++) d.bytes[d.size + i] = (x >>> (8 * i)) & 0xff;
    } else {
      let v = BigInt.asUintN(64, BigInt(value));
      for (let i = 0; i < size; i++, v >>= 8n) d.bytes[d.size + i] = Number(v & 0xffn);
    }
    d.size += size;
  }

  addFixup(kind: FixupKind, expr: Expr, size: number, pcDelta = 0): void {
    const d = this.data();
    d.fixups.push({ offset: d.size, kind, expr: this.capture(expr), at: this.at, pcOffset: d.size + pcDelta });
    this.emitNumber(0, size);
  }

  // ---- Emitter: what instructions need ------------------------------------

  emitWord(word: number, fixups: readonly { kind: FixupKind; expr: Expr; col: number }[]): void {
    const d = this.data();
    for (const f of fixups) d.fixups.push({ offset: d.size, kind: f.kind, expr: this.capture(f.expr), at: { ...this.at, column: f.col + 1 }, pcOffset: d.size });
    this.emitNumber(word >>> 0, 4);
  }

  emitBranch(spec: InstructionSpec, inverse: InstructionSpec, rs1: number, rs2: number, target: Expr): void {
    this.addFrag({ k: 'branch', spec, inverse, rs1, rs2, target: this.capture(target), at: { ...this.at, column: target.col + 1 }, size: 4, offset: 0 });
  }

  isDefined(name: string): boolean {
    const s = this.symbols.get(name);
    return s !== undefined && s.kind !== 'undef';
  }

  tempLabel(): string {
    const name = `.Lpvlab${++this.tempCounter}`;
    this.placeLabel(this.symbol(name));
    return name;
  }

  // ---- symbols ------------------------------------------------------------

  symbol(name: string): Sym {
    let s = this.symbols.get(name);
    if (!s) {
      s = newSymbol(name);
      this.symbols.set(name, s);
    }
    return s;
  }

  private defineLabel(tok: Token): void {
    const name = tok.type === 'number' ? this.locals.define(Number(tok.text)) : tok.text;
    const s = this.symbol(name);
    if (s.kind !== 'undef') {
      const prev = s.definedAt ? ` (first defined at ${s.definedAt.file}:${s.definedAt.line})` : '';
      this.error(`symbol '${tok.text}' is already defined${prev}`, tok.col);
      return;
    }
    s.definedAt = { ...this.at, column: tok.col + 1 };
    this.placeLabel(s);
  }

  placeLabel(s: Sym): void {
    const h = this.here();
    s.kind = 'label';
    s.section = this.section;
    s.frag = h.frag;
    s.fragOffset = h.offset;
    s.expr = undefined;
    s.constant = undefined;
  }

  /**
   * Make an expression safe to evaluate later: numeric local references
   * (`1b`, `1f`) are bound to the labels they mean at this point.
   */
  capture(e: Expr): Expr {
    switch (e.k) {
      case 'local': {
        const name = this.locals.ref(e.label, e.dir);
        return name ? { k: 'sym', name, col: e.col } : e;
      }
      case 'unary':
        return { ...e, arg: this.capture(e.arg) };
      case 'binary':
        return { ...e, left: this.capture(e.left), right: this.capture(e.right) };
      case 'reloc':
        return { ...e, arg: this.capture(e.arg) };
      case 'paren':
        return { ...e, inner: this.capture(e.inner) };
      default:
        return e;
    }
  }

  // ---- evaluation now (first pass) ----------------------------------------

  private evaluating = new Set<string>();

  /** The context in which expressions are evaluated during the first pass. */
  readonly now: EvalContext = {
    symbol: (name, col) => {
      const s = this.symbols.get(name);
      if (!s) {
        this.symbol(name).firstUseAt = { ...this.at, column: col + 1 };
        return { unknown: true, col };
      }
      if (s.kind === 'equ') {
        if (s.constant !== undefined) return { v: s.constant };
        if (this.evaluating.has(name)) return { error: `symbol '${name}' is defined in terms of itself`, col };
        this.evaluating.add(name);
        try {
          return evaluate(s.expr!, this.now);
        } finally {
          this.evaluating.delete(name);
        }
      }
      if (s.kind === 'label') return this.labelNow(s, col);
      return { unknown: true, col };
    },
    location: () => {
      const end = this.provisionalEnd();
      return { v: end.offset, base: `${this.section.name}#${this.subsection}#${end.variable}` };
    },
    localLabel: (n, dir, col) => this.locals.ref(n, dir) ?? { error: `backward reference to local label '${n}' that is not defined yet`, col },
    reloc: (fn, a, col) => relocNow(fn, a, col),
  };

  private labelNow(s: Sym, col: number): EvalResult {
    const p = s.frag!.home!;
    return { v: p.offset + s.fragOffset, base: `${s.section!.name}#${p.sub}#${p.variable}` };
  }

  evalNow(e: Expr): EvalResult {
    return evaluate(e, this.now);
  }

  /** Evaluate to an absolute number now, or report why not. */
  absolute(e: Expr, what: string): Num | undefined {
    const r = this.evalNow(e);
    if (isFailure(r)) {
      this.error('error' in r ? r.error : `${what} must be a constant known at this point`, r.col);
      return undefined;
    }
    if (r.base !== undefined) {
      this.error(`${what} must be a constant, not an address`, e.col);
      return undefined;
    }
    return r.v;
  }

  // ---- end of file ----------------------------------------------------------

  /** Concatenate subsections and size every fragment. */
  finish(): void {
    for (const s of this.sections.values()) {
      const subs = [...s.subsections.keys()].sort((a, b) => a - b);
      s.frags = subs.flatMap((n) => s.subsections.get(n)!);
      // A code section ends padded with nops to its alignment (GNU as's SUB_SEGMENT_ALIGN).
      if (s.flags.exec && s.align > 1 && s.frags.length > 0) {
        s.frags.push({ k: 'align', alignment: s.align, fill: 0, fillSize: 1, maxSkip: Infinity, code: true, size: 0, offset: 0 });
      }
    }
    relaxSections(this);
  }
}

/** `%hi`/`%lo` of a constant are known now; pc-relative ones wait for addresses. */
export function relocNow(fn: string, a: { v: Num; base?: string }, col: number): EvalResult {
  switch (fn) {
    case 'hi':
    case 'lo':
      if (a.base !== undefined) return { unknown: true, col };
      return { v: fn === 'hi' ? hi20(low32(a.v)) : lo12(low32(a.v)) };
    case 'pcrel_hi':
    case 'pcrel_lo':
    case 'call':
      return { unknown: true, col };
  }
  return { error: `unknown relocation function '%${fn}' (pvlab supports %hi, %lo, %pcrel_hi, %pcrel_lo)`, col };
}

/** The upper 20 bits, rounded so that adding the signed low 12 bits gives back x. */
export const hi20 = (x: number): number => ((x + 0x800) >>> 12) & 0xfffff;
/** The low 12 bits, sign-extended. */
export const lo12 = (x: number): number => (x << 20) >> 20;
