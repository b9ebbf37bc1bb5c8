/**
 * Bursts: word loads or stores one after another off one base register, as
 * a trap handler saves and restores the registers (31 of each every system
 * call), a context switch its callee-saved ones and a function its frame.
 *
 * A burst is compiled as one access: one translation check (the TLB entry of
 * its first word, every word on that page), for stores one check of the
 * code/device marks of the lines it covers, then plain array accesses. An
 * access each, the trap handler's save alone was 51 stores of about 320
 * characters, half a region's source (REGION_LIMITS), and the region that
 * entered it stopped before the system call it dispatched to.
 *
 * When the check fails (a TLB miss, MMIO, code on a line, a burst across a
 * page) the burst goes word by word through the hart's slow paths, in a
 * function shared by every region, with what the region would have done
 * after each: a trap is taken at its word with the words before it done; a
 * store that wrote code or must stop the hart leaves after its word. So a
 * burst retires, traps and stops exactly where its instructions one by one
 * would.
 */
import { LINE_SHIFT } from '../../bus.js';
import { tlbMask } from '../mmu.js';
import { SEMANTICS } from '../semantics.js';
import type { Hart } from '../hart.js';
import { NAME_OF_ID, type Insn } from './region.js';

/** The instruction ids of a word load and a word store, from the semantics table. */
const WORD_LOAD = NAME_OF_ID.findIndex((name) => name !== undefined && SEMANTICS[name] === 'LOAD(x[rd], 4, true)');
const WORD_STORE = NAME_OF_ID.findIndex((name) => name !== undefined && SEMANTICS[name] === 'STORE(4, x[rs2])');

const WORD_MASK = tlbMask(4);

/** The shortest burst compiled as one (two words already take less source than two accesses). */
const BURST_MIN = 2;
/** The widest: bytes from the lowest word to the highest, so that a burst checks a few lines at most. */
const BURST_SPAN = 256;

export interface Burst {
  readonly store: boolean;
  readonly insns: readonly Insn[];
  /** The base register and the lowest offset from it. */
  readonly base: number;
  readonly low: number;
  /** Bytes from the lowest word to the highest. */
  readonly span: number;
}

/**
 * The burst that starts at `insns[k]`, or undefined: word accesses of one
 * kind off one base register, at offsets a multiple of 4 apart within
 * BURST_SPAN. A load that writes the base ends the burst (the next would
 * use the new base).
 */
export function burstAt(insns: readonly Insn[], k: number): Burst | undefined {
  const first = insns[k], id = first.id;
  if (id !== WORD_LOAD && id !== WORD_STORE) return undefined;
  const base = first.rs1;
  let low = first.imm, high = first.imm, end = k;
  for (let j = k; j < insns.length; j++) {
    const i = insns[j];
    if (i.id !== id || i.rs1 !== base || ((i.imm - first.imm) & 3) !== 0) break;
    const lo = Math.min(low, i.imm), hi = Math.max(high, i.imm);
    if (hi - lo > BURST_SPAN) break;
    (low = lo), (high = hi), (end = j + 1);
    if (id === WORD_LOAD && i.rd === base) break;
  }
  if (end - k < BURST_MIN) return undefined;
  return { store: id === WORD_STORE, insns: insns.slice(k, end), base, low, span: high - low };
}

/** How a region names registers and reaches memory (codegen.ts). */
export interface BurstTarget {
  /** The local of x`r` (a write to x0 goes to a sink, a read is 0). */
  reg(r: number, write: boolean): string;
  /** RAM straight (paging off for data), else through the TLB sets LT/LO, ST/SO. */
  readonly direct: boolean;
}

/**
 * The code of `b`, the `k`th instruction of its block onwards, with `name`
 * the constant that holds its table (burstTable). `n + k` instructions are
 * retired before it, as in codegen's instruction.
 */
