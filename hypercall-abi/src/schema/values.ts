/**
 * What a handler receives for each argument kind, derived from the schema by
 * the type system: a handler that reads an argument the call does not have,
 * writes through a read-only pointer or returns the wrong thing does not
 * compile.
 */
import type { SbiErrorName } from '../sbi/errors.js';
import type { Access, ArgSpec, EnumArg, FlagsArg, I32Arg, PtrArg, ResultSpec, U32Arg, U64Arg } from './args.js';
import type { BytesElement, ElementSpec, ElementValue } from './elements.js';

/** A validated region of guest memory. */
export interface GuestRegion {
  /** The address the guest passed (virtual or physical, as the schema says). */
  readonly address: number;
  /** Number of elements. */
  readonly length: number;
  readonly byteLength: number;
}

/** A byte buffer the hypervisor may read. */
export interface ReadableBytes extends GuestRegion {
  /** Copy `length` bytes from `offset` (default: all of it). Outside the buffer: throws (the call fails). */
  read(offset?: number, length?: number): Uint8Array;
}

/** A byte buffer the hypervisor may write. */
export interface WritableBytes extends GuestRegion {
  /** Write `bytes` at `offset` (default 0). Past the end: throws (the call fails). */
  write(bytes: Uint8Array, offset?: number): void;
}

/** An array of words or records the hypervisor may read. */
export interface ReadableArray<T> extends GuestRegion {
  get(index: number): T;
}

/** An array of words or records the hypervisor may write; records may be written field by field. */
export interface WritableArray<T> extends GuestRegion {
  set(index: number, value: T extends number ? number : Partial<T>): void;
}

type ByAccess<R, W, A extends Access> = A extends 'read' ? R : A extends 'write' ? W : R & W;

/** The object a handler gets for a pointer argument. */
export type PointerValue<E extends ElementSpec, A extends Access> = E extends BytesElement
  ? ByAccess<ReadableBytes, WritableBytes, A>
  : ByAccess<ReadableArray<ElementValue<E>>, WritableArray<ElementValue<E>>, A>;

/** The handler's value of one argument. */
export type ArgValue<S extends ArgSpec> = S extends U32Arg | I32Arg
  ? number
  : S extends U64Arg
    ? bigint
    : S extends EnumArg<infer K>
      ? K
      : S extends FlagsArg<infer K>
        ? ReadonlySet<K>
        : S extends PtrArg<infer E, infer A>
          ? PointerValue<E, A>
          : never;

/** The minimal shape of a call for the type functions below. */
export interface CallShape {
  readonly args: Readonly<Record<string, ArgSpec>>;
  readonly result: ResultSpec;
  readonly errors: readonly SbiErrorName[];
}

/** A handler's arguments: every schema argument, validated and typed. */
export type ArgsOf<C extends CallShape> = { readonly [K in keyof C['args']]: ArgValue<C['args'][K]> };

/**
 * A handler's failure: one of the errors the call declares (or FAILED), with
 * an optional `a1` value (e.g. how many of a batch were done).
 */
export interface HandlerFailure<E extends SbiErrorName = SbiErrorName> {
  readonly error: E;
  readonly value?: number;
}

/** The errors a handler of C may return. */
export type ErrorsOf<C extends CallShape> = Exclude<C['errors'][number], 'SUCCESS'> | 'FAILED';

/**
 * A handler that has done its share of the exit's work (the VM's
 * `WorkMeter` is spent) before finishing: the call is *continued*, as Xen
 * continues a preempted hypercall. The guest's registers are left as they
 * were and its pc stays on the `ecall`, so the guest, unaware, makes the
 * same call again when it next runs — after the other VMs had their turn —
 * and the handler resumes from `progress` (its third argument).
 */
export interface HandlerPreempted {
  readonly kind: 'pvlab.preempted';
  /** Where the call resumes: what the handler has done so far (requests, bytes, entries). */
  readonly progress: unknown;
}

/** What a handler of C returns: its value (nothing for `none`), a declared failure, or a continuation. */
export type ResultOf<C extends CallShape> = (C['result'] extends { kind: 'none' } ? undefined : number) | HandlerFailure<ErrorsOf<C>> | HandlerPreempted;

/** A failure result: `return fail('DENIED', done)`. */
export const fail = <E extends SbiErrorName>(error: E, value?: number): HandlerFailure<E> => (value === undefined ? { error } : { error, value });

/** A continuation: `return preempt(done)` — the guest re-issues the call and the handler gets `done` back as its third argument. */
export const preempt = (progress: number): HandlerPreempted => ({ kind: 'pvlab.preempted', progress });

export const isPreempted = (v: unknown): v is HandlerPreempted => typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'pvlab.preempted';
