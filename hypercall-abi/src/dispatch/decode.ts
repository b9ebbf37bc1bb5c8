/**
 * Argument validation: from raw registers to the typed values a handler
 * gets, or the SBI error the guest gets instead. Nothing here trusts the
 * guest: every pointer is checked for alignment, wrap-around past 2^32,
 * size against the VM, translated page by page for each access it needs
 * (so an unmapped or read-only page anywhere in it is caught) and every
 * physical page checked to be the VM's own.
 */
import type { SbiErrorName } from '../sbi/errors.js';
import { hex32 } from '../sbi/ranges.js';
import type { ArgSpec, PtrArg } from '../schema/args.js';
import type { Hypercall } from '../schema/extension.js';
import { GuestBuffer, type Segment } from './guest-buffer.js';
import type { GuestMemory } from './guest-memory.js';
import type { DecodedArg } from './record.js';

/** Sv32 pages are 4 KiB (privileged spec §10.3). */
const PAGE = 4096;
const TWO32 = 2 ** 32;
export const PREVIEW_BYTES = 32;

/** What decoding found: the handler's values, or the error; and what the record's arguments are made from. */
export type Decoded = (
  | { readonly ok: true; readonly values: Record<string, unknown> }
  | { readonly ok: false; readonly error: SbiErrorName; readonly fault: string }
) & { readonly plan: Plan; readonly raws: readonly (number | bigint)[]; readonly previews: (Uint8Array | undefined)[] | undefined };

type Checked = { ok: true; buffer: GuestBuffer } | { ok: false; error: SbiErrorName; fault: string };

const bad = (name: string, error: SbiErrorName, why: string): Checked => ({ ok: false, error, fault: `${name}: ${why}` });
const inRam = (gpa: number, n: number, base: number, size: number) => Number.isInteger(gpa) && gpa >= base && gpa + n <= base + size;

/** The pages of the pointer being checked: buffer offset, guest-physical address and length of each (scratch, reused). */
const pageOffset: number[] = [], pageGpa: number[] = [], pageLength: number[] = [];

/**
 * Check pointer argument `a` and make its buffer. `last` is the buffer
 * this argument got at its call before: a guest passes the same batch
 * again and again (a page fault's one-entry mmu_update, a ring), and when
 * the address, count and memory are the same and every page translates
 * where it did — each is translated and checked again, as always — that
 * buffer is the answer, and checking costs no allocation.
 */
function checkPointer(name: string, a: PtrArg, raw: number | bigint, count: number, memory: GuestMemory, last: GuestBuffer | undefined): Checked {
  if (typeof raw === 'bigint' && raw >= BigInt(TWO32)) return bad(name, a.error, `address 0x${raw.toString(16)} is above 4 GiB`);
  const addr = Number(raw);
  const byteLength = count * a.elem.size;
  // Masks, not `%`: an address past 2^31 is a double to V8, and its remainder a call into the C library
  // (the hottest line of a page fault's mmu_update, profiled). Alignments are powers of two.
  if ((addr & (a.elem.align - 1)) !== 0) return bad(name, 'INVALID_PARAM', `${hex32(addr)} is not ${a.elem.align}-byte aligned`);
  if (addr + byteLength > TWO32) return bad(name, a.error, `${hex32(addr)} + ${byteLength} bytes wraps past 2^32`);
  const { base, size } = memory.ram;
  if (byteLength > size) return bad(name, a.error, `${byteLength} bytes is more than the VM's ${size} bytes of memory`);
  let pages = 0;
  if (byteLength > 0 && a.space === 'physical') {
    if (!inRam(addr, byteLength, base, size)) return bad(name, a.error, `[${hex32(addr)}, ${hex32(addr + byteLength)}) is not inside the VM's memory`);
    (pageOffset[0] = 0), (pageGpa[0] = addr), (pageLength[0] = byteLength), (pages = 1);
  } else {
    for (let off = 0; off < byteLength; ) {
      const va = addr + off;
      const n = Math.min(byteLength - off, PAGE - (va & (PAGE - 1)));
      // Each access the pointer is declared for is checked (a read-write buffer must be both).
      let gpa: number | undefined;
      if (a.access !== 'write') {
        gpa = memory.translate(va, 'read', n);
        if (gpa === undefined || !Number.isInteger(gpa)) return bad(name, a.error, `page of ${hex32(va)} is unmapped or not readable`);
      }
      if (a.access !== 'read') {
        const g = memory.translate(va, 'write', n);
        if (g === undefined || !Number.isInteger(g)) return bad(name, a.error, `page of ${hex32(va)} is unmapped or not writable`);
        if (gpa !== undefined && g !== gpa) return bad(name, a.error, `page of ${hex32(va)} translates differently for read and write`);
        gpa = g;
      }
      if (!inRam(gpa!, n, base, size)) return bad(name, a.error, `${hex32(va)} maps to ${hex32(gpa!)}, outside the VM's memory`);
      (pageOffset[pages] = off), (pageGpa[pages] = gpa!), (pageLength[pages] = n), pages++;
      off += n;
    }
  }
  if (last !== undefined && last.address === addr && last.length === count && last.memory === memory) {
    let same = true;
    for (let k = 0; k < pages && same; k++) same = last.gpaOf(pageOffset[k]) === pageGpa[k];
    if (same) return { ok: true, buffer: last };
  }
  // Pages that follow each other in guest-physical memory are one segment.
  const segments: Segment[] = [];
  for (let k = 0; k < pages; k++) {
    const prev = segments[segments.length - 1];
    if (prev && prev.gpa + prev.length === pageGpa[k]) segments[segments.length - 1] = { offset: prev.offset, gpa: prev.gpa, length: prev.length + pageLength[k] };
    else segments.push({ offset: pageOffset[k], gpa: pageGpa[k], length: pageLength[k] });
  }
  return { ok: true, buffer: new GuestBuffer(memory, addr, count, byteLength, segments, a.elem) };
}

