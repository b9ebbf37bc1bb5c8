/**
 * Watchpoints (Z2 write, Z3 read, Z4 access) the way RISC-V hardware
 * triggers fire them: before the instruction that makes the access executes
 * (Debug Specification 1.0, Sdtrig `mcontrol.timing` = before), with the
 * data address it would touch. gdb knows RISC-V watchpoints as
 * "non-steppable": on the stop it removes them, steps the instruction and
 * compares values itself. QEMU reports them the same way.
 *
 * Which instructions access memory, how wide and which way comes from the
 * hart's semantics table (machine/hart/semantics.ts), the one description of
 * what each instruction does: LOAD(…, width, …) reads, STORE(width, …)
 * writes, the AMOs read and write (LR only reads, SC only writes).
 */
import { OPERANDS, extractField, matchInstruction } from '@pvlab/assembler';
import { SEMANTICS } from '../machine/hart/semantics.js';
import type { DebugThread } from './target.js';
import { readVirtual } from './memory.js';

export type WatchKind = 'write' | 'read' | 'access';

/** The Z packet type of each kind, and the stop reply's name for a hit. */
export const WATCH_TYPES: Readonly<Record<WatchKind, { readonly z: number; readonly reply: string }>> = {
  write: { z: 2, reply: 'watch' },
  read: { z: 3, reply: 'rwatch' },
  access: { z: 4, reply: 'awatch' },
};

export interface Watchpoint {
  readonly kind: WatchKind;
  readonly addr: number;
  readonly length: number;
}

/** What an instruction does to memory: its width, and whether it reads and writes. */
export interface DataAccess {
  readonly width: number;
  readonly reads: boolean;
  readonly writes: boolean;
}

/** Data accesses by instruction name, read off the semantics table. */
export const DATA_ACCESS: ReadonlyMap<string, DataAccess> = new Map(
  Object.entries(SEMANTICS).flatMap(([name, code]): [string, DataAccess][] => {
    const load = /LOAD\([^,]+, (\d), (?:true|false)\)/.exec(code);
    if (load) return [[name, { width: Number(load[1]), reads: true, writes: false }]];
    const store = /STORE\((\d), /.exec(code);
    if (store) return [[name, { width: Number(store[1]), reads: false, writes: true }]];
    const amo = /h\.amo\((AMO_\w+)/.exec(code);
    if (amo) return [[name, { width: 4, reads: amo[1] !== 'AMO_SC', writes: amo[1] !== 'AMO_LR' }]];
    return [];
  }),
);

/** The most watchpoints set at once (gdb is told no when it asks for more). */
export const MAX_WATCHPOINTS = 64;

/** A watchpoint hit: the stop reply's name and the data address inside the watched range. */
export interface WatchHit {
  readonly reply: string;
  readonly addr: number;
}

/**
 * Whether the instruction at the thread's pc, about to execute, touches a
 * watched range: its address is rs1 (+ the offset), as the hart computes it.
 */
export function watchHit(th: DebugThread, watches: readonly Watchpoint[]): WatchHit | undefined {
  const word = readVirtual(th, th.register(32), 4);
  if (word.length < 4) return undefined;
  const w = (word[0] | (word[1] << 8) | (word[2] << 16) | (word[3] << 24)) >>> 0;
  const spec = matchInstruction(w);
  const access = spec && DATA_ACCESS.get(spec.name);
  if (!access) return undefined;
  // The address: rs1, plus the row's signed offset operand (loads and stores; AMOs have none).
  const offset = spec.operands.find((o) => OPERANDS[o].class === 'simm');
  const addr = (th.register(extractField(w, OPERANDS.rs1)) + (offset ? extractField(w, OPERANDS[offset]) : 0)) >>> 0;
  for (const wp of watches) {
    const fires = wp.kind === 'write' ? access.writes : wp.kind === 'read' ? access.reads : true;
    const lo = Math.max(addr, wp.addr), hi = Math.min(addr + access.width, wp.addr + wp.length);
    if (fires && lo < hi) return { reply: WATCH_TYPES[wp.kind].reply, addr: lo };
  }
  return undefined;
}
