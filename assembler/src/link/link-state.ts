/**
 * The working state of one layout run: the statement list (script order,
 * with orphan sections inserted where ld inserts them) and, per output
 * section, what ld keeps in its `lang_output_section_statement` and BFD
 * section (flags, alignment, address, size).
 */
import type { SectionHandle } from './evaluate.js';
import type {
  AssertStatement, AssignStatement, DataStatement, FillStatement, OutputSectionStatement,
} from './layout-types.js';

/** Input sections placed by one input statement, in placement order. */
export interface PlacedInputs {
  readonly kind: 'inputs';
  readonly indices: number[];
}

/** An item of an output section's body after input matching. */
export type BodyItem = PlacedInputs | AssignStatement | AssertStatement | DataStatement | FillStatement;

/** A literal data value (BYTE/SHORT/LONG/QUAD) at an offset in its output section. */
export interface DataValue {
  readonly offset: number;
  readonly size: 1 | 2 | 4 | 8;
  readonly value: bigint;
}

/** Padding filled with a non-zero pattern (`FILL`, `=fill`), big-endian bytes repeated from `offset`. */
export interface FillRun {
  readonly offset: number;
  readonly size: number;
  readonly pattern: readonly number[];
}

/** One output section being laid out. */
export interface OutputState extends SectionHandle {
  readonly stmt: OutputSectionStatement;
  readonly orphan: boolean;
  body: BodyItem[];
  /** Accumulated BFD flags (section-flags.ts). */
  flags: number;
  /** An input section was added (ld's `linker_has_input`). */
  hasInput: boolean;
  /** ELF type of the first input: the output's type, which orphan matching compares. */
  firstInputNobits?: boolean;
  /** ld's statement-level flags, set for orphan-placement anchors. */
  stmtFlags: number;
  /** MEMORY region name (orphans inherit the region of the section they follow). */
  region?: string;
  /** The region the last sizing pass used (undefined: ld's default region). */
  placedIn?: string;
  /** The body assigns symbols, so the section is sized even when empty. */
  updateDot: boolean;
  /** Dropped from the output (empty and not kept). */
  excluded: boolean;
  /** Excluded and has nothing to evaluate: skipped entirely. */
  ignored: boolean;
  data: DataValue[];
  fills: FillRun[];
}

/** A statement of the (top-level) statement list. */
export type TopItem = { readonly kind: 'output'; readonly os: OutputState } | AssignStatement | AssertStatement;

/** Create the state of an output section statement. */
export function newOutputState(stmt: OutputSectionStatement, orphan: boolean, region?: string): OutputState {
  return {
    name: stmt.name, stmt, orphan, body: [], flags: 0, hasInput: false, stmtFlags: 0,
    region: region ?? stmt.region, updateDot: false, excluded: false, ignored: false,
    vma: 0n, size: 0n, alignPower: 0, created: false, data: [], fills: [],
  };
}

/** The output sections of a statement list, in list order (ld's `lang_os_list`). */
export function outputsOf(top: readonly TopItem[]): OutputState[] {
  return top.flatMap((t) => (t.kind === 'output' ? [t.os] : []));
}