/**
 * A flags argument's value: the names of its set bits. One per value,
 * made once and shared by every call that passes that value (a handler
 * gets a ReadonlySet; this one refuses to change), so that a call does not
 * build a set each time.
 */
class FlagSet extends Set<string> {
  private sealed = false;
  constructor(names: readonly string[]) {
    super(names);
    this.sealed = true;
    Object.freeze(this);
  }
  override add(name: string): this {
    if (this.sealed) throw new TypeError('flags are read-only');
    return super.add(name);
  }
  override delete(): boolean {
    throw new TypeError('flags are read-only');
  }
  override clear(): void {
    throw new TypeError('flags are read-only');
  }
}

/** The sets of a flags argument kept at most (one per value seen: a guest cycling through more gets new ones). */
const FLAG_SETS_MAX = 256;

/** Why a scalar was refused (made only then). */
class ScalarFault {
  constructor(readonly why: string) {}
}

/** A scalar's check, made once per argument: the handler's value, or why it is refused. */
type ScalarCheck = (raw: number | bigint, sizeOfRaw: number | bigint | undefined) => unknown;

function scalarCheck(name: string, a: ArgSpec): ScalarCheck {
  switch (a.kind) {
    case 'u32':
      if (a.sizeOf === undefined) return (raw) => raw;
      return (raw, sizeOfRaw) =>
        Number(sizeOfRaw) + Number(raw) > TWO32 ? new ScalarFault(`${a.sizeOf} ${hex32(Number(sizeOfRaw))} + ${name} ${hex32(Number(raw))} wraps past 2^32`) : raw;
    case 'i32':
      return (raw) => Number(raw) | 0;
    case 'u64':
      return (raw) => raw;
    case 'enum': {
      const byValue = new Map<number | bigint, string>();
      for (const [k, v] of Object.entries(a.values)) if (!byValue.has(v.value)) byValue.set(v.value, k);
      return (raw) => byValue.get(raw) ?? new ScalarFault(`${name}: ${hex32(Number(raw))} is not a ${a.name} value`);
    }
    case 'flags': {
      const bits = Object.entries(a.bits).map(([k, v]) => [k, v.value] as const);
      const known = bits.reduce((m, [, v]) => (m | v) >>> 0, 0);
      const sets = new Map<number, FlagSet>();
      return (raw) => {
        const value = Number(raw) >>> 0;
        const unknown = (value & ~known) >>> 0;
        if (unknown !== 0) return new ScalarFault(`${name}: unknown ${a.name} bits ${hex32(unknown)}`);
        let set = sets.get(value);
        if (set === undefined) {
          set = new FlagSet(bits.filter(([, v]) => (value & v) >>> 0 === v).map(([k]) => k));
          if (sets.size < FLAG_SETS_MAX) sets.set(value, set);
        }
        return set;
      };
    }
    case 'ptr':
      throw new Error('unreachable: pointers are checked after scalars');
  }
}

/** One argument of a call, as decoding needs it. */
interface ArgPlan {
  readonly name: string;
  readonly spec: ArgSpec;
  /** The register of the argument (of its low half), and of its high half or -1. */
  readonly reg: number;
  readonly hi: number;
  /** Index of the argument a u32 is the size of (`sizeOf`), and of a pointer's count; -1 when none. */
  readonly sizeOf: number;
  readonly count: number;
  /** A scalar's check (undefined for a pointer). */
  readonly check: ScalarCheck | undefined;
  /** A byte buffer the call reads: its first bytes are kept for the trace before the call. */
  readonly previewed: boolean;
}

/** A call's arguments in declaration order, worked out once (decoding runs on every hypercall). */
export interface Plan {
  readonly args: readonly ArgPlan[];
  /** Indexes of the scalars and of the pointers, each in declaration order. */
  readonly scalars: readonly number[];
  readonly pointers: readonly number[];
  /** Whether the call has a byte buffer it writes (whose preview is taken after the call). */
  readonly writesBytes: boolean;
  /** By argument index, the buffer a pointer got at the call's last decoding (checkPointer's `last`; one each: bounded). */
  readonly buffers: (GuestBuffer | undefined)[];
  /** decodeArgs for this call (decoderOf), made at its first decoding. */
  decode?: Decoder;
}

const plans = new WeakMap<Hypercall, Plan>();

