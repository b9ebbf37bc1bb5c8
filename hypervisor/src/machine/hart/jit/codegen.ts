/**
 * The region compiler: a RegionPlan becomes one JavaScript function,
 * written from the same semantics table as the interpreter.
 *
 *   function region(h, budget) {
 *     let r1 = X[1], r2 = X[2], …          guest registers in locals
 *     main: for (;;) switch (L) {           one case per basic block
 *       case 3: if (n + 7 > budget) exit    the budget, checked per block
 *               …the block's instructions…  registers, pc, immediates as constants
 *               n += 7; if (cond) { L = 5; continue main; } …
 *     }
 *     X[1] = r1; …                          written back once, at the exit
 *     h.pc = epc; take a pending trap; return n;
 *   }
 *
 * A block that branches to itself becomes a loop of its own. `jalr`
 * dispatches on its target among the region's blocks (returns, switch
 * tables) and leaves only for code the region does not hold. Entering a
 * block on another page than the one control comes from checks that the
 * fetch TLB still maps it where it did at compile time (one compare each
 * for tag and offset); nothing else about translation is checked inside,
 * since everything that changes translations (satp, sfence.vma, SUM/MXR,
 * PMP, privilege) is a slow path after which the region leaves — or, when
 * only translations changed, goes on if its own page still maps where it
 * did (fetchesHere).
 *
 * Loads and stores go through the TLB inline (mmu.ts), or in direct mode
 * straight to RAM — word loads or stores one after another off one base
 * register as one access (bursts.ts); everything else — MMIO, misses, misalignment — through
 * the hart's slow paths, which never see stale registers since none of
 * them reads `x`. A trap leaves the region and is taken at its exit, after
 * the registers are written back, so a monitor sees the guest's state.
 */
import { appendFileSync } from 'node:fs';
import { EXC } from '@pvlab/assembler';
import { SEMANTICS } from '../semantics.js';
import { LINE_SHIFT } from '../../bus.js';
import { NO_TLB, tlbMask } from '../mmu.js';
import * as Mx from '../m-ext.js';
import * as A from '../atomics.js';
import type { Hart } from '../hart.js';
import { CSR_BEHAVIOUR } from '../csr.js';
import { FLOW, NAME_OF_ID, type BlockPlan, type Insn, type RegionPlan } from './region.js';
import { recipeSources } from './recipes.js';
import { burstAt, burstCode, burstTable, loadBurst, storeBurst } from './bursts.js';

/**
 * How a region reaches memory, fixed when it is compiled: the hart's
 * `fetchMode` and `dataMode` (0 physical, 1 through S-mode's TLB sets, 2
 * through U-mode's), as fetchMode × 3 + dataMode. The TLB sets a region
 * uses are then constants of its code, which V8 folds in (no per-access map
 * check or length load). Kernel code is compiled for S, user code for U;
 * the same code run both ways (rare) is compiled twice.
 */
export type Variant = number;

/** The variant for the hart's modes, or -1 when only the interpreter runs them (M-mode under locked PMP). */
export const variantOf = (fetchMode: number, dataMode: number): Variant => (fetchMode > 2 || dataMode > 2 ? -1 : fetchMode * 3 + dataMode);
const fetchModeOf = (v: Variant) => Math.floor(v / 3);
const dataModeOf = (v: Variant) => v % 3;

/** PVLAB_JIT_DUMP=FILE appends every region's source to FILE (for reading what the compiler makes). */
const DUMP = typeof process !== 'undefined' && process.env.PVLAB_JIT_DUMP
  ? ((file: string) => (text: string) => appendFileSync(file, text))(process.env.PVLAB_JIT_DUMP)
  : undefined;

/**
 * A compiled region: run from block `entry` for at most `budget` instructions
 * with `env` (the hart's memory and TLB, where its code sits); returns the
 * instructions retired.
 */
export type RegionFn = (h: Hart, budget: number, entry: number, env: RegionEnv) => number;

/**
 * What a region's function reaches besides the hart: the board's memory, the
 * TLB sets of its variant, the offsets of its pages (PD) and the code cache's
 * ear for its indirect exits. Passed in, not bound into a closure, so that
 * one function serves every board and VM that runs the same code (see
 * FUNCTIONS); one shape for every region, so reading it is monomorphic.
 */
export interface RegionEnv {
  readonly X: Int32Array;
  readonly i32: Int32Array;
  readonly i16: Int16Array;
  readonly u16: Uint16Array;
  readonly i8: Int8Array;
  readonly u8: Uint8Array;
  readonly SLOWL: Uint8Array;
  readonly LT: Int32Array;
  readonly LO: Int32Array;
  readonly ST: Int32Array;
  readonly SO: Int32Array;
  readonly FT: Int32Array;
  readonly FO: Int32Array;
  readonly PD: Int32Array;
  readonly exits: IndirectExits;
}

/**
 * The code cache's ear for a region's indirect exits. An object with a
 * method, not a closure: every region's code then calls the one method of
 * one class, where a closure made per region is a new call target on every
 * board to a function the boards share (V8 deoptimised it for that).
 */
