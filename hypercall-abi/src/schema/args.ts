/**
 * Argument kinds of the hypercall DSL. Each argument occupies one register
 * (`a0`..`a5`) or, for 64-bit values on RV32, a register pair with the low
 * half first (SBI §3: "64-bit argument on RV32 ... low 32 bits first", as
 * `sbi_set_timer` does).
 */
import type { SbiErrorName } from '../sbi/errors.js';
import type { ElementSpec } from './elements.js';

/** Display of an integer in docs and traces. */
export type IntFormat = 'dec' | 'hex';

export interface U32Arg {
  readonly kind: 'u32';
  readonly doc: string;
  readonly format: IntFormat;
  /**
   * When set, this argument is the size of a range starting at the named
   * argument: `start + size` must not pass 2^32 (else INVALID_PARAM).
   */
  readonly sizeOf?: string;
}

export interface I32Arg {
  readonly kind: 'i32';
  readonly doc: string;
}

export interface U64Arg {
  readonly kind: 'u64';
  readonly doc: string;
}

export interface EnumArg<K extends string = string> {
  readonly kind: 'enum';
  /** Lower-case identifier, used in generated symbols (`SBI_RESET_TYPE_SHUTDOWN`). */
  readonly name: string;
  readonly doc: string;
  readonly values: { readonly [P in K]: { readonly value: number; readonly doc: string } };
}

export interface FlagsArg<K extends string = string> {
  readonly kind: 'flags';
  readonly name: string;
  readonly doc: string;
  readonly bits: { readonly [P in K]: { readonly value: number; readonly doc: string } };
}

/** Who reads and writes the memory a pointer points at (the hypervisor's side of it). */
export type Access = 'read' | 'write' | 'readwrite';

export interface PtrArg<E extends ElementSpec = ElementSpec, A extends Access = Access> {
  readonly kind: 'ptr';
  readonly doc: string;
  readonly elem: E;
  /** `read`: the hypervisor reads the guest's memory; `write`: it writes it; `readwrite`: both. */
  readonly access: A;
  /** The name of the u32 argument that holds the number of elements. */
  readonly count: string;
  /**
   * `virtual` (default): a guest-virtual address, translated through the
   * guest's page tables. `physical`: a guest-physical address (SBI DBCN's
   * `base_addr` is physical, §12).
   */
  readonly space: 'virtual' | 'physical';
  /** 32 (one register) or 64 (a lo/hi register pair, as DBCN's base_addr_lo/hi). */
  readonly width: 32 | 64;
  /** The error for memory that does not pass the checks (DBCN says INVALID_PARAM; pvlab's calls INVALID_ADDRESS). */
  readonly error: SbiErrorName;
}

export type ArgSpec = U32Arg | I32Arg | U64Arg | EnumArg | FlagsArg | PtrArg;

/** An unsigned 32-bit integer. */
export const u32 = (doc: string, options: { format?: IntFormat; sizeOf?: string } = {}): U32Arg => ({
  kind: 'u32', doc, format: options.format ?? 'dec', ...(options.sizeOf !== undefined ? { sizeOf: options.sizeOf } : {}),
});

/** A signed 32-bit integer. */
export const i32 = (doc: string): I32Arg => ({ kind: 'i32', doc });

/** A 64-bit integer in a register pair, low half first; the handler gets a bigint. */
export const u64 = (doc: string): U64Arg => ({ kind: 'u64', doc });

type Named = Readonly<Record<string, { readonly value: number; readonly doc: string }>>;

/** An enumeration: any value not listed is INVALID_PARAM. The handler gets the key. */
export function enumArg<const V extends Named>(name: string, doc: string, values: V): EnumArg<keyof V & string> {
  return { kind: 'enum', name, doc, values };
}

/** A set of flag bits: any bit not listed is INVALID_PARAM. The handler gets a set of keys. */
export function flagsArg<const V extends Named>(name: string, doc: string, bits: V): FlagsArg<keyof V & string> {
  return { kind: 'flags', name, doc, bits };
}

/** A guest pointer to `count` elements of `elem`. */
export function ptr<E extends ElementSpec, A extends Access>(
  elem: E,
  options: { readonly access: A; readonly count: string; readonly doc: string; readonly space?: 'virtual' | 'physical'; readonly width?: 32 | 64; readonly error?: SbiErrorName },
): PtrArg<E, A> {
  return {
    kind: 'ptr', doc: options.doc, elem, access: options.access, count: options.count,
    space: options.space ?? 'virtual', width: options.width ?? 32, error: options.error ?? 'INVALID_ADDRESS',
  };
}

/** The value of a result register `a1`. `none`: always 0. */
export type ResultSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'u32'; readonly doc: string; readonly format: IntFormat }
  | { readonly kind: 'i32'; readonly doc: string };

export const result = {
  none: { kind: 'none' } as const,
  u32: (doc: string, format: IntFormat = 'dec') => ({ kind: 'u32', doc, format }) as const,
  i32: (doc: string) => ({ kind: 'i32', doc }) as const,
};
