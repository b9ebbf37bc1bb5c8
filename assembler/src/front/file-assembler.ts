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
import type { CompressedSpec } from '../isa/compressed.js';
import { matchInstruction } from '../isa/encoding.js';
import { hasExtension, parseArch, DEFAULT_ARCH_STRING, type Arch } from '../isa/arch.js';
import { lineReader, splitStatements, type Line } from './source.js';
import { arrayReader, lineDirective, type Collecting, type Conditional, type Frame, type MacroDef } from './input.js';
import { LocalLabels, newSymbol, type Sym } from './symbols.js';
import type { FixupKind, Section } from './sections.js';
import { FragmentWriter, type Place } from './fragment-writer.js';
import { evaluate, isFailure, type EvalContext, type EvalResult } from './evaluate.js';
import { firstPassContext } from './evaluate-now.js';
import { assembleInstruction, isMnemonic, allMnemonics, UNSUPPORTED_MNEMONICS, type Emitter } from './instruction.js';
import { DIRECTIVES, CONDITIONAL_DIRECTIVES, type DirectiveCall } from './directives/index.js';
import { expandMacro } from './directives/macros.js';
import { suggest } from './suggest.js';
import { relaxSections } from './relax.js';
import { LineRecords } from './line-records.js';
import type { Num } from './values.js';

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
  /** The architecture the file starts with (-march); default rv32ima_zicsr_zifencei. */
  readonly arch?: Arch;
}

/** What `.option` sets, saved by `.option push` and restored by `.option pop`. */
export interface OptionState {
  /** The architecture: `.option arch`, and `rvc`/`norvc`, which add and remove C. */
  readonly arch: Arch;
  /** `.option pic`: `la` would load from a GOT, which pvlab does not build. */
  readonly pic: boolean;
}

const DEFAULT_ARCH: Arch = parseArch(DEFAULT_ARCH_STRING).arch!;

export type { Place };
export type { LineRecord } from './line-records.js';

/** Where a statement's bytes went, for listings. */
export interface ListingEntry {
  readonly section: Section;
  readonly start: Place;
  readonly end: Place;
  readonly at: SourceLocation;
}

const MAX_DEPTH = 100;

export class FileAssembler extends FragmentWriter implements Emitter {
  readonly symbols = new Map<string, Sym>();
  readonly macros = new Map<string, MacroDef>();
  readonly listing: ListingEntry[] = [];
  /** Instruction addresses → source line, for the line map and DWARF. */
  readonly lineRecords = new LineRecords();
  readonly printed: string[] = [];
  readonly locals = new LocalLabels();

  readonly frames: Frame[] = [];
  readonly conds: Conditional[] = [];
  collecting: Collecting | undefined;
  macroCounter = 0;
  private tempCounter = 0;
  private ended = false;

  /** `.option` state now, and the `.option push` stack. */
  state: OptionState;
  readonly optionStack: OptionState[] = [];
  /** Whether C was ever on: GNU sets EF_RISCV_RVC in e_flags then, and never clears it. */
  usedRvc: boolean;
  /** Whether an instruction was assembled yet (`.attribute arch` must come before). */
  sawInstruction = false;

  /** The statement being assembled. */
  private curLine: Line = { text: '', file: '', line: 0 };
  private curCol = 0;
  private atCache: SourceLocation | undefined;
  /** Where the statement being assembled starts (made on demand: most statements never need it). */
  get at(): SourceLocation {
    return (this.atCache ??= { file: this.curLine.file, line: this.curLine.line, column: this.curCol + 1, sourceLine: this.curLine.text });
  }
  /** Where the statement being assembled is, at another column (0-based). */
  atColumn(col: number): SourceLocation {
    return { file: this.curLine.file, line: this.curLine.line, column: col + 1, sourceLine: this.curLine.text };
  }
  private expansion: SourceLocation[] = [];
  /** Bumped whenever the input stack changes, so the expansion chain is recomputed only then. */
  framesVersion = 0;
  private expansionVersion = -1;