export interface IndirectExits {
  exited(target: number): void;
}
/** RegionEnv's fields, in the order a region's prologue reads the ones its code uses. */
const ENV_FIELDS = ['X', 'i32', 'i16', 'u16', 'i8', 'u8', 'SLOWL', 'LT', 'LO', 'ST', 'SO', 'FT', 'FO', 'exits'] as const;

const VIEW = (w: number, signed: boolean, o: string) =>
  w === 4 ? `i32[${o} >> 2]` : w === 2 ? (signed ? `i16[${o} >> 1]` : `u16[${o} >> 1]`) : signed ? `i8[${o}]` : `u8[${o}]`;

/** The register local for x`r` (x0 reads as 0, writes go to a sink). */
const reg = (r: number, write: boolean) => (r === 0 || r === 32 ? (write ? 'rz' : '0') : `r${r}`);

interface Ctx {
  variant: Variant;
  plan: RegionPlan;
  label: Map<number, number>;
  /** Registers read or written, and written. */
  used: Set<number>;
  /** The jump-target bits that must be clear (Hart.ialignBits: changing misa.C drops every region). */
  ialign: number;
  written: Set<number>;
  /** The tables of the region's bursts (bursts.ts), by constant name. */
  bursts: Map<string, number[]>;
}

/** Leave the region at `pcExpr` with `retired` more instructions of the block retired. */
const exitAt = (pcExpr: string, retired: number) => `{ n += ${retired}; epc = ${pcExpr}; break main; }`;
/** Raise an exception at the instruction `k` into its block: it is taken at the region's exit. */
const trapAt = (k: number, cause: string, tval: string) => `{ h.excCause = ${cause}; h.excTval = (${tval}) >>> 0; n += ${k}; epc = pc; break main; }`;

/**
 * The slow paths of loads and stores, shared by every region (they are
 * called, not pasted: a region's size decides whether V8 optimises it at
 * all, see REGION_LIMITS). Each syncs what the hart's slow path may read —
 * the instructions retired so far (`running`) and the pc — and does the
 * access. A store says how the region goes on: 0 on, 1 the store trapped
 * (leave at it), 2 leave after it (it wrote code, or the hart must stop).
 */
function loadSlow(h: Hart, va: number, w: 1 | 2 | 4, signed: boolean, running: number, pc: number): number {
  h.running = running;
  h.pc = pc >>> 0;
  return h.loadSlow(va >>> 0, w, signed) | 0;
}
function storeSlow(h: Hart, va: number, w: 1 | 2 | 4, v: number, running: number, pc: number): number {
  h.running = running;
  h.pc = pc >>> 0;
  h.storeSlow(va >>> 0, w, v);
  return h.excCause >= 0 ? 1 : h.halted || h.yieldRequested || h.codeChanged ? 2 : 0;
}

/**
 * An environment call in compiled code (ECALL, the last instruction of its
 * block): the trap, taken as the interpreter takes it, with the instructions
 * retired so far in `running`. When the environment below completed the
 * call — the hart is back at the next instruction in the region's modes, no
 * interrupt to take, nothing else to stop for, and the page it goes on in
 * still mapped where it was when the trap flushed translations — the region
 * goes on (a hypercall costs no region exit and entry: the guest's call
 * returns in the same function). Returns the steps the trap took, or -1:
 * leave at h.pc. `offset` is the RAM offset the region assumed for the
 * call's page (unused when fetches are not translated).
 */
function ecall(h: Hart, cause: number, running: number, pc: number, next: number, variant: Variant, offset: number, epoch: number): number {
  const steps = h.steps;
  h.running = running;
  h.trap(cause, 0, pc >>> 0);
  h.running = 0;
  if (h.pc !== next >>> 0 || h.excCause >= 0 || variantOf(h.fetchMode, h.dataMode) !== variant) return -1;
  if (h.yieldRequested || h.halted || h.waiting || h.codeChanged) return -1;
  if (h.checkInterrupts) {
    if (h.pendingInterrupt() >= 0) return -1;
    h.checkInterrupts = false;
  }
  // On another page, the edge to it checks its translation (see edge).
  if (h.mmu.epoch !== epoch && ((next ^ pc) & ~0xfff) === 0 && !fetchesHere(h, next, variant, offset)) return -1;
  return h.steps - steps;
}

/**
 * After translations changed (a `satp` write, `sfence.vma`, a hypercall
 * that flushed): whether the region may go on at `pc` — the hart's modes
 * still the region's, and `pc`'s page still at RAM offset `offset`, as the
 * region was compiled. A page the TLB no longer holds is walked, as the run
 * loop would on the way back in (the fetch of the next instruction walks it
 * anyway); a walk that faults leaves the fault to the interpreter. Leaving
 * instead cost a context switch an exit, a look-up and the interpreter for
 * the two instructions after `sfence.vma` (no region starts inside another's
 * block), about a fifth of a native switch.
 */
function fetchesHere(h: Hart, pc: number, variant: Variant, offset: number): boolean {
  if (variantOf(h.fetchMode, h.dataMode) !== variant) return false;
  const fm = fetchModeOf(variant);
  if (fm === 0) return true;
  const e = (pc >>> 12) & 255, set = fm - 1, tag = h.mmu.tag[set];
  if (tag[e] !== (pc & ~0xfff) && h.probeFetch(pc >>> 0) === -1) return false;
  return tag[e] === (pc & ~0xfff) && h.mmu.off[set][e] === offset;
}

