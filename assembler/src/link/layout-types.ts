/**
 * The declarative layout: plain data describing where sections go, as a GNU
 * ld script would. `parseLinkerScript` produces it from text, `defaultLayout`
 * builds pvlab's default, and `layoutSections` interprets it.
 */
import type { ScriptLocation } from './diagnostic.js';

/** Operators taking one operand (`-x`, `~x`, `!x`, `+x`). */
export type UnaryOp = '-' | '~' | '!' | '+';

/** Operators taking two operands, C spellings. */
export type BinaryOp =
  | '*' | '/' | '%' | '+' | '-' | '<<' | '>>'
  | '<' | '<=' | '>' | '>=' | '==' | '!='
  | '&' | '|' | '&&' | '||';

/** Built-ins whose arguments are expressions: `ALIGN(n)`, `ALIGN(x, n)`, `MAX(a, b)`, ... */
export type CallFunction = 'ALIGN' | 'ABSOLUTE' | 'MAX' | 'MIN' | 'NEXT' | 'LOG2CEIL' | 'SEGMENT_START';

/** Built-ins whose argument is a name: `SIZEOF(.text)`, `ORIGIN(RAM)`, `DEFINED(sym)`, ... */
export type QueryFunction =
  | 'SIZEOF' | 'ADDR' | 'ALIGNOF' | 'LOADADDR' | 'ORIGIN' | 'LENGTH' | 'DEFINED' | 'CONSTANT' | 'SIZEOF_HEADERS';

/** A linker-script expression. Numbers are plain JS numbers (exact below 2^53). */
export type Expr =
  | {
      readonly kind: 'number';
      readonly value: number;
      /** The hex digits when written `0x...` (a `=fill` pattern keeps their length). */
      readonly hex?: string;
    }
  | { readonly kind: 'dot' }
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'conditional'; readonly test: Expr; readonly then: Expr; readonly else: Expr }
  | { readonly kind: 'call'; readonly fn: CallFunction; readonly args: readonly Expr[] }
  | { readonly kind: 'query'; readonly fn: QueryFunction; readonly name: string };

/** `sym = expr`, `. = expr` (target `.`), `PROVIDE(sym = expr)`, `HIDDEN(...)`. */
export interface AssignStatement {
  readonly kind: 'assign';
  /** Symbol name, or `.` for the location counter. */
  readonly target: string;
  readonly expr: Expr;
  /** Only defined if the program does not define it (PROVIDE). */
  readonly provide?: boolean;
  /** PROVIDE_HIDDEN / HIDDEN: the symbol is not exported. */
  readonly hidden?: boolean;
  readonly loc?: ScriptLocation;
}

/** `ASSERT(expr, "message")`: an error when `expr` is zero after layout. */
export interface AssertStatement {
  readonly kind: 'assert';
  readonly expr: Expr;
  readonly message: string;
  readonly loc?: ScriptLocation;
}

/** How sections matched by one pattern are ordered (`SORT_BY_NAME(...)` etc.). */
export type SortKind = 'none' | 'name' | 'alignment' | 'name-alignment' | 'alignment-name';

/** A section-name glob inside `*( ... )`, with its `EXCLUDE_FILE` list and sort. */
export interface SectionPattern {
  readonly pattern: string;
  /** File globs this pattern does not apply to (`EXCLUDE_FILE(a.o) .text`). */
  readonly excludeFiles?: readonly string[];
  readonly sort?: SortKind;
}

/** An input section description: `file-glob(section-globs...)`, maybe in `KEEP(...)`. */
export interface InputStatement {
  readonly kind: 'input';
  /** File glob; `*` for every file. */
  readonly file: string;
  /** File globs excluded from every pattern (`EXCLUDE_FILE(a.o) *(.text)`). */
  readonly excludeFiles?: readonly string[];
  /** Section globs; empty means every section of the matching files. */
  readonly sections: readonly SectionPattern[];
  readonly keep?: boolean;
  readonly loc?: ScriptLocation;
}

/** `BYTE(x)`, `SHORT(x)`, `LONG(x)`, `QUAD(x)`: literal data inside a section. */
export interface DataStatement {
  readonly kind: 'data';
  readonly size: 1 | 2 | 4 | 8;
  readonly expr: Expr;
  readonly loc?: ScriptLocation;
}

/** `FILL(expr)`: the pattern used for padding from here on. */
export interface FillStatement {
  readonly kind: 'fill';
  readonly expr: Expr;
  readonly loc?: ScriptLocation;
}

/** What may appear inside an output section's braces. */
export type SectionItem = AssignStatement | AssertStatement | InputStatement | DataStatement | FillStatement;

/** An output section description: `.name [addr] [(NOLOAD)] : [ALIGN(a)] { ... } [> region] [=fill]`. */
export interface OutputSectionStatement {
  readonly kind: 'section';
  /** Output section name; `/DISCARD/` throws matched inputs away. */
  readonly name: string;
  readonly address?: Expr;
  /** `ALIGN(n)` after the colon: a minimum alignment for the section. */
  readonly align?: Expr;
  /** `SUBALIGN(n)`: overrides the alignment of every input section. */
  readonly subalign?: Expr;
  /** `(NOLOAD)`: allocated but occupies no file space. */
  readonly noload?: boolean;
  /** `> REGION`: the MEMORY region the section is placed in. */
  readonly region?: string;
  /** `=fill`: the padding pattern for the whole section. */
  readonly fill?: Expr;
  readonly body: readonly SectionItem[];
  readonly loc?: ScriptLocation;
}

/** A top-level statement inside (or outside) `SECTIONS { }`. */
export type Statement = AssignStatement | AssertStatement | OutputSectionStatement;

/** A MEMORY region: `NAME (attrs) : ORIGIN = o, LENGTH = l`. */
export interface MemoryRegion {
  readonly name: string;
  readonly origin: Expr;
  readonly length: Expr;
  /** The attribute letters as written, e.g. `rwx` or `!w`; absent means none. */
  readonly attributes?: string;
  readonly loc?: ScriptLocation;
}

/** A whole layout: what `ENTRY`, `MEMORY`, `REGION_ALIAS` and `SECTIONS` said. */
export interface Layout {
  /** The entry symbol (or a number written as text, as ld accepts). */
  readonly entry?: string;
  readonly memory: readonly MemoryRegion[];
  /** `REGION_ALIAS("alias", REGION)` pairs. */
  readonly aliases?: readonly { readonly alias: string; readonly region: string }[];
  readonly statements: readonly Statement[];
}
