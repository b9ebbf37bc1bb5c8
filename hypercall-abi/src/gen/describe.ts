/** Words for argument types and register places, shared by the include, the docs and `pvlab hypercalls list`. */
import { sbiErrorSymbol, type SbiErrorName } from '../sbi/errors.js';
import { hex32 } from '../sbi/ranges.js';
import type { ArgSpec, ResultSpec } from '../schema/args.js';
import type { Hypercall } from '../schema/extension.js';

/** `u32`, `u64`, `enum reset_type`, `mmu_req[count], read, virtual`. */
export function typeText(a: ArgSpec): string {
  switch (a.kind) {
    case 'u32': return a.sizeOf ? `u32 (size of the range at ${a.sizeOf})` : 'u32';
    case 'i32': return 'i32';
    case 'u64': return 'u64 (lo, hi)';
    case 'enum': return `enum ${a.name}`;
    case 'flags': return `flags ${a.name}`;
    case 'ptr': {
      const elem = a.elem.kind === 'u8' ? 'bytes' : a.elem.kind === 'u32' ? 'u32' : a.elem.name;
      return `pointer to ${elem}[${a.count}], ${a.access}, ${a.space === 'physical' ? 'guest-physical' : 'guest-virtual'}${a.width === 64 ? ' (lo, hi)' : ''}`;
    }
  }
}

/** The values of an enum or flags argument: `shutdown = 0, cold_reboot = 1`. */
export function valuesText(a: ArgSpec): string | undefined {
  if (a.kind === 'enum') return Object.entries(a.values).map(([k, v]) => `${k} = ${v.value}`).join(', ');
  if (a.kind === 'flags') return Object.entries(a.bits).map(([k, v]) => `${k} = ${hex32(v.value)}`).join(', ');
  return undefined;
}

/** The registers of an argument: `a0`, `a1, a2`. */
export const registersOf = (call: Hypercall, arg: string): string =>
  call.slots.filter((s) => s.arg === arg).map((s) => `a${s.reg}`).join(', ');

export function resultText(r: ResultSpec): string {
  return r.kind === 'none' ? 'nothing (a1 = 0)' : `${r.kind}: ${r.doc}`;
}

/** The errors a call may return, FAILED included. */
export const errorsOf = (call: Hypercall): SbiErrorName[] => [...call.errors.filter((e) => e !== 'FAILED'), 'FAILED'];

export const errorSymbolsOf = (call: Hypercall): string[] => errorsOf(call).map(sbiErrorSymbol);

/** `console_write(buf, len)`: the call with its arguments in declaration order. */
export const signature = (call: Hypercall): string => `${call.name}(${Object.keys(call.args).join(', ')})`;
