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
import type { ArgSpec, FlagsArg, PtrArg } from '../schema/args.js';
import type { Hypercall } from '../schema/extension.js';
import { GuestBuffer, type Segment } from './guest-buffer.js';
import type { GuestMemory, MemoryAccess } from './guest-memory.js';
import type { DecodedArg } from './record.js';

/** Sv32 pages are 4 KiB (privileged spec §10.3). */
const PAGE = 4096;
const TWO32 = 2 ** 32;
export const PREVIEW_BYTES = 32;

export type Decoded =
  | { readonly ok: true; readonly values: Record<string, unknown>; readonly args: DecodedArg[] }
  | { readonly ok: false; readonly error: SbiErrorName; readonly fault: string; readonly args: DecodedArg[] };

/** The register value(s) of each argument, in declaration order: a pair assembled low half first. */
function rawArgs(plan: Plan, words: readonly number[]): (number | bigint)[] {
  const raws: (number | bigint)[] = new Array(plan.args.length);
  for (let i = 0; i < plan.args.length; i++) {
    const a = plan.args[i];
    const lo = words[a.reg] >>> 0;
    raws[i] = a.hi < 0 ? lo : (BigInt(words[a.hi] >>> 0) << 32n) | BigInt(lo);
  }
  return raws;
}

const READ: readonly MemoryAccess[] = ['read'];
const WRITE: readonly MemoryAccess[] = ['write'];
const READ_WRITE: readonly MemoryAccess[] = ['read', 'write'];
const accessesOf = (a: PtrArg): readonly MemoryAccess[] => (a.access === 'readwrite' ? READ_WRITE : a.access === 'read' ? READ : WRITE);

type Checked = { ok: true; buffer: GuestBuffer } | { ok: false; error: SbiErrorName; fault: string };

const bad = (name: string, error: SbiErrorName, why: string): Checked => ({ ok: false, error, fault: `${name}: ${why}` });
const inRam = (gpa: number, n: number, base: number, size: number) => Number.isInteger(gpa) && gpa >= base && gpa + n <= base + size;

function checkPointer(name: string, a: PtrArg, raw: number | bigint, count: number, memory: GuestMemory): Checked {
  if (typeof raw === 'bigint' && raw >= BigInt(TWO32)) return bad(name, a.error, `address 0x${raw.toString(16)} is above 4 GiB`);
  const addr = Number(raw);
  const byteLength = count * a.elem.size;
  if (addr % a.elem.align !== 0) return bad(name, 'INVALID_PARAM', `${hex32(addr)} is not ${a.elem.align}-byte aligned`);
  if (addr + byteLength > TWO32) return bad(name, a.error, `${hex32(addr)} + ${byteLength} bytes wraps past 2^32`);
  const { base, size } = memory.ram;
  if (byteLength > size) return bad(name, a.error, `${byteLength} bytes is more than the VM's ${size} bytes of memory`);
  const segments: Segment[] = [];
  if (byteLength > 0 && a.space === 'physical') {
    if (!inRam(addr, byteLength, base, size)) return bad(name, a.error, `[${hex32(addr)}, ${hex32(addr + byteLength)}) is not inside the VM's memory`);
    segments.push({ offset: 0, gpa: addr, length: byteLength });
  } else {
    const accesses = accessesOf(a);
    for (let off = 0; off < byteLength; ) {
      const va = addr + off;
      const n = Math.min(byteLength - off, PAGE - (va % PAGE));
      let gpa: number | undefined;
      for (const access of accesses) {
        const g = memory.translate(va, access, n);
        if (g === undefined || !Number.isInteger(g)) return bad(name, a.error, `page of ${hex32(va)} is unmapped or not ${access === 'read' ? 'readable' : 'writable'}`);
        if (gpa !== undefined && g !== gpa) return bad(name, a.error, `page of ${hex32(va)} translates differently for read and write`);
        gpa = g;
      }
      if (!inRam(gpa!, n, base, size)) return bad(name, a.error, `${hex32(va)} maps to ${hex32(gpa!)}, outside the VM's memory`);
      const last = segments[segments.length - 1];
      if (last && last.gpa + last.length === gpa) segments[segments.length - 1] = { offset: last.offset, gpa: last.gpa, length: last.length + n };
      else segments.push({ offset: off, gpa: gpa!, length: n });
      off += n;
    }
  }
  return { ok: true, buffer: new GuestBuffer(memory, addr, count, byteLength, segments, a.elem) };
}

