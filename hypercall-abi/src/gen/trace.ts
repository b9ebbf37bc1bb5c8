/**
 * The trace pretty-printer: `console_write(buf=0x80042000 "hello\n", len=6) → 6`.
 * Arguments in declaration order, decoded by their schema; a failure shows
 * its SBI error and why.
 */
import { hex32 } from '../sbi/ranges.js';
import type { ArgSpec } from '../schema/args.js';
import type { DecodedArg, HypercallRecord } from '../dispatch/record.js';

function quote(bytes: Uint8Array, truncated: boolean): string {
  let s = '"';
  for (const b of bytes) {
    if (b === 0x0a) s += '\\n';
    else if (b === 0x09) s += '\\t';
    else if (b === 0x0d) s += '\\r';
    else if (b === 0x22) s += '\\"';
    else if (b === 0x5c) s += '\\\\';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return s + (truncated ? '"…' : '"');
}

function argText(spec: ArgSpec, d: DecodedArg, all: readonly DecodedArg[]): string {
  const n = Number(d.raw);
  switch (spec.kind) {
    case 'u32': return spec.format === 'hex' ? hex32(n) : String(n >>> 0);
    case 'i32': return String(n | 0);
    case 'u64': return `0x${BigInt(d.raw).toString(16)}`;
    case 'enum': return Object.entries(spec.values).find(([, v]) => v.value === n)?.[0] ?? hex32(n);
    case 'flags': {
      const known = Object.entries(spec.bits);
      const mask = known.reduce((m, [, v]) => (m | v.value) >>> 0, 0);
      if (n === 0) return '0';
      if ((n & ~mask) >>> 0 !== 0) return hex32(n);
      return known.filter(([, v]) => (n & v.value) >>> 0 === v.value).map(([k]) => k).join('|');
    }
    case 'ptr': {
      const addr = typeof d.raw === 'bigint' && d.raw > 0xffff_ffffn ? `0x${d.raw.toString(16)}` : hex32(n);
      if (!d.preview) return addr;
      const count = Number(all.find((x) => x.name === spec.count)?.raw ?? 0);
      return `${addr} ${quote(d.preview, d.preview.length < count && spec.access !== 'write')}`;
    }
  }
}

/** Where a continued call resumes: a count, or a multicall's entry. */
function progressText(p: unknown): string {
  if (typeof p === 'object' && p !== null && 'entry' in p) {
    const { entry, inner } = p as { entry: number; inner: unknown };
    return `entry ${entry}${inner === undefined ? '' : `, ${progressText(inner)}`}`;
  }
  return String(p);
}

/** One line for a record. */
export function formatRecord(r: HypercallRecord): string {
  const call = r.call;
  const head = call
    ? `${r.name}(${r.args.map((d) => `${d.name}=${argText(call.args[d.name], d, r.args)}`).join(', ')})`
    : `unknown(eid=${hex32(r.eid)}, fid=${hex32(r.fid)})`;
  let tail: string;
  if (r.preempted) tail = `continued from ${progressText(r.preempted.progress)} (its share of the exit's work done)`;
  else if (r.errorName !== 'SUCCESS') tail = `${r.errorName}${r.value ? ` (a1=${r.value})` : ''}${r.fault ? `: ${r.fault}` : ''}`;
  else if (!call || call.result.kind === 'none') tail = 'ok';
  else if (call.result.kind === 'u32') tail = call.result.format === 'hex' ? hex32(r.value) : String(r.value >>> 0);
  else tail = String(r.value | 0);
  return `${head} → ${tail}`;
}

/** A record and, indented below it, a multicall's entries. */
export function formatTrace(r: HypercallRecord, indent = ''): string[] {
  return [indent + formatRecord(r), ...(r.nested ?? []).flatMap((n) => formatTrace(n, indent + '  '))];
}
