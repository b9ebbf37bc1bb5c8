/**
 * What a guest pointer points at: bytes, 32-bit words, or an array of
 * records made of 32-bit fields (little-endian, RV32's byte order). Records
 * are 4-byte aligned, so no field straddles a word.
 */

/** A byte buffer (`char *`). */
export interface BytesElement {
  readonly kind: 'u8';
  readonly size: 1;
  readonly align: 1;
}

/** An array of 32-bit words (`uint32_t *`). */
export interface WordElement {
  readonly kind: 'u32';
  readonly size: 4;
  readonly align: 4;
}

/** One 32-bit field of a record. */
export interface WordField {
  readonly kind: 'u32';
  readonly doc: string;
}

/** A fixed-length array of 32-bit words inside a record (`uint32_t args[6]`). */
export interface WordsField<N extends number = number> {
  readonly kind: 'u32[]';
  readonly length: N;
  readonly doc: string;
}

export type FieldSpec = WordField | WordsField;
export type StructFields = Readonly<Record<string, FieldSpec>>;

/** An array of records (`struct { uint32_t ptep, value; } *`). */
export interface StructElement<F extends StructFields = StructFields> {
  readonly kind: 'struct';
  /** Lower-case identifier, used in generated symbols (`PVLAB_MMU_REQ_SIZE`). */
  readonly name: string;
  readonly doc: string;
  readonly fields: F;
  /** Byte offset of each field, in declaration order. */
  readonly offsets: { readonly [K in keyof F]: number };
  readonly size: number;
  readonly align: 4;
}

export type ElementSpec = BytesElement | WordElement | StructElement;

/** The bytes of a guest buffer. */
export const bytes: BytesElement = Object.freeze({ kind: 'u8', size: 1, align: 1 });
/** 32-bit words. */
export const words: WordElement = Object.freeze({ kind: 'u32', size: 4, align: 4 });

/** Record field constructors. */
export const field = {
  u32: (doc: string): WordField => ({ kind: 'u32', doc }),
  u32s: <const N extends number>(length: N, doc: string): WordsField<N> => ({ kind: 'u32[]', length, doc }),
};

const fieldSize = (f: FieldSpec): number => (f.kind === 'u32' ? 4 : 4 * f.length);

/** Declare a record type; fields are laid out in order, each 4 bytes (or 4 × length). */
export function struct<const F extends StructFields>(name: string, doc: string, fields: F): StructElement<F> {
  const offsets: Record<string, number> = {};
  let size = 0;
  for (const [k, f] of Object.entries(fields)) {
    offsets[k] = size;
    size += fieldSize(f);
  }
  return Object.freeze({ kind: 'struct', name, doc, fields, offsets: offsets as { [K in keyof F]: number }, size, align: 4 });
}

/** The value of one record field as a handler sees it. */
export type FieldValue<F extends FieldSpec> = F extends WordsField ? readonly number[] : number;

/** A record as a handler sees it. */
export type StructValue<F extends StructFields> = { readonly [K in keyof F]: FieldValue<F[K]> };

/** The value of one element: a number for words, an object for records. */
export type ElementValue<E extends ElementSpec> = E extends StructElement<infer F> ? StructValue<F> : number;