export function burstCode(t: BurstTarget, b: Burst, k: number, name: string): string {
  const words = b.insns.length, bytes = b.span + 4;
  const va = `va = (${t.reg(b.base, false)} + ${b.low}) | 0;`;
  const tlb = b.store ? ['ST', 'SO'] : ['LT', 'LO'];
  const at = t.direct
    ? `${va} o = (va - RAM) | 0; if ((o >>> 0) > RAMEND - ${bytes} || (o & 3) !== 0) o = -1;`
    : `${va} e = (va >>> 12) & 255; o = (va & ${tlbMask(4)}) === ${tlb[0]}[e] && (va & 4095) <= ${4096 - bytes} ? (va + ${tlb[1]}[e]) | 0 : -1;`;
  // A store checks every line the burst covers for code or a reservation (bus.ts, slowLines).
  const lines = new Set<number>();
  if (b.store) for (let d = 0; d <= bytes; d += 1 << LINE_SHIFT) lines.add(Math.min(d, bytes - 1)); // no two a line apart
  const clear = [...lines].map((d) => `SLOWL[${d === 0 ? 'o' : `(o + ${d})`} >>> ${LINE_SHIFT}]`).join(' | ');
  const fast = b.insns.map((i) => {
    const w = (i.imm - b.low) >> 2, slot = w === 0 ? 'o' : `o + ${w}`;
    return b.store ? `i32[${slot}] = ${t.reg(i.rs2, false)};` : `${t.reg(i.rd, true)} = i32[${slot}];`;
  });
  // Word by word: the values stored (or the loads' destinations, for the words that may not be loaded)
  // go to the register file, which the shared function reads and writes.
  const regs = [...new Set(b.insns.map((i) => (b.store ? i.rs2 : i.rd)).filter((r) => r !== 0))];
  const save = regs.map((r) => `X[${r}] = r${r};`).join(' ');
  const reload = b.store ? '' : regs.map((r) => `r${r} = X[${r}];`).join(' ');
  const set = t.direct ? 'null, null' : tlb.join(', ');
  const slow = `${save} s = ${b.store ? 'SBURST' : 'LBURST'}(h, ${name}, va, n + ${k}, ${set}); ${reload}
        if (s >= 0) { n += ${k} + s; epc = h.pc | 0; break main; }`;
  return `{ /* ${words} × ${NAME_OF_ID[b.insns[0].id]} */ ${at}
        if (o >= 0${clear ? ` && (${clear}) === 0` : ''}) { o >>= 2; ${fast.join(' ')} } else { ${slow} } }`;
}

/**
 * A burst's table, for the word-by-word path: per word the register (the
 * value stored, or the load's destination) and its offset from the lowest,
 * then per word its pc, then the pc after the burst.
 */
export function burstTable(b: Burst): number[] {
  const last = b.insns[b.insns.length - 1];
  return [
    ...b.insns.flatMap((i) => [b.store ? i.rs2 : i.rd, i.imm - b.low]),
    ...b.insns.map((i) => i.pc | 0),
    (last.pc + last.len) | 0,
  ];
}

/**
 * A burst of stores word by word, from `va` (its lowest word) with
 * `running` instructions retired before it; `T` and `O` are the region's
 * TLB set for stores (null: RAM straight). Each word takes the region's
 * fast path when it can (after a TLB miss the first word's walk fills the
 * entry the others use), else the hart's slow path. Returns -1 when every
 * word is done and the region goes on; else the words retired, with h.pc
 * where the region leaves (at a word that trapped, its exception pending;
 * after one that wrote code or must stop the hart).
 */
export function storeBurst(h: Hart, table: Int32Array, va: number, running: number, T: Int32Array | null, O: Int32Array | null): number {
  const words = (table.length - 1) / 3, x = h.x, bus = h.bus, lines = bus.slowLines;
  for (let j = 0; j < words; j++) {
    const a = (va + table[2 * j + 1]) | 0, v = x[table[2 * j]];
    const o = ramOffset(h, a, T, O);
    if (o >= 0 && lines[o >>> LINE_SHIFT] === 0) {
      bus.i32[o >> 2] = v;
      continue;
    }
    h.running = running + j + 1;
    h.pc = table[2 * words + j] >>> 0;
    h.storeSlow(a >>> 0, 4, v);
    if (h.excCause >= 0) return j;
    if (h.halted || h.yieldRequested || h.codeChanged) return (h.pc = table[2 * words + j + 1] >>> 0), j + 1;
  }
  return -1;
}

/** A burst of loads word by word (see storeBurst; `T`, `O`: the TLB set for loads), each word into the register file, x0 aside. */
export function loadBurst(h: Hart, table: Int32Array, va: number, running: number, T: Int32Array | null, O: Int32Array | null): number {
  const words = (table.length - 1) / 3, x = h.x;
  for (let j = 0; j < words; j++) {
    const a = (va + table[2 * j + 1]) | 0, o = ramOffset(h, a, T, O);
    let v: number;
    if (o >= 0) v = h.bus.i32[o >> 2];
    else {
      h.running = running + j + 1;
      h.pc = table[2 * words + j] >>> 0;
      v = h.loadSlow(a >>> 0, 4, true) | 0;
      if (h.excCause >= 0) return j;
    }
    if (table[2 * j] !== 0) x[table[2 * j]] = v;
  }
  return -1;
}

/** The RAM offset of the aligned word at `va` as the region's fast path finds it (TLB set T/O, or RAM straight), or -1. */
function ramOffset(h: Hart, va: number, T: Int32Array | null, O: Int32Array | null): number {
  if (T === null || O === null) {
    const o = (va - h.bus.ramBase) | 0;
    return (o >>> 0) <= h.bus.ramSize - 4 && (o & 3) === 0 ? o : -1;
  }
  const e = (va >>> 12) & 255;
  return (va & WORD_MASK) === T[e] ? (va + O[e]) | 0 : -1;
}
