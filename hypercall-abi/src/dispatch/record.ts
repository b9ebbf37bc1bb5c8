/** What one dispatched hypercall leaves behind, for statistics and traces. */
import type { SbiErrorName } from '../sbi/errors.js';
import type { Hypercall } from '../schema/extension.js';

/** One argument as the guest passed it. */
export interface DecodedArg {
  readonly name: string;
  /** The register value (u64 and 64-bit pointers: the assembled pair). */
  readonly raw: number | bigint;
  /** The first bytes of a byte buffer (before the call if it is read, after it if written), for traces. */
  readonly preview?: Uint8Array;
}

/** One hypercall, after the dispatcher wrote a0/a1. */
export interface HypercallRecord {
  readonly eid: number;
  readonly fid: number;
  /** The catalogue entry; undefined for an unknown EID/FID. */
  readonly call: Hypercall | undefined;
  /** The call's name, or `unknown`. */
  readonly name: string;
  /** Arguments in declaration order (empty for unknown calls). */
  readonly args: readonly DecodedArg[];
  /** a0. */
  readonly error: number;
  readonly errorName: SbiErrorName;
  /** a1. */
  readonly value: number;
  /** True when the handler ran (validation passed and a handler exists). */
  readonly handled: boolean;
  /** Why the call failed before or inside its handler, in words (for traces and students). */
  readonly fault?: string;
  /** A multicall's entries, each dispatched as its own call (the ones run in this exit, when it is continued). */
  readonly nested?: readonly HypercallRecord[];
  /**
   * Set when the handler did its share of the exit's work and the call is
   * continued (HandlerPreempted): a0/a1 were not written, the guest makes
   * the call again, and `dispatch` must then be given this progress.
   */
  readonly preempted?: { readonly progress: unknown };
}
