/**
 * `defineExtension`: the catalogue's one declaration form. An extension is an
 * EID and its calls; each call a FID, typed arguments in register order, a
 * result, the errors it may return and its documentation. The declaration is
 * checked here (ids, names, register budget, that every error the validator
 * can produce is declared) so that a bad catalogue fails at load time, never
 * in a guest's hypercall.
 */
import { badSchema } from '../errors.js';
import { SBI_ERRORS, type SbiErrorName } from '../sbi/errors.js';
import { hex32 } from '../sbi/ranges.js';
import type { ArgSpec, ResultSpec } from './args.js';
import type { StructElement } from './elements.js';

/** A named number of an extension's protocol (a ring's size, an operation code, a status). */
export interface ConstantSpec {
  readonly value: number;
  readonly doc: string;
}

/** One call as declared. */
export interface CallInput {
  readonly fid: number;
  readonly doc: string;
  /** Arguments by name, in register order unless `regs` says otherwise. */
  readonly args: Readonly<Record<string, ArgSpec>>;
  /** Register order of the arguments when it differs from declaration order (SBI layouts). */
  readonly regs?: readonly string[];
  readonly result: ResultSpec;
  /** The errors this call may return besides SUCCESS (FAILED is always possible). */
  readonly errors: readonly SbiErrorName[];
  /** An example: guest assembly using the generated macro. */
  readonly example?: string;
  /** True when a successful call does not return to the guest (system_reset). */
  readonly noReturn?: boolean;
}

/** An extension as declared. */
export interface ExtensionInput {
  /** Lower-case identifier (`dbcn`), used in symbols and docs. */
  readonly name: string;
  readonly title: string;
  readonly eid: number;
  /** Upper-case prefix of the generated symbols (`SBI`, `PVLAB`, a user's own). */
  readonly prefix: string;
  readonly doc: string;
  /** Where the extension is specified (standard SBI chapters). */
  readonly spec?: string;
  readonly calls: Readonly<Record<string, CallInput>>;
  /**
   * Records laid out in memory the guest shares with the hypervisor rather
   * than passes by pointer (a split driver's ring page, an event page): their
   * field offsets reach the include and the docs like a pointer's records do.
   */
  readonly layouts?: readonly StructElement[];
  /** Numbers of the extension's protocol (`blkif_ring_size`): `PREFIX_NAME` in the include. */
  readonly constants?: Readonly<Record<string, ConstantSpec>>;
}

/** Where one register's worth of an argument goes. */
export interface RegisterSlot {
  readonly arg: string;
  readonly part: 'whole' | 'lo' | 'hi';
  /** 0..5 for a0..a5. */
  readonly reg: number;
  /** The generated macro's parameter name (`buf_lo`). */
  readonly param: string;
}

/** A call of the catalogue: its declaration plus where it lives and how it is laid out. */
export type Hypercall<C extends CallInput = CallInput> = C & {
  readonly kind: 'pvlab.hypercall';
  readonly name: string;
  readonly eid: number;
  readonly extension: string;
  readonly prefix: string;
  /** Argument names in register order. */
  readonly order: readonly string[];
  readonly slots: readonly RegisterSlot[];
};

/** A declared extension. */
export type Extension<X extends ExtensionInput = ExtensionInput> = Omit<X, 'calls'> & {
  readonly kind: 'pvlab.extension';
  readonly calls: { readonly [K in keyof X['calls']]: Hypercall<X['calls'][K]> };
  /** The calls in FID order. */
  readonly list: readonly Hypercall[];
};

const IDENT = /^[a-z][a-z0-9_]*$/;
const PREFIX = /^[A-Z][A-Z0-9_]*$/;
const isU32 = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff;

/** Arguments 64 bits wide take two registers. */
const isPair = (a: ArgSpec) => a.kind === 'u64' || (a.kind === 'ptr' && a.width === 64);

/** The errors the dispatcher's validation can return for a call; each must be declared. */
export function validatorErrors(call: Pick<CallInput, 'args'>): Set<SbiErrorName> {
  const out = new Set<SbiErrorName>();
  for (const a of Object.values(call.args)) {
    if (a.kind === 'enum' || a.kind === 'flags' || (a.kind === 'u32' && a.sizeOf !== undefined)) out.add('INVALID_PARAM');
    if (a.kind === 'ptr') {
      out.add(a.error);
      if (a.elem.align > 1) out.add('INVALID_PARAM');
    }
  }
  return out;
}