/** Which registers each instruction id's semantics use (loads and stores address through rs1). */
const WRITES_RD = 1, READS_RS1 = 2, READS_RS2 = 4;
const REGISTERS_USED: readonly number[] = NAME_OF_ID.map((name) => {
  const s = name === undefined ? '' : SEMANTICS[name];
  return (/x\[rd\]|, rd\)/.test(s) ? WRITES_RD : 0) | (/x\[rs1\]|LOAD\(|STORE\(/.test(s) ? READS_RS1 : 0) | (/x\[rs2\]/.test(s) ? READS_RS2 : 0);
});

/**
 * Instructions' code by everything it depends on, kept across compiles:
 * kernel code is compiled again and again (regions merge, take in hot
 * targets, are planned smaller), and expanding the semantics is most of
 * the host's share of compiling. Bounded: forgotten all at once when full.
 */
const CODE_MEMO = new Map<string, string>();
const CODE_MEMO_MAX = 1 << 16;

/** The code for one instruction, `k` instructions into its block (`last`: the block's terminator reads its `npc`). */
function instruction(c: Ctx, i: Insn, k: number, last: boolean): string {
  if (FLOW[i.id] === 'ecall') return expandInstruction(c, i, k, last); // depends on the region's registers: not memoised
  // (A slow path's code names where its page sits, pageOffset: in the key too.)
  const key = `${i.id} ${i.rd} ${i.rs1} ${i.rs2} ${i.imm} ${i.pc} ${i.len} ${i.word} ${k} ${last ? 1 : 0} ${c.variant} ${c.ialign} ${pageOffset(c, i.pc)}`;
  let code = CODE_MEMO.get(key);
  if (code === undefined) {
    if (CODE_MEMO.size >= CODE_MEMO_MAX) CODE_MEMO.clear();
    code = expandInstruction(c, i, k, last);
    CODE_MEMO.set(key, code);
  }
  return code;
}

function expandInstruction(c: Ctx, i: Insn, k: number, last: boolean): string {
  const name = NAME_OF_ID[i.id];
  const next = (i.pc + i.len) | 0;
  const head = `npc = ${next};`;
  const csr = name === undefined ? undefined : plainCsr(c, i, k, name);
  if (csr !== undefined) return `{ ${last ? head : ''} /* ${name} */ ${csr} }`;
  if (name === undefined) return `{ ${head} /* illegal */ ${trapAt(k, `${EXC.illegal}`, `${i.word}`).replace(/(?<![.\w$])pc\b/g, `(${i.pc})`)} }`;
  const pending = `if (h.excCause >= 0) ${exitAt('pc', k)}`;
  // As in the interpreter, the instruction running counts in `running` (a CSR read of a counter, or an
  // MMIO read of mtime, sees it; csrRetiring takes it off for the CSR itself).
  const sync = `h.running = n + ${k + 1}; h.pc = pc >>> 0;`;
  const illegal = trapAt(k, `${EXC.illegal}`, `${i.word}`);
  const direct = dataModeOf(c.variant) === 0;
  // Loads and stores use the region's scratch locals (va, e, o, v): one set for the whole function
  // rather than block-scoped constants per access, each of which would take a register of its own.
  const load = (dest: string, w: number, signed: boolean) => {
    const slow = `{ v = LMISS(h, va, ${w}, ${signed}, n + ${k + 1}, pc); ${pending} ${dest} = v; }`;
    if (direct) return `va = (${reg(i.rs1, false)} + imm) | 0; o = (va - RAM) | 0;
        if ((o >>> 0) <= RAMEND - ${w} && (o & ${w - 1}) === 0) ${dest} = ${VIEW(w, signed, 'o')}; else ${slow}`;
    return `va = (${reg(i.rs1, false)} + imm) | 0; e = (va >>> 12) & 255;
        if ((va & ${tlbMask(w)}) === LT[e]) ${dest} = ${VIEW(w, signed, '((va + LO[e]) | 0)')}; else ${slow}`;
  };
  const store = (w: number, value: string) => {
    const slow = `if ((s = SMISS(h, va, ${w}, v, n + ${k + 1}, pc)) !== 0) { n += ${k - 1} + s; epc = s === 1 ? pc : ${next}; break main; }`;
    const write = (at: string) => (w === 4 ? `i32[${at} >> 2] = v` : w === 2 ? `u16[${at} >> 1] = v` : `u8[${at}] = v`);
    if (direct) return `va = (${reg(i.rs1, false)} + imm) | 0; v = ${value}; o = (va - RAM) | 0;
        if ((o >>> 0) <= RAMEND - ${w} && (o & ${w - 1}) === 0 && SLOWL[o >>> ${LINE_SHIFT}] === 0) ${write('o')}; else ${slow}`;
    return `va = (${reg(i.rs1, false)} + imm) | 0; v = ${value}; e = (va >>> 12) & 255; o = (va & ${tlbMask(w)}) === ST[e] ? (va + SO[e]) | 0 : -1;
        if (o >= 0 && SLOWL[o >>> ${LINE_SHIFT}] === 0) ${write('o')}; else ${slow}`;
  };
  // After a slow path the region leaves if anything it assumed may have changed; after a change of
  // translations, unless its code still sits where it did (fetchesHere).
  const changed = `h.checkInterrupts || h.yieldRequested || h.halted || h.codeChanged || h.dataMode !== ${dataModeOf(c.variant)}`;
  const translations = ((next ^ i.pc) & ~0xfff) !== 0
    ? `if (h.mmu.epoch !== EPOCH) ${exitAt('npc', k + 1)}`
    : `if (h.mmu.epoch !== EPOCH) { if (!REFETCH(h, ${next}, ${c.variant}, ${pageOffset(c, i.pc)})) ${exitAt('npc', k + 1)} EPOCH = h.mmu.epoch; }`;
  const reload = i.rd !== 0 && i.rd !== 32 ? `r${i.rd} = X[${i.rd}];` : '';
  const s = SEMANTICS[name]
    // Register locals hold int32 only (a value like `a >>> 0` would make V8 keep the local as a double).
    .replace(/x\[rd\] = ([^;]+);/g, (_, v) => `${reg(i.rd, true)} = (${v}) | 0;`)
    .replace(/x\[rd\]/g, reg(i.rd, true))
    .replace(/x\[rs1\]/g, reg(i.rs1, false))
    .replace(/x\[rs2\]/g, reg(i.rs2, false))
    .replace(/LOAD\(([^,]+), (\d), (true|false)\)/g, (_, d, w, sg) => load(d, Number(w), sg === 'true'))
    .replace(/STORE\((\d), ([^)]+)\)/g, (_, w, v) => store(Number(w), v))
    .replace(/XRET\((.+)\)$/, (_, call) => `${sync} if (!${call}) ${illegal} ${exitAt('h.pc | 0', k + 1)}`)
    .replace(/SLOW\(([^;]+)\)(;|$)/, (_, call, end) => `${sync} if (!${call}) ${illegal} ${pending} ${reload} if (${changed}) ${exitAt('npc', k + 1)} ${translations}${end}`)
    // A branch's condition is kept; where it goes is the block's terminator (below).
    .replace(/^BRANCH\((.+)\)$/, (_, cond) => `taken = ${cond};`)
    .replace(/TRAP\(([^,]+), ([^)]+)\)/g, (_, cause, tval) => trapAt(k, cause, tval))
    .replace(/^ECALL\((.+)\)$/, (_, cause) => environmentCall(c, i, k, cause));
  // The fields and the pc are constants of this instruction, pasted in as literals (not declared:
  // declarations cost V8's interpreter and compilers even when folded away).
  const fields: Record<string, number> = { rd: i.rd, rs1: i.rs1, rs2: i.rs2, imm: i.imm, pc: i.pc };
  const code = s
    .replace(/(?<![.\w$])(rd|rs1|rs2|imm|pc)\b/g, (_, f: string) => (fields[f] < 0 ? `(${fields[f]})` : `${fields[f]}`))
    .replace(/\bIALIGN\b/g, `${c.ialign}`);
  // `npc` only where something reads it: the instruction itself (a link, an exit after it) or the block's end.
  return `{ ${last || /\bnpc\b/.test(code) ? head : ''} /* ${name} */
        ${code} }`;
}

