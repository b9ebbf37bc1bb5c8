/**
 * One 32-bit word or 16-bit compressed halfword to text, exactly as binutils
 * 2.40 objdump prints it for an rv32ima[c]_zicsr_zifencei object:
 * `objdump -d -M no-aliases` when `aliases: false`, plain `objdump -d`
 * (pseudo-instructions) by default.
 *
 * Every INSTRUCTIONS and COMPRESSED row, every ALIASES rule and every
 * GNU_EXTRAS/C_GNU_EXTRAS pattern is compiled once, at load, into a
 * match/mask test and an operand formatter, so an instruction costs one
 * table lookup and a few string concatenations.
 */
import {
  C_GNU_EXTRAS, C_OPERANDS, COMPRESSED, GNU_DEFAULT_PRIV_SPEC, GNU_EXTRAS, INSTRUCTIONS, OPERANDS, encode, expandCompressed,
  gnuCsrNames, insertField, matchCGnuExtra, matchCompressed, matchGnuExtra, matchInstruction,
  type CompressedSpec, type InstructionSpec, type OperandKind, type PrivSpec,
} from '../isa/index.js';
import { ALIASES, type AliasRule } from './aliases.js';
import {
  AddressTracker, compileOperands, formatAddress, type AnyOperandName, type OperandFormatter, type PrintContext, type RowShape,
} from './operand-printers.js';

/** How to print. */
export interface DisassembleOptions {
  /** Print objdump's pseudo-instructions (`li`, `mv`, `ret`, …); default true. `false` is `-M no-aliases`. */
  readonly aliases?: boolean;
  /**
   * Name an address (branch and jump targets, ` # ` comments): return what
   * objdump puts between `<` and `>` (`main`, `main+0x10`). Without it, or
   * when it returns `undefined`, addresses print as `0x80000010`, as objdump
   * prints them for a file without symbols.
   */
  readonly symbolize?: (addr: number) => string | undefined;
  /**
   * The privileged-spec version whose CSR names to print (objdump takes it
   * from the object's Tag_RISCV_priv_spec); default GNU_DEFAULT_PRIV_SPEC,
   * what GNU as 2.40 records.
   */
  readonly privSpec?: PrivSpec;
  /**
   * objdump's memory of `lui`/`auipc` results between instructions. Pass the
   * same tracker to consecutive calls to get objdump's ` # <address>` comments
   * on the instructions that use them; without one each word stands alone.
   */
  readonly tracker?: AddressTracker;
}

/** One disassembled word. */
export interface Disassembly {
  /** The whole text: mnemonic, a tab, operands, and ` # ` plus the comment, if any. */
  readonly text: string;
  readonly mnemonic: string;
  /** Operands as objdump prints them (`a0,8(sp)`); '' if none. */
  readonly operands: string;
  /** The address objdump annotates after ` # ` (`0x80001004` or `80001004 <buf+0x4>`), if any. */
  readonly comment: string | undefined;
  /** The target address of a branch or jump. */
  readonly target: number | undefined;
  /**
   * The INSTRUCTIONS row the word decodes to (for a halfword: the row of the
   * instruction it expands to); `undefined` if pvlab's ISA has none (an
   * illegal instruction).
   */
  readonly spec: InstructionSpec | undefined;
  /** The COMPRESSED row of a halfword, when it is a legal one. */
  readonly cspec?: CompressedSpec;
  /** 4 for a word, 2 for a compressed halfword. */
  readonly length: 2 | 4;
}

interface CompiledAlias {
  readonly rule: AliasRule;
  readonly mask: number;
  readonly match: number;
  readonly mnemonic: string;
  readonly format: OperandFormatter;
  readonly raw: boolean;
}

interface CompiledRow {
  readonly spec: RowShape & { readonly syntax: string };
  readonly format: OperandFormatter;
  readonly aliases: readonly CompiledAlias[];
}

const fieldMask = (kind: OperandKind): number => insertField(0, kind, -1);

function compileRow(spec: RowShape & { readonly syntax: string }, kinds: Partial<Record<AnyOperandName, OperandKind>>): CompiledRow {
  const aliases = ALIASES.filter((rule) => rule.of === spec.name).map((rule): CompiledAlias => {
    let mask = 0;
    let match = 0;
    for (const [name, value] of Object.entries(rule.when) as [AnyOperandName, number][]) {
      const kind = kinds[name] ?? (OPERANDS as Record<string, OperandKind>)[name] ?? (C_OPERANDS as Record<string, OperandKind>)[name];
      if (!spec.operands.includes(name)) throw new Error(`alias ${rule.alias}: ${spec.name} has no operand '${name}'`);
      mask = (mask | fieldMask(kind)) >>> 0;
      match = insertField(match, kind, value);
    }
    return { rule, mask, match, mnemonic: rule.alias, format: compileOperands(rule.print, spec, kinds), raw: rule.raw ?? false };
  });
  return { spec, format: compileOperands(spec.syntax, spec, kinds), aliases };
}

const ROWS = new Map<InstructionSpec, CompiledRow>(INSTRUCTIONS.map((spec) => [spec, compileRow(spec, {})]));
const EXTRA_ROWS = new Map(GNU_EXTRAS.map((extra) => [extra, compileRow(extra.spec, extra.kinds)]));
const C_ROWS = new Map<CompressedSpec, CompiledRow>(COMPRESSED.map((spec) => [spec, compileRow(spec, {})]));
const C_EXTRA_ROWS = new Map(C_GNU_EXTRAS.map((extra) => [extra, compileRow(extra.spec, extra.kinds)]));

