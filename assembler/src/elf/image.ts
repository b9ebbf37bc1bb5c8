/**
 * What the ELF writer takes: a fully laid-out executable image.
 */
import type { SymbolBind, SymbolType } from './constants.js';

/** ELF permissions of a section. */
export interface ImageSectionFlags {
  readonly alloc: boolean;
  readonly write: boolean;
  readonly exec: boolean;
}

/** An output section with its final address and bytes. */
export interface ImageSection {
  readonly name: string;
  readonly addr: number;
  readonly size: number;
  /** Alignment in bytes (sh_addralign). */
  readonly align: number;
  readonly flags: ImageSectionFlags;
  /** SHT_NOBITS: `data` is ignored (may be empty). */
  readonly nobits: boolean;
  /** Exactly `size` bytes (shorter is zero-padded). */
  readonly data: Uint8Array;
  /** MEMORY region it was placed in (from layout); sections of different regions get different segments. */
  readonly region?: string;
}

/** A symbol of the output symbol table. */
export interface ImageSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly type: SymbolType;
  readonly bind: SymbolBind;
  /** The output section it belongs to, or `abs` / `undef`. */
  readonly section: string;
}

/** Everything `writeElf` needs. */
export interface ElfImage {
  readonly entry: number;
  /** e_flags: EF_RISCV_RVC (1) when the code may hold compressed instructions; 0 otherwise (soft-float ABI). */
  readonly flags?: number;
  readonly sections: readonly ImageSection[];
  readonly symbols: readonly ImageSymbol[];
  /** `.debug_line` contents (see dwarf-line.ts). */
  readonly debugLine?: Uint8Array;
  /** `.debug_info` contents; objdump -l needs a compile unit to find the line table. */
  readonly debugInfo?: Uint8Array;
  /** `.debug_abbrev` contents, for `debugInfo`. */
  readonly debugAbbrev?: Uint8Array;
  /** `.riscv.attributes` contents (see riscv-attributes.ts); adds a PT_RISCV_ATTRIBUTES header. */
  readonly attributes?: Uint8Array;
}