/**
 * ECALL (see `ecall`): every register the region changed is written back
 * for the environment, which reads the call's arguments there, and every
 * register it uses read again after (the call's results). Going on, the
 * call did not retire (its block's count includes it) and its steps come
 * off the budget; leaving, the region is at whatever pc the trap chose.
 */
function environmentCall(c: Ctx, i: Insn, k: number, cause: string): string {
  const next = (i.pc + i.len) | 0, offset = pageOffset(c, i.pc);
  const save = [...c.written].map((r) => `X[${r}] = r${r};`).join(' ');
  const load = [...c.used].map((r) => `r${r} = X[${r}];`).join(' ');
  return `${save} s = ECALL(h, ${cause}, n + ${k}, pc, ${next}, ${c.variant}, ${offset}, EPOCH); ${load}
        if (s < 0) { n += ${k}; epc = h.pc | 0; break main; } n -= 1; budget -= s; EPOCH = h.mmu.epoch;`;
}

/** The RAM offset the region assumes for the page of `pc`, as code: a constant, or the page's local (placement-free code). */
function pageOffset(c: Ctx, pc: number): string {
  const page = pc & ~0xfff;
  return fetchModeOf(c.variant) === 0 ? '0' : placementFree(c.variant) ? `P${pageIndex(c.plan, page)}` : `${c.plan.pages.get(page)}`;
}

/**
 * The CSR instructions, read from the semantics table (`SLOW(h.csr(imm & 0xfff, OP, SRC, ...))`): their
 * operation as csrOp takes it (1 write, 2 set, 3 clear) and whether the source is rs1's number (the
 * immediate forms) rather than the register.
 */