for (const rule of ALIASES) {
  const known = INSTRUCTIONS.some((s) => s.name === rule.of) || GNU_EXTRAS.some((e) => e.spec.name === rule.of) || COMPRESSED.some((c) => c.name === rule.of);
  if (!known) throw new Error(`alias ${rule.alias}: no instruction '${rule.of}'`);
}

/** The ALIASES rule objdump's text for `word` comes from, if any (`aliases: false`: only `raw` rules). */
export function aliasRuleOf(word: number, aliases = true): AliasRule | undefined {
  const row = rowFor(word >>> 0);
  return row && pickAlias(row, word >>> 0, aliases)?.rule;
}

/** The same for a compressed halfword. */
export function compressedAliasRuleOf(halfword: number, aliases = true): AliasRule | undefined {
  const row = cRowFor(halfword & 0xffff);
  return row && pickAlias(row, halfword & 0xffff, aliases)?.rule;
}

function rowFor(word: number): CompiledRow | undefined {
  const spec = matchInstruction(word);
  if (spec) return ROWS.get(spec);
  const extra = matchGnuExtra(word);
  return extra && EXTRA_ROWS.get(extra);
}

function cRowFor(halfword: number): CompiledRow | undefined {
  const spec = matchCompressed(halfword);
  if (spec) return C_ROWS.get(spec);
  const extra = matchCGnuExtra(halfword);
  return extra && C_EXTRA_ROWS.get(extra);
}

function pickAlias(row: CompiledRow, word: number, aliases: boolean): CompiledAlias | undefined {
  for (const a of row.aliases) if ((aliases || a.raw) && ((word & a.mask) >>> 0) === a.match) return a;
  return undefined;
}

// Used by calls without a tracker, and cleared after each: such a word sees no pending lui/auipc.
const SCRATCH = new AddressTracker();

/**
 * Disassemble one 32-bit word at address `pc` as objdump 2.40 does. Words
 * that no row decodes print as `.4byte 0x…`, objdump's form for an unknown
 * 32-bit instruction; that includes words whose low bits announce a 16-, 48-
 * or 64-bit instruction, which pvlab's hart (IALIGN 32, no C) also rejects
 * (disassembleImage follows objdump's length rules for those instead).
 */
export function disassembleWord(word: number, pc: number, options: DisassembleOptions = {}): Disassembly {
  word >>>= 0;
  const row = rowFor(word);
  const spec = row && ROWS.has(row.spec as InstructionSpec) ? row.spec as InstructionSpec : undefined;
  if (!row) {
    const operands = `0x${word.toString(16)}`;
    return { text: `.4byte\t${operands}`, mnemonic: '.4byte', operands, comment: undefined, target: undefined, spec, length: 4 };
  }
  return print(row, word, pc, options, spec, undefined, 4);
}

/**
 * Disassemble one 16-bit compressed halfword at address `pc` as objdump 2.40
 * does for an object with the C extension. A halfword that is no legal
 * RV32C instruction (and that objdump does not decode either) prints as
 * `.2byte 0x…`, objdump's form for an unknown 16-bit instruction.
 */
export function disassembleCompressed(halfword: number, pc: number, options: DisassembleOptions = {}): Disassembly {
  const h = halfword & 0xffff;
  const row = cRowFor(h);
  const cspec = matchCompressed(h);
  const spec = cspec ? expandCompressed(h)?.spec : undefined;
  if (!row) {
    const operands = `0x${h.toString(16)}`;
    return { text: `.2byte\t${operands}`, mnemonic: '.2byte', operands, comment: undefined, target: undefined, spec, length: 2 };
  }
  return print(row, h, pc, options, spec, cspec, 2);
}

function print(
  row: CompiledRow, word: number, pc: number, options: DisassembleOptions,
  spec: InstructionSpec | undefined, cspec: CompressedSpec | undefined, length: 2 | 4,
): Disassembly {
  const alias = pickAlias(row, word, options.aliases ?? true);
  const ctx: PrintContext = {
    pc: pc >>> 0,
    csrNames: gnuCsrNames(options.privSpec ?? GNU_DEFAULT_PRIV_SPEC),
    symbolize: options.symbolize,
    tracker: options.tracker ?? SCRATCH,
    comment: undefined,
    target: undefined,
  };
  const mnemonic = alias ? alias.mnemonic : row.spec.name;
  const operands = (alias ? alias.format : row.format)(word, ctx);
  if (ctx.tracker === SCRATCH) SCRATCH.reset();
  const comment = ctx.comment === undefined ? undefined : formatAddress(ctx.comment, ctx.symbolize);
  let text = operands ? `${mnemonic}\t${operands}` : mnemonic;
  if (comment !== undefined) text += ` # ${comment}`;
  return { text, mnemonic, operands, comment, target: ctx.target, spec, ...(cspec ? { cspec } : {}), length };
}

/**
 * Format an instruction given by its table row and operand values (in
 * syntax order, pc-relative operands as offsets), as disassembleWord would
 * print its encoding at `pc`.
 */
export function formatInstruction(
  spec: InstructionSpec, values: readonly number[], pc: number, options: DisassembleOptions = {},
): Disassembly {
  return disassembleWord(encode(spec, values), pc, options);
}