function checkArg(where: string, name: string, a: ArgSpec, call: CallInput): void {
  if (!IDENT.test(name)) throw badSchema(`${where}: argument name '${name}' must be a lower-case identifier`);
  if (!a.doc) throw badSchema(`${where}: argument '${name}' has no doc`);
  const u32Arg = (ref: string, what: string) => {
    const r = call.args[ref];
    if (!r || r.kind !== 'u32') throw badSchema(`${where}: argument '${name}': ${what} '${ref}' must name a u32 argument of the same call`);
  };
  if (a.kind === 'u32' && a.sizeOf !== undefined) u32Arg(a.sizeOf, 'sizeOf');
  if (a.kind === 'ptr') {
    u32Arg(a.count, 'count');
    if (!(a.error in SBI_ERRORS) || a.error === 'SUCCESS') throw badSchema(`${where}: argument '${name}': bad error '${a.error}'`);
    if (a.elem.kind === 'struct' && !IDENT.test(a.elem.name)) throw badSchema(`${where}: record name '${a.elem.name}' must be a lower-case identifier`);
  }
  if (a.kind === 'enum' || a.kind === 'flags') {
    if (!IDENT.test(a.name)) throw badSchema(`${where}: ${a.kind} name '${a.name}' must be a lower-case identifier`);
    const entries = Object.entries(a.kind === 'enum' ? a.values : a.bits);
    if (entries.length === 0) throw badSchema(`${where}: ${a.kind} '${a.name}' has no values`);
    let seen = 0;
    const values = new Set<number>();
    for (const [k, v] of entries) {
      if (!IDENT.test(k)) throw badSchema(`${where}: ${a.kind} '${a.name}': key '${k}' must be a lower-case identifier`);
      if (!isU32(v.value)) throw badSchema(`${where}: ${a.kind} '${a.name}': ${k} is not a 32-bit value`);
      if (a.kind === 'enum') {
        if (values.has(v.value)) throw badSchema(`${where}: enum '${a.name}': value ${hex32(v.value)} is used twice`);
        values.add(v.value);
      } else {
        if (v.value === 0 || (seen & v.value) !== 0) throw badSchema(`${where}: flags '${a.name}': ${k} (${hex32(v.value)}) is zero or overlaps another flag`);
        seen = (seen | v.value) >>> 0;
      }
    }
  }
}

function layout(where: string, call: CallInput): { order: string[]; slots: RegisterSlot[] } {
  const names = Object.keys(call.args);
  const order = call.regs ? [...call.regs] : names;
  if (order.length !== names.length || new Set(order).size !== order.length || order.some((n) => !(n in call.args)))
    throw badSchema(`${where}: regs [${order.join(', ')}] must list each argument exactly once`);
  const slots: RegisterSlot[] = [];
  for (const arg of order) {
    if (isPair(call.args[arg])) {
      slots.push({ arg, part: 'lo', reg: slots.length, param: `${arg}_lo` });
      slots.push({ arg, part: 'hi', reg: slots.length, param: `${arg}_hi` });
    } else slots.push({ arg, part: 'whole', reg: slots.length, param: arg });
  }
  // SBI §3: a0..a5 carry arguments; a6 and a7 are the FID and EID.
  if (slots.length > 6) throw badSchema(`${where}: needs ${slots.length} argument registers, a0..a5 hold 6`);
  return { order, slots };
}

/** Declare an extension: checks it and returns it with each call laid out in registers. */
export function defineExtension<const X extends ExtensionInput>(input: X): Extension<X> {
  if (!IDENT.test(input.name)) throw badSchema(`extension name '${input.name}' must be a lower-case identifier`);
  const at = `extension '${input.name}'`;
  if (!isU32(input.eid)) throw badSchema(`${at}: eid ${String(input.eid)} is not a 32-bit value`);
  if (!PREFIX.test(input.prefix)) throw badSchema(`${at}: prefix '${input.prefix}' must be upper-case (A-Z, 0-9, _)`);
  if (!input.title || !input.doc) throw badSchema(`${at}: needs a title and a doc`);
  const calls: Record<string, Hypercall> = {};
  const fids = new Map<number, string>();
  for (const [name, call] of Object.entries(input.calls)) {
    const where = `${at}, call '${name}'`;
    if (!IDENT.test(name)) throw badSchema(`${at}: call name '${name}' must be a lower-case identifier`);
    if (!isU32(call.fid)) throw badSchema(`${where}: fid ${String(call.fid)} is not a 32-bit value`);
    const other = fids.get(call.fid);
    if (other !== undefined) throw badSchema(`${where}: fid ${call.fid} is already '${other}'`);
    fids.set(call.fid, name);
    if (!call.doc) throw badSchema(`${where}: has no doc`);
    for (const [argName, a] of Object.entries(call.args)) checkArg(where, argName, a, call);
    for (const e of call.errors) {
      if (!(e in SBI_ERRORS) || e === 'SUCCESS') throw badSchema(`${where}: '${e}' is not an SBI error name`);
    }
    for (const e of validatorErrors(call)) {
      if (!call.errors.includes(e)) throw badSchema(`${where}: its arguments can be rejected with ${e}, which it does not declare in errors`);
    }
    const { order, slots } = layout(where, call);
    calls[name] = Object.freeze({ ...call, kind: 'pvlab.hypercall', name, eid: input.eid >>> 0, extension: input.name, prefix: input.prefix, order, slots }) as Hypercall;
  }
  if (fids.size === 0) throw badSchema(`${at}: has no calls`);
  for (const l of input.layouts ?? []) {
    if (l.kind !== 'struct' || !IDENT.test(l.name)) throw badSchema(`${at}: layout '${String(l.name)}' must be a record with a lower-case identifier for a name`);
  }
  for (const [name, c] of Object.entries(input.constants ?? {})) {
    if (!IDENT.test(name)) throw badSchema(`${at}: constant name '${name}' must be a lower-case identifier`);
    const word = Number.isInteger(c.value) && c.value >= -(2 ** 31) && c.value <= 0xffff_ffff; // a status may be negative
    if (!word || !c.doc) throw badSchema(`${at}: constant '${name}' needs a 32-bit value and a doc`);
  }
  const list = Object.values(calls).sort((a, b) => a.fid - b.fid);
  return Object.freeze({ ...input, kind: 'pvlab.extension', eid: input.eid >>> 0, calls, list }) as unknown as Extension<X>;
}

/** True for a value made by defineExtension (also from another copy of this package). */
export const isExtension = (v: unknown): v is Extension =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'pvlab.extension';
