/**
 * The catalogue-driven dispatcher (SBI §3 calling convention): a7 = EID,
 * a6 = FID, a0..a5 arguments in; a0 = error, a1 = value out. Validation
 * runs before the handler and a violation never reaches it; a handler that
 * throws or returns nonsense becomes FAILED. Nothing a guest passes makes
 * this throw.
 */
import { SBI_ERRORS, sbiError, type SbiErrorName } from '../sbi/errors.js';
import { hex32 } from '../sbi/ranges.js';
import type { Hypercall } from '../schema/extension.js';
import { isPreempted } from '../schema/values.js';
import { decodeArgs, decodedArgs, PREVIEW_BYTES, type Decoded } from './decode.js';
import type { GuestBuffer } from './guest-buffer.js';
import type { HypercallRegisters, HypercallTarget } from './guest-memory.js';
import type { DecodedArg, HypercallRecord } from './record.js';
import type { Registry } from './registry.js';

interface Outcome {
  readonly error: SbiErrorName;
  readonly value: number;
  readonly fault?: string;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Turn what a handler returned into (error, value), enforcing the schema at run time too (for handlers written in JavaScript). */
function outcomeOf(call: Hypercall, returned: unknown): Outcome {
  if (typeof returned === 'object' && returned !== null && 'error' in returned) {
    const { error, value = 0 } = returned as { error: unknown; value?: unknown };
    if (typeof error !== 'string' || !(error in SBI_ERRORS) || error === 'SUCCESS')
      return { error: 'FAILED', value: 0, fault: `handler returned a bad error '${String(error)}'` };
    if (error !== 'FAILED' && !call.errors.includes(error as SbiErrorName))
      return { error: 'FAILED', value: 0, fault: `handler returned ${error}, which ${call.name} does not declare` };
    if (typeof value !== 'number' || !Number.isFinite(value)) return { error: 'FAILED', value: 0, fault: 'handler returned a failure with a non-numeric value' };
    return { error: error as SbiErrorName, value: value | 0 };
  }
  if (call.result.kind === 'none') {
    if (returned === undefined) return { error: 'SUCCESS', value: 0 };
    return { error: 'FAILED', value: 0, fault: `handler of ${call.name} returned a value, but the call has none` };
  }
  if (typeof returned !== 'number' || !Number.isFinite(returned)) return { error: 'FAILED', value: 0, fault: `handler returned ${typeof returned}, not a number` };
  return { error: 'SUCCESS', value: call.result.kind === 'u32' ? returned >>> 0 : returned | 0 };
}

function afterCallPreviews(call: Hypercall, args: readonly DecodedArg[], values: Record<string, unknown>, outcome: Outcome): DecodedArg[] {
  return args.map((d) => {
    const a = call.args[d.name];
    if (a.kind !== 'ptr' || a.elem.kind !== 'u8' || a.access !== 'write' || outcome.error !== 'SUCCESS') return d;
    const buf = values[d.name] as GuestBuffer;
    const n = Math.min(PREVIEW_BYTES, buf.byteLength, call.result.kind === 'u32' ? outcome.value >>> 0 : buf.byteLength);
    return { ...d, preview: buf.read(0, n) };
  });
}

/**
 * A call's record. Most records are only counted: the list of arguments
 * (`args`) is made when something reads it (a trace, a test), from the
 * registers and previews decoding kept.
 */
class CallRecord implements HypercallRecord {
  declare fault?: string;
  declare nested?: readonly HypercallRecord[];
  declare preempted?: { readonly progress: unknown };
  #args: readonly DecodedArg[] | Decoded;
  constructor(
    readonly eid: number,
    readonly fid: number,
    readonly call: Hypercall | undefined,
    readonly name: string,
    args: readonly DecodedArg[] | Decoded,
    readonly error: number,
    readonly errorName: SbiErrorName,
    readonly value: number,
    readonly handled: boolean,
  ) {
    this.#args = args;
  }
  get args(): readonly DecodedArg[] {
    const a = this.#args;
    if (!('plan' in a)) return a;
    return (this.#args = decodedArgs(a.plan, a.raws, a.previews));
  }
}

/** The record of a call (the optional fields present only when set, as the trace and tests see them). */
function makeRecord(
  eid: number, fid: number, call: Hypercall | undefined, outcome: Outcome, args: readonly DecodedArg[] | Decoded, handled: boolean,
  nested?: HypercallRecord[], preempted?: { progress: unknown },
): HypercallRecord {
  const r = new CallRecord(eid, fid, call, call?.name ?? 'unknown', args, sbiError(outcome.error), outcome.error, outcome.value | 0, handled);
  if (outcome.fault !== undefined) r.fault = outcome.fault;
  if (nested) r.nested = nested;
  if (preempted) r.preempted = preempted;
  return r;
}

/**
 * Dispatch from eight argument words (a0..a7). Used by `dispatch` and by
 * multicall for each entry. `from` is a continued call's progress (see
 * HypercallRecord.preempted). Never throws.
 */
export function dispatchWords<Ctx extends HypercallTarget>(registry: Registry<Ctx>, vm: Ctx, words: readonly number[], from?: unknown): HypercallRecord {
  const eid = words[7] >>> 0, fid = words[6] >>> 0;
  const found = registry.resolve(eid, fid);
  if (!found) return makeRecord(eid, fid, undefined, { error: 'NOT_SUPPORTED', value: 0, fault: `no call at eid ${hex32(eid)} fid ${hex32(fid)}` }, [], false);
  const { call, handler } = found;
  if (!handler) return makeRecord(eid, fid, call, { error: 'NOT_SUPPORTED', value: 0, fault: `${call.name} has no handler in this hypervisor` }, [], false);
  let decoded;
  try {
    decoded = decodeArgs(found.plan, words, vm.guestMemory);
  } catch (e) {
    return makeRecord(eid, fid, call, { error: 'FAILED', value: 0, fault: `guest memory failed during validation: ${message(e)}` }, [], false);
  }
  if (!decoded.ok) return makeRecord(eid, fid, call, { error: decoded.error, value: 0, fault: decoded.fault }, decoded, false);
  const frame = { nested: [] as HypercallRecord[] };
  let outcome: Outcome;
  try {
    const returned = handler(vm, decoded.values, from ?? 0, frame);
    if (isPreempted(returned)) return makeRecord(eid, fid, call, { error: 'SUCCESS', value: 0 }, decoded, true, frame.nested.length ? frame.nested : undefined, { progress: returned.progress });
    outcome = returned instanceof Promise ? { error: 'FAILED', value: 0, fault: 'handler returned a Promise; handlers are synchronous' } : outcomeOf(call, returned);
  } catch (e) {
    outcome = { error: 'FAILED', value: 0, fault: `handler threw: ${message(e)}` };
  }
  let args: readonly DecodedArg[] | Decoded = decoded;
  try {
    if (outcome.error === 'SUCCESS' && decoded.plan.writesBytes) args = afterCallPreviews(call, decodedArgs(decoded.plan, decoded.raws, decoded.previews), decoded.values, outcome);
  } catch {
    // A preview is for the trace only; the call's result stands.
  }
  return makeRecord(eid, fid, call, outcome, args, true, frame.nested.length ? frame.nested : undefined);
}

/**
 * Dispatch one hypercall: read a7/a6/a0..a5 from `regs`, validate, run the
 * handler, write a0/a1, and return the record for statistics and traces.
 * A continued call (`record.preempted`) writes nothing: the guest makes it
 * again, and the caller passes its progress back as `from`.
 */
export function dispatch<Ctx extends HypercallTarget>(registry: Registry<Ctx>, vm: Ctx, regs: HypercallRegisters, from?: unknown): HypercallRecord {
  const words = [regs.arg(0) >>> 0, regs.arg(1) >>> 0, regs.arg(2) >>> 0, regs.arg(3) >>> 0, regs.arg(4) >>> 0, regs.arg(5) >>> 0, regs.arg(6) >>> 0, regs.arg(7) >>> 0];
  const r = dispatchWords(registry, vm, words, from);
  if (!r.preempted) regs.setResult(r.error, r.value);
  return r;
}