/** A flags argument's bits, listed once. */
const flagTables = new WeakMap<FlagsArg, { readonly known: number; readonly bits: readonly (readonly [string, number])[] }>();

function flagTable(a: FlagsArg) {
  let t = flagTables.get(a);
  if (!t) {
    const bits = Object.entries(a.bits).map(([k, v]) => [k, v.value] as const);
    t = { known: bits.reduce((m, [, v]) => (m | v) >>> 0, 0), bits };
    flagTables.set(a, t);
  }
  return t;
}

function checkScalar(name: string, a: ArgSpec, raw: number | bigint, sizeOfRaw: number | bigint | undefined): { value: unknown } | { fault: string } {
  switch (a.kind) {
    case 'u32':
      if (a.sizeOf !== undefined && Number(sizeOfRaw) + Number(raw) > TWO32)
        return { fault: `${a.sizeOf} ${hex32(Number(sizeOfRaw))} + ${name} ${hex32(Number(raw))} wraps past 2^32` };
      return { value: raw };
    case 'i32':
      return { value: Number(raw) | 0 };
    case 'u64':
      return { value: raw };
    case 'enum': {
      for (const [k, v] of Object.entries(a.values)) if (v.value === raw) return { value: k };
      return { fault: `${name}: ${hex32(Number(raw))} is not a ${a.name} value` };
    }
    case 'flags': {
      const t = flagTable(a);
      const set = new Set<string>();
      for (const [k, v] of t.bits) if ((Number(raw) & v) >>> 0 === v) set.add(k);
      const unknown = (Number(raw) & ~t.known) >>> 0;
      if (unknown !== 0) return { fault: `${name}: unknown ${a.name} bits ${hex32(unknown)}` };
      return { value: set };
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
}

/** A call's arguments in declaration order, worked out once (decoding runs on every hypercall). */
interface Plan {
  readonly args: readonly ArgPlan[];
  /** Indexes of the scalars and of the pointers, each in declaration order. */
  readonly scalars: readonly number[];
  readonly pointers: readonly number[];
}

const plans = new WeakMap<Hypercall, Plan>();

function planOf(call: Hypercall): Plan {
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
      };
    });
    p = {
      args,
      scalars: args.flatMap((a, i) => (a.spec.kind !== 'ptr' ? [i] : [])),
      pointers: args.flatMap((a, i) => (a.spec.kind === 'ptr' ? [i] : [])),
    };
    plans.set(call, p);
  }
  return p;
}

/** Validate every argument of `call` from its registers (`words[r]` is a`r`). Scalars are checked first, then pointers, each in declaration order. */
export function decodeArgs(call: Hypercall, words: readonly number[], memory: GuestMemory): Decoded {
  const plan = planOf(call);
  const raws = rawArgs(plan, words);
  const args: DecodedArg[] = plan.args.map((a, i) => ({ name: a.name, raw: raws[i] }));
  const values: Record<string, unknown> = {};
  for (const i of plan.scalars) {
    const a = plan.args[i];
    const r = checkScalar(a.name, a.spec, raws[i], a.sizeOf >= 0 ? raws[a.sizeOf] : undefined);
    if ('fault' in r) return { ok: false, error: 'INVALID_PARAM', fault: r.fault, args };
    values[a.name] = r.value;
  }
  for (const i of plan.pointers) {
    const a = plan.args[i], spec = a.spec as PtrArg;
    const r = checkPointer(a.name, spec, raws[i], Number(raws[a.count]), memory);
    if (!r.ok) return { ok: false, error: r.error, fault: r.fault, args };
    values[a.name] = r.buffer;
    if (spec.elem.kind === 'u8' && spec.access !== 'write') args[i] = { ...args[i], preview: r.buffer.read(0, Math.min(PREVIEW_BYTES, r.buffer.byteLength)) };
  }
  return { ok: true, values, args };
}