/** The decoding plan of a call, made once per call (a registry holds it for each of its calls). */
export function planOf(call: Hypercall): Plan {
  let p = plans.get(call);
  if (!p) {
    const names = Object.keys(call.args);
    const args = names.map((name): ArgPlan => {
      const spec = call.args[name];
      const slot = (part: string) => call.slots.find((s) => s.arg === name && s.part === part)?.reg ?? -1;
      return {
        name, spec,
        reg: slot('whole') >= 0 ? slot('whole') : slot('lo'),
        hi: slot('hi'),
        sizeOf: spec.kind === 'u32' && spec.sizeOf !== undefined ? names.indexOf(spec.sizeOf) : -1,
        count: spec.kind === 'ptr' ? names.indexOf(spec.count) : -1,
        check: spec.kind === 'ptr' ? undefined : scalarCheck(name, spec),
        previewed: spec.kind === 'ptr' && spec.elem.kind === 'u8' && spec.access !== 'write',
      };
    });
    p = {
      args,
      scalars: args.flatMap((a, i) => (a.spec.kind !== 'ptr' ? [i] : [])),
      pointers: args.flatMap((a, i) => (a.spec.kind === 'ptr' ? [i] : [])),
      writesBytes: args.some((a) => a.spec.kind === 'ptr' && a.spec.elem.kind === 'u8' && a.spec.access === 'write'),
      buffers: new Array(args.length).fill(undefined),
    };
    plans.set(call, p);
  }
  return p;
}

/** The arguments as the guest passed them, for the record (made when a trace or a test asks). */
export function decodedArgs(plan: Plan, raws: readonly (number | bigint)[], previews: readonly (Uint8Array | undefined)[] | undefined): DecodedArg[] {
  return plan.args.map((a, i) => (previews?.[i] !== undefined ? { name: a.name, raw: raws[i], preview: previews[i] } : { name: a.name, raw: raws[i] }));
}

/**
 * Validate every argument of a call (its `plan`) from its registers
 * (`words[r]` is a`r`). Scalars are checked first, then pointers, each in
 * declaration order. `previews` holds the first bytes of the byte buffers
 * the call reads, taken before it runs.
 */
export function decodeArgs(plan: Plan, words: readonly number[], memory: GuestMemory): Decoded {
  return (plan.decode ??= decoderOf(plan))(words, memory);
}

type Decoder = (words: readonly number[], memory: GuestMemory) => Decoded;

/**
 * decodeArgs for one call, generated from its plan: the argument list
 * unrolled, each scalar's check called at a site of its own and the
 * handler's values made by one literal. One function serving every call
 * sees every call's checks and shapes at the same sites — megamorphic, and
 * V8's slowest path: measured with the whole catalogue dispatched once,
 * an empty call's dispatch went from 110 to 280 ns.
 */
function decoderOf(plan: Plan): Decoder {
  const lines: string[] = [];
  const raw = (i: number) => `r${i}`;
  // The register value(s) of each argument, in declaration order: a pair assembled low half first.
  plan.args.forEach((a, i) =>
    lines.push(a.hi < 0 ? `const r${i} = words[${a.reg}] >>> 0;` : `const r${i} = (BigInt(words[${a.hi}] >>> 0) << 32n) | BigInt(words[${a.reg}] >>> 0);`),
  );
  lines.push(`const raws = [${plan.args.map((_, i) => raw(i)).join(', ')}];`);
  for (const i of plan.scalars) {
    const a = plan.args[i];
    lines.push(`const v${i} = C${i}(r${i}, ${a.sizeOf >= 0 ? raw(a.sizeOf) : 'undefined'});`);
    lines.push(`if (v${i} instanceof FAULT) return { ok: false, error: 'INVALID_PARAM', fault: v${i}.why, plan, raws, previews: undefined };`);
  }
  lines.push('let previews;');
  for (const i of plan.pointers) {
    const a = plan.args[i];
    lines.push(`const p${i} = check(${JSON.stringify(a.name)}, S${i}, r${i}, Number(r${a.count}), memory, plan.buffers[${i}]);`);
    lines.push(`if (!p${i}.ok) return { ok: false, error: p${i}.error, fault: p${i}.fault, plan, raws, previews };`);
    lines.push(`const v${i} = plan.buffers[${i}] = p${i}.buffer;`);
    if (a.previewed) lines.push(`(previews ??= [])[${i}] = v${i}.read(0, Math.min(${PREVIEW_BYTES}, v${i}.byteLength));`);
  }
  lines.push(`return { ok: true, values: { ${plan.args.map((a, i) => `${JSON.stringify(a.name)}: v${i}`).join(', ')} }, plan, raws, previews };`);
  const consts = plan.args.map((a, i) => (a.check ? `C${i} = plan.args[${i}].check` : `S${i} = plan.args[${i}].spec`));
  const source = `${consts.length ? `const ${consts.join(', ')};` : ''}\nreturn function decode(words, memory) {\n  ${lines.join('\n  ')}\n};`;
  return new Function('plan', 'check', 'FAULT', source)(plan, checkPointer, ScalarFault) as Decoder;
}