  constructor(
    path: string,
    readonly diags: DiagnosticBag,
    readonly options: FileOptions,
  ) {
    super(path, hasExtension(options.arch ?? DEFAULT_ARCH, 'c') ? 2 : 4);
    this.state = { arch: options.arch ?? DEFAULT_ARCH, pic: false };
    this.usedRvc = hasExtension(this.state.arch, 'c');
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
    this.sawInstruction = true;
    const frag = this.data();
    const offset = frag.size;
    assembleInstruction(name, ops, this, col);
    const site = this.expansion.length > 0 ? this.expansion[this.expansion.length - 1] : this.curLine;
    this.lineRecords.push(this.section, frag, offset, site.file, site.line);
  }

  /** The outermost source line (the macro call site, when expanding a macro). */
  callSite(): SourceLocation {
    return this.expansion.length > 0 ? this.expansion[this.expansion.length - 1] : this.at;
  }

  // ---- diagnostics --------------------------------------------------------

  error(message: string, col?: number): void {
    this.errorAt(message, col === undefined ? this.at : this.atColumn(col));
  }
  errorAt(message: string, at: SourceLocation): void {
    this.diags.error(message, at, this.expansion.length ? this.expansion : undefined);
  }
  warning(message: string, col?: number): void {
    this.diags.warning(message, col === undefined ? this.at : this.atColumn(col), this.expansion.length ? this.expansion : undefined);
  }

  addFixup(kind: FixupKind, expr: Expr, size: number, pcDelta = 0): void {
    const d = this.data();
    d.fixups.push({ offset: d.size, kind, expr: this.capture(expr), at: this.at, pcOffset: d.size + pcDelta });
    this.emitNumber(0, size);
  }

  // ---- Emitter: what instructions need ------------------------------------

  emitWord(word: number, fixups: readonly { kind: FixupKind; expr: Expr; col: number }[]): void {
    const d = this.data();
    for (let i = 0; i < fixups.length; i++) {
      const f = fixups[i];
      d.fixups.push({ offset: d.size, kind: f.kind, expr: this.capture(f.expr), at: this.atColumn(f.col), pcOffset: d.size });
    }
    this.emitNumber(word >>> 0, 4);
  }

  get arch(): Arch {
    return this.state.arch;
  }

  get pic(): boolean {
    return this.state.pic;
  }

  /** Change the `.option` state (C on or off is remembered for e_flags). */
  setState(state: OptionState): void {
    this.state = state;
    if (hasExtension(state.arch, 'c')) this.usedRvc = true;
  }

  emitHalf(halfword: number): void {
    this.emitNumber(halfword & 0xffff, 2);
  }

  emitBranch(spec: InstructionSpec, rs1: number, rs2: number, target: Expr, rvc?: CompressedSpec): void {
    // GNU inverts a branch by flipping funct3 bit 0 (insn ^= MATCH_BEQ ^ MATCH_BNE): beq/bne, blt/bge, bltu/bgeu.
    const inverse = matchInstruction((spec.match ^ 0x1000) >>> 0)!;
    const at = this.atColumn(target.col);
    const t = this.capture(target);
    // Two literals rather than a spread of `rvc`: the spread is slow, and `home` is set right after.
    this.addFrag(rvc ? { k: 'branch', spec, inverse, rs1, rs2, target: t, at, rvc, size: 2, offset: 0, home: undefined } : { k: 'branch', spec, inverse, rs1, rs2, target: t, at, size: 4, offset: 0, home: undefined });
  }

  emitJump(spec: InstructionSpec, rd: number, target: Expr, rvc: CompressedSpec): void {
    this.addFrag({ k: 'jump', spec, rd, rvc, target: this.capture(target), at: this.atColumn(target.col), size: 2, offset: 0 });
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
    s.definedAt = this.atColumn(tok.col);
    this.placeLabel(s);
  }

  /** An expression safe to evaluate later (numeric local labels bound now). */
  capture(e: Expr): Expr {
    return this.locals.bind(e);
  }

  // ---- evaluation now (first pass) ----------------------------------------

  /** The context in which expressions are evaluated during the first pass. */
  readonly now: EvalContext = firstPassContext(this);

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