const CSR_INSTRUCTIONS: ReadonlyMap<string, readonly [number, boolean]> = new Map(
  Object.entries(SEMANTICS).flatMap(([name, s]) => {
    const m = /^SLOW\(h\.csr\(imm & 0xfff, ([123]), (x\[rs1\]|rs1),/.exec(s);
    return m ? [[name, [Number(m[1]), m[2] === 'rs1'] as const]] : [];
  }),
);

/**
 * A CSR instruction on a CSR that is only storage (csr.ts, `plain`), in
 * place: the privilege check, the read, the write, as the hart's csrOp does
 * them, without the call and the checks after it (nothing else can change).
 * Undefined for every other CSR instruction: it goes through the hart.
 */
function plainCsr(c: Ctx, i: Insn, k: number, name: string): string | undefined {
  const op = CSR_INSTRUCTIONS.get(name);
  if (op === undefined) return undefined;
  const number = i.imm & 0xfff;
  const b = CSR_BEHAVIOUR[number], p = b?.plain;
  if (p === undefined || b!.allowed !== undefined || number >>> 10 === 3) return undefined;
  const [kind, immediate] = op;
  const src = immediate ? `${i.rs1}` : reg(i.rs1, false);
  const writes = kind === 1 || i.rs1 !== 0;
  const value = kind === 1 ? src : kind === 2 ? `v | ${src}` : `v & ~${src}`;
  const illegal = trapAt(k, `${EXC.illegal}`, `${i.word}`).replace(/(?<![.\w$])pc\b/g, `(${i.pc})`);
  return `if (h.priv < ${(number >>> 8) & 3}) ${illegal}
        v = h.${p.field}${p.epc ? ` & ${~c.ialign}` : ' | 0'};${writes ? ` h.${p.field} = (${p.epc ? `(${value}) & -2` : value}) >>> 0;` : ''} ${reg(i.rd, true)} = v;`;
}

/** A block's instructions as code: one by one, or as bursts of loads or stores (bursts.ts). */
function instructions(c: Ctx, b: BlockPlan): string {
  const n = b.insns.length, out: string[] = [];
  const target = { reg, direct: dataModeOf(c.variant) === 0 };
  for (let k = 0; k < n; ) {
    const burst = burstAt(b.insns, k);
    if (burst === undefined) {
      out.push(instruction(c, b.insns[k], k, k === n - 1));
      k++;
      continue;
    }
    const name = `BURST${c.bursts.size}`;
    c.bursts.set(name, burstTable(burst));
    k += burst.insns.length;
    const last = burst.insns[burst.insns.length - 1];
    out.push(burstCode(target, burst, k - burst.insns.length, name) + (k === n ? ` npc = ${(last.pc + last.len) | 0};` : ''));
  }
  return out.join('\n        ');
}

/**
 * Code that moves control to virtual `target` from a block on page
 * `fromPage` (undefined: from any page, for the shared `jalr` dispatch),
 * `n` already counting the block.
 */
function edge(c: Ctx, fromPage: number | undefined, target: number, loop?: { label: string; index: number }): string {
  const l = c.label.get(target);
  if (l === undefined) return `{ epc = ${target}; break main; }`;
  const go = loop !== undefined && loop.index === l ? `continue ${loop.label};` : `{ L = ${l}; continue main; }`;
  const page = target & ~0xfff;
  if (fetchModeOf(c.variant) === 0 || page === fromPage || c.plan.pages.size === 1) return go;
  // User code (fetches through U's TLB) reads the page's RAM offset from PD (bound at compile time,
  // into a local on entry) instead of having it pasted in, so its source is the same wherever it sits
  // physically — a program exec'd again lands in other pages — and V8's function compiled for one copy
  // serves the next (recipes.ts). Kernel code keeps the constant (V8 folds it; about 5% on Sv32 code
  // crossing pages in a loop): it sits where it sat, on every board that boots the same kernel.
  const offset = placementFree(c.variant) ? `P${pageIndex(c.plan, page)}` : `${c.plan.pages.get(page)!}`;
  return `{ e = ${(target >>> 12) & 255}; if (FT[e] === ${page | 0} && FO[e] === ${offset}) ${go} epc = ${target}; break main; }`;
}

/** Whether a region's source leaves out where its code sits physically (user code, see edge). */
export const placementFree = (v: Variant) => fetchModeOf(v) === 2;

/** The index of virtual `page` among the plan's pages (the order of `plan.pages`, which PD follows). */
function pageIndex(plan: RegionPlan, page: number): number {
  let k = 0;
  for (const p of plan.pages.keys()) {
    if (p === page) return k;
    k++;
  }
  throw new Error(`page 0x${(page >>> 0).toString(16)} is not one of the region's`);
}

/** In-region successors of a block, by pc: where its terminator or its end can go. */
function successors(b: BlockPlan): number[] {
  const last = b.insns[b.insns.length - 1];
  const flow = FLOW[last.id];
  const target = (last.pc + last.imm) | 0;
  if (flow === 'branch') return b.fallthrough === undefined ? [target] : [target, b.fallthrough];
  if (flow === 'jal') return [target];
  if (flow === 'next' || flow === 'ecall') return b.fallthrough === undefined ? [] : [b.fallthrough];
  return [];
}

/**
 * Loops of several blocks that can be one JavaScript loop: a head block, the
 * blocks after it in address order up to the last one that jumps back to it,
 * all on the head's page, where control inside moves only forward, back to
 * the head or out. By head index, the loop's last block and `peel`: the
 * first of its inner blocks with an entry of its own. JavaScript cannot jump
 * into a loop, so a place entered from outside other than the head — the
 * region's entry (a timer interrupt returned there first), a `jalr`'s
 * landing, a jump from another block — is given a copy of the blocks from
 * it to the loop's end, apart, whose jump back enters the loop at its head
 * (one dispatch; at most PEEL_MAX instructions are copied, else the loop is
 * left to the switch); the loop then runs whole. (Without the copy the loop was
 * not one, and every turn went through the switch: 1.5x the time, measured
 * on a CRC region first entered in the middle of its loop.) Inner blocks
 * before `peel` are no entries of the region (code-cache.ts): code landing
 * there (an interrupt's return) is interpreted up to the next jump.
 */
export function loopsOf(plan: RegionPlan): Map<number, Loop> {
  let loops = LOOPS.get(plan);
  if (loops === undefined) LOOPS.set(plan, (loops = findLoops(plan)));
  return loops;
}

export interface Loop {
  readonly last: number;
  readonly peel: number;
}

/**
 * The most instructions a peel copies: a loop whose inner entry is further
 * from its end is left to the switch (each turn a dispatch, a small share of
 * a long body). A copy is source the region pays for under
 * REGION_LIMITS.source, in instructions it can no longer hold (kernel
 * regions reach the cap at 100-200 instructions).
 */
const PEEL_MAX = 32;

/** loopsOf by plan: the source and the code cache's entries both ask, once each per compile. */
const LOOPS = new WeakMap<RegionPlan, Map<number, Loop>>();

function findLoops(plan: RegionPlan): Map<number, Loop> {
  const blocks = plan.blocks;
  const index = new Map<number, number>();
  blocks.forEach((b, i) => index.set(b.pc, i));
  const succ = blocks.map((b) => successors(b).map((t) => index.get(t)).filter((x): x is number => x !== undefined));
  const loops = new Map<number, Loop>();
  for (let i = 0; i < blocks.length; i++) {
    let last = -1;
    for (let j = i + 1; j < blocks.length; j++) if (succ[j].includes(i)) last = j;
    if (last < 0) continue;
    const page = blocks[i].pc & ~0xfff;
    let ok = true, peel = last + 1;
    for (let k = i; k <= last && ok; k++) {
      const b = blocks[k];
      if ((b.pc & ~0xfff) !== page || (b.insns[b.insns.length - 1].pc & ~0xfff) !== page) ok = false;
      if (k > i && (plan.landings.has(b.pc) || b.pc === plan.entryPc)) peel = Math.min(peel, k);
      for (const s of succ[k]) if (s >= i && s <= last && s <= k && s !== i) ok = false;
    }
    for (let m = 0; m < blocks.length && ok; m++) {
      if (m >= i && m <= last) continue;
      for (const s of succ[m]) if (s > i && s <= last) peel = Math.min(peel, s);
    }
    let copied = 0;
    for (let k = peel; k <= last; k++) copied += blocks[k].insns.length;
    if (!ok || copied > PEEL_MAX) continue;
    loops.set(i, { last, peel });
    i = last;
  }
  return loops;
}

/** Where control goes inside a loop of blocks (loopsOf): its head's index and label, and its last block's index. */
interface LoopCtx {
  readonly head: number;
  readonly last: number;
}

/** Block `index` as code; `apart`: placed elsewhere than before the block that follows it (a loop's peel), so it falls through by a jump. */
function block(c: Ctx, b: BlockPlan, index: number, inLoop?: LoopCtx, apart = false): string {
  const n = b.insns.length;
  const page = b.pc & ~0xfff;
  const last = b.insns[n - 1];
  const flow = FLOW[last.id];
  const target = (last.pc + last.imm) | 0;
  // A block that branches or jumps to its own start loops without going through the switch.
  const selfLoop = inLoop === undefined && (flow === 'branch' || flow === 'jal') && target === b.pc && (target & c.ialign) === 0;
  const loop = inLoop !== undefined ? { label: `L${inLoop.head}`, index: inLoop.head } : selfLoop ? { label: `L${index}`, index } : undefined;
  // Inside a loop of blocks: back to the head is a `continue`, forward to one of its blocks a `break`
  // out of the labelled block that ends where that block's code begins (the next one: nothing at all).
  const go = (to: number, falling: boolean) => {
    const l = c.label.get(to);
    if (inLoop !== undefined && l !== undefined && l > index && l <= inLoop.last) return falling && l === index + 1 ? '' : `break B${l};`;
    return edge(c, page, to, loop);
  };
  // Falling through to the next block, which is the next case, needs no jump: JavaScript falls into it
  // (out of this case's loop first), where going through the switch would cost a dispatch.
  const next = c.plan.blocks[index + 1];
  const fall = b.fallthrough === undefined ? '{ epc = npc; break main; }'
    : inLoop !== undefined && index < inLoop.last ? go(b.fallthrough, true)
    : !apart && next !== undefined && next.pc === b.fallthrough && (next.pc & ~0xfff) === page ? (loop ? `break ${loop.label};` : '')
    : edge(c, page, b.fallthrough);
  let term: string;
  if (flow === 'branch') {
    const taken = (target & c.ialign) !== 0
      ? `{ h.excCause = ${EXC.instructionMisaligned}; h.excTval = ${target >>> 0}; n += ${n - 1}; epc = ${last.pc}; break main; }`
      : `{ n += ${n}; ${go(target, false)} }`;
    term = `if (taken) ${taken} n += ${n}; ${fall}`;
  } else if (flow === 'jal') term = `n += ${n}; ${go(target, false)}`;
  else if (flow === 'jalr') term = `n += ${n}; L = ${c.plan.blocks.length}; continue main;`; // the dispatch, below
  else if (flow === 'next' || flow === 'ecall') term = `n += ${n}; ${fall}`;
  else term = ''; // a trap or an xRET: the instruction left the region itself
  const inner = `if (n + ${n} > budget) { epc = ${b.pc}; break main; }
        ${instructions(c, b)}
        ${term}`;
  if (inLoop !== undefined) return inner;
  return `      case ${index}: ${loop ? `${loop.label}: for (;;) { ${inner} }` : `{ ${inner} }`}`;
}

/**
 * A loop of blocks (loopsOf) as one case: a JavaScript loop whose body nests
 * a labelled block per block after the head, so that each block's code
 * begins where the label of its own closes:
 *
 *   case 3: L3: for (;;) { B5: { B4: { …block 3… } …block 4… } …block 5… }
 */
function loopCase(c: Ctx, head: number, last: number): string {
  const ctx: LoopCtx = { head, last };
  let s = `      case ${head}: L${head}: for (;;) { `;
  for (let m = last; m > head; m--) s += `B${m}: { `;
  for (let k = head; k <= last; k++) {
    s += block(c, c.plan.blocks[k], k, ctx);
    s += k < last ? ' }\n' : ' }';
  }
  return s;
}

/**
 * jalr: go on at its target (`npc`) if the region holds it, else leave,
 * telling the code cache where to (`exits`: it may extend the region).
 * One dispatch, the case after the blocks, serves every `jalr` of the
 * region: a copy at each (kernel code returns from a dozen functions, to
 * a hundred return points) made most of a region's code, and regions too
 * big for V8 to optimise.
 */
function dispatch(c: Ctx): string {
  const cases = c.plan.blocks.filter((b) => c.plan.landings.has(b.pc)).map((b) => `case ${b.pc}: ${edge(c, undefined, b.pc)}`);
  return `      case ${c.plan.blocks.length}: switch (npc) { ${cases.join(' ')} default: { exits.exited(npc); epc = npc; break main; } }`;
}

export interface CompiledRegion {
  readonly fn: RegionFn;
  readonly env: RegionEnv;
  /** Size of the generated source, the code cache's measure of what a region costs. */
  readonly size: number;
}

/**
 * Region functions by source, shared by every hart in the process: a
 * region's source depends only on the guest code at its virtual addresses,
 * the variant, IALIGN and the board's RAM window (the hart's registers,
 * memory, TLB and where user code sits physically come in `env`), so a
 * board booted again, or another VM running the same kernel, calls the very
 * function V8 has already compiled, optimised and fed back on. (Made by a
 * factory per board instead, each closure got feedback of its own until
 * V8 had run the factory a few times: every fresh board ran its hot code
 * in V8's interpreter again and re-optimised it, about 55 ms of a 40,000
 * getpid session, measured.) Bounded by the sources' size: past
 * FUNCTION_BYTES, the functions no recipe holds are forgotten (regions taken
 * over: jit/recipes.ts), and all of them if that is not enough. (Forgotten
 * all at once, a whole benchmark went past the cap in its fourth workload,
 * mostly with functions of regions taken over: every region function was
 * made anew, V8 compiled them all again, and the rows measured meanwhile took
 * 2-10 times their time. The recipes held need about 2.5 MB.)
 */
const FUNCTIONS = new Map<string, RegionFn>();
let functionBytes = 0;
export const FUNCTION_BYTES = 8 << 20;

/**
 * Statistics of the shared functions: sources held, their characters,
 * compiles that found one, functions made (never reset: each is new code
 * for V8 to compile and optimise, which the benchmark waits out), and times
 * room was made.
 */
export const functionStats = { sources: 0, bytes: 0, hits: 0, made: 0, evictions: 0 };

function functionOf(source: string): RegionFn {
  let f = FUNCTIONS.get(source);
  if (f !== undefined) functionStats.hits++;
  else {
    if (functionBytes + source.length > FUNCTION_BYTES) makeRoom(source.length);
    const factory = new Function('SIGN', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu', 'A', 'LMISS', 'SMISS', 'ECALL', 'LBURST', 'SBURST', 'REFETCH', source);
    f = factory(-0x80000000, Mx.mulh, Mx.mulhsu, Mx.mulhu, Mx.div, Mx.divu, Mx.rem, Mx.remu, A, loadSlow, storeSlow, ecall, loadBurst, storeBurst, fetchesHere) as RegionFn;
    FUNCTIONS.set(source, f);
    functionBytes += source.length;
    functionStats.made++;
  }
  functionStats.sources = FUNCTIONS.size;
  functionStats.bytes = functionBytes;
  return f;
}

/** Forget the functions no recipe holds; all of them if that leaves no room for `chars` more. */
function makeRoom(chars: number): void {
  const held = recipeSources();
  for (const source of FUNCTIONS.keys()) {
    if (!held.has(source)) (FUNCTIONS.delete(source), (functionBytes -= source.length));
  }
  if (functionBytes + chars > FUNCTION_BYTES) (FUNCTIONS.clear(), (functionBytes = 0));
  functionStats.evictions++;
}

/** The JavaScript source of `plan` compiled for hart `h` in `variant` (its size is what the code cache budgets). */
export function regionSource(h: Hart, plan: RegionPlan, variant: Variant): string {
  const label = new Map<number, number>();
  plan.blocks.forEach((b, i) => label.set(b.pc, i));
  const used = new Set<number>(), written = new Set<number>();
  for (const b of plan.blocks) {
    for (const i of b.insns) {
      const u = REGISTERS_USED[i.id];
      if (u & WRITES_RD && i.rd !== 32 && i.rd !== 0) (used.add(i.rd), written.add(i.rd));
      if (u & READS_RS1 && i.rs1 !== 0) used.add(i.rs1);
      if (u & READS_RS2 && i.rs2 !== 0) used.add(i.rs2);
    }
  }
  const c: Ctx = { variant, plan, label, used, written, ialign: h.ialignBits, bursts: new Map() };
  const regs = [...used].sort((a, b) => a - b);
  const jumps = plan.blocks.some((b) => FLOW[b.insns[b.insns.length - 1].id] === 'jalr');
  const loops = loopsOf(plan);
  const cases: string[] = [];
  for (let i = 0; i < plan.blocks.length; i++) {
    const loop = loops.get(i);
    if (loop === undefined) cases.push(block(c, plan.blocks[i], i));
    else (cases.push(loopCase(c, i, loop.last)), (i = loop.last));
  }
  // The loops' peels, after everything: each block falls into the next copy, the last by a jump.
  for (const { last, peel } of loops.values()) for (let k = peel; k <= last; k++) cases.push(block(c, plan.blocks[k], k, undefined, k === last));
  const body = cases.join('\n') + (jumps ? `\n${dispatch(c)}` : '');
  // The prologue reads from env only what the body uses; the RAM window is the board's, pasted in.
  const fields = ENV_FIELDS.filter((f) => f === 'X' || new RegExp(`(?<![.\\w$])${f}\\b`).test(body));
  const pages = placementFree(variant) ? [...plan.pages.keys()].map((_, k) => `, P${k} = PD[${k}]`).join('') : '';
  return `const { AMO_LR, AMO_SC, AMO_SWAP, AMO_ADD, AMO_XOR, AMO_AND, AMO_OR, AMO_MIN, AMO_MAX, AMO_MINU, AMO_MAXU } = A;
  const RAM = ${h.bus.ramBase | 0}, RAMEND = ${h.bus.ramSize};${[...c.bursts].map(([name, table]) => `\n  const ${name} = new Int32Array([${table.join(', ')}]);`).join('')}
  return function region_${(plan.entryPc >>> 0).toString(16)}(h, budget, entry, env) {
    const ${fields.map((f) => `${f} = env.${f}`).join(', ')}${pages ? `, PD = env.PD${pages}` : ''};
    ${regs.length ? `let ${regs.map((r) => `r${r} = X[${r}]`).join(', ')};` : ''}
    let rz = 0, n = 0, L = entry, epc = 0, taken = false, npc = 0, va = 0, e = 0, o = 0, v = 0, s = 0;
    let EPOCH = h.mmu.epoch;
    main: for (;;) {
      switch (L) {
${body}
        default: epc = ${plan.entryPc}; break main;
      }
    }
    ${[...written].map((r) => `X[${r}] = r${r};`).join(' ')}
    h.pc = epc >>> 0;
    if (h.excCause >= 0) { const cause = h.excCause; h.excCause = -1; h.running = n; h.trap(cause, h.excTval, epc >>> 0); }
    return n;
  };`;
}

/** Compile `plan` for hart `h`: the shared function of its source (made now if new) and the hart's env for it. */
export function compileRegion(h: Hart, plan: RegionPlan, variant: Variant, exits: IndirectExits, source = regionSource(h, plan, variant)): CompiledRegion {
  if (DUMP) DUMP(`// region ${plan.entryPc >>> 0}, variant ${variant}\n${source}\n`);
  const bus = h.bus;
  // The TLB sets of the variant's privileges: loads, stores and fetches (unused ones are an empty set).
  const { tag, off } = h.mmu, dm = dataModeOf(variant), fm = fetchModeOf(variant);
  const set = (kind: number, mode: number) => (mode === 0 ? [NO_TLB, NO_TLB] : [tag[kind * 2 + mode - 1], off[kind * 2 + mode - 1]]);
  const [LT, LO] = set(1, dm), [ST, SO] = set(2, dm), [FT, FO] = set(0, fm);
  const env: RegionEnv = {
    X: h.x, i32: bus.i32, i16: bus.i16, u16: bus.u16, i8: bus.i8, u8: bus.u8, SLOWL: bus.slowLines,
    LT, LO, ST, SO, FT, FO, PD: Int32Array.from(plan.pages.values()), exits,
  };
  return { fn: functionOf(source), env, size: source.length };
}
