/**
 * The block compiler: straight-line runs of guest code (a basic block of up
 * to 64 instructions on one page) compiled to JavaScript functions from the
 * same semantics table as the interpreter, with registers, immediates and
 * the pc folded in as constants. V8 then compiles each block to machine
 * code, which removes the interpreter's per-instruction dispatch.
 *
 * Blocks run in the direct mode (physical addressing, nothing to check),
 * keyed by address, and in the translated modes, keyed by virtual pc and
 * checked against the fetch TLB's physical address, with loads and stores
 * through the TLB. Anything else — CSRs, traps, system instructions,
 * atomics, TLB misses, the last few instructions before a deadline — is left
 * to the interpreter, one instruction at a time. Stores to a page that holds
 * compiled code drop that page's blocks (self-modifying code stays exact).
 */
import { EXC, INSTRUCTIONS } from '@pvlab/assembler';
import type { Hart } from './hart.js';
import { SEMANTICS } from './semantics.js';
import { INSTRUCTION_ID } from './decode-cache.js';
import * as M from './m-ext.js';

const MAX_BLOCK = 64;

/**
 * Code is tracked in 1 KiB lines: a store to a line that holds compiled code
 * drops those blocks. (Whole pages would make programs whose data shares a
 * page with their code recompile on every store.)
 */
export const CODE_SHIFT = 10;
export const CODE_MASK = (1 << (32 - CODE_SHIFT)) - 1;

/** Instructions a block may contain; branches and jumps end it. */
const STRAIGHT = new Set(['lui', 'auipc', 'lb', 'lh', 'lw', 'lbu', 'lhu', 'sb', 'sh', 'sw', 'addi', 'slti', 'sltiu', 'xori', 'ori', 'andi', 'slli', 'srli', 'srai',
  'add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and', 'fence', 'fence.tso', 'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu']);
const ENDS = new Set(['jal', 'jalr', 'beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu']);
const NAME_OF_ID: string[] = [];
for (const s of INSTRUCTIONS) NAME_OF_ID[INSTRUCTION_ID.get(s.name)!] = s.name;

export interface Block {
  readonly fn: (h: Hart) => number;
  readonly length: number;
  /** Its code's bytes (instructions are 2 or 4 bytes long). */
  readonly size: number;
  /** Physical address of the first instruction (the key is virtual for translated blocks). */
  readonly pa: number;
  /** The block that ran after this one last time, and where it started: most jumps go where they went before. */
  nextPc: number;
  next: Block | null;
  /** The TLB epoch the link to `next` was made in (translated blocks): a link is followed only in the same one. */
  nextEpoch: number;
}

/** Drop the decoded instructions a store to the aligned word of `pa` may overwrite (decode-cache.ts, `invalidate`). */
const DROP_DECODED = [-2, 0, 2].map((d) => `{ const a = ((pa & ~3) + ${d}) | 0, w = (a >>> 1) & MASK; if (dTag[w] === (a | 1)) dTag[w] = 0; }`).join(' ');

/** Code for one instruction in a block; `k` = instructions of the block before it. */
function instructionCode(name: string, k: number, translated: boolean): string {
  const trap = (c: string, t: string) => `{ h.running = ${k}; h.trap(${c}, ${t}, pc >>> 0); return ${k}; }`;
  const pending = `if (h.excCause >= 0) { const c = h.excCause; h.excCause = -1; ${trap('c', 'h.excTval')} }`;
  const load = (dest: string, w: number, signed: boolean) => {
    const view = w === 4 ? 'i32[o >> 2]' : w === 2 ? (signed ? 'i16[o >> 1]' : 'u16[o >> 1]') : signed ? 'i8[o]' : 'u8[o]';
    const o = translated ? `vpn = va >>> 12, o = LT[vpn & 255] === vpn + 1 ? (va + LD[vpn & 255] - RAM) | 0 : -1` : 'o = (va - RAM) | 0';
    return `{ const va = (x[rs1] + imm) | 0, ${o};
      if (o >= 0 && o <= RAMEND - ${w} && (o & ${w - 1}) === 0) ${dest} = ${view};
      else { h.running = ${k}; h.pc = pc >>> 0; const v = h.loadSlow(va >>> 0, ${w}, ${signed}); ${pending} ${dest} = v; } }`;
  };
  const store = (w: number, value: string) => {
    const write = w === 4 ? 'i32[o >> 2] = v' : w === 2 ? 'u16[o >> 1] = v' : 'u8[o] = v';
    const o = translated ? `vpn = va >>> 12, o = ST[vpn & 255] === vpn + 1 ? (va + SD[vpn & 255] - RAM) | 0 : -1` : 'o = (va - RAM) | 0';
    return `{ const va = (x[rs1] + imm) | 0, v = ${value}, ${o}, pa = (o + RAM) | 0;
      if (o >= 0 && o <= RAMEND - ${w} && (o & ${w - 1}) === 0 && ((o - WATCH) >>> 0) >= WATCHN && code[(pa >>> CODE_SHIFT) & CODE_MASK] === 0) {
        ${write}; ${DROP_DECODED} if (((pa ^ h.reservation) & ~3) === 0) h.reservation = -1;
      } else { h.running = ${k}; h.pc = pc >>> 0; h.storeSlow(va >>> 0, ${w}, v); ${pending}
        if (h.halted || h.yieldRequested || h.codeChanged) { h.codeChanged = false; h.pc = npc >>> 0; return ${k + 1}; } } }`;
  };
  return SEMANTICS[name]
    .replace(/LOAD\(([^,]+), (\d), (true|false)\)/g, (_, d, w, s) => load(d, Number(w), s === 'true'))
    .replace(/STORE\((\d), ([^)]+)\)/g, (_, w, v) => store(Number(w), v))
    .replace(/JUMP\(([^;]+)\)$/, (_, t) => `{ const t = ${t}; if (t & IALIGN) ${trap(`${EXC.instructionMisaligned}`, 't')} npc = t; }`)
    .replace(/TRAP\(([^,]+), ([^)]+)\)/g, (_, c, t) => trap(c, t));
}

/**
 * Compile the block whose code is at physical `pa` and runs at virtual `pc`
 * (the same in direct mode), or null if no block can start there. Translated
 * blocks look loads and stores up in the TLB set of the privilege current
 * when the block starts.
 */
export function compileBlock(h: Hart, pc: number, pa = pc, translated = false): Block | null {
  const bus = h.bus, dc = h.decoded;
  const parts: string[] = [];
  let at = pa >>> 0;
  const vbase = (pc - pa) | 0; // virtual = physical + vbase, within the page
  let n = 0;
  let ended = false;
  while (n < MAX_BLOCK) {
    // One instruction: a 16-bit one with C on, else two parcels. A 32-bit instruction on a page's last
    // halfword is left to the interpreter, which translates its second parcel on its own (fetch.ts).
    if (!bus.isRam(at, 2) || (n > 0 && at % 4096 === 0)) break;
    const first = bus.u16[(at - bus.ramBase) >>> 1];
    const len = h.rvc && (first & 3) !== 3 ? 2 : 4;
    if (len === 4 && (at % 4096 === 4094 || !bus.isRam(at, 4))) break;
    const i = dc.fill(at, len === 2 ? first : (first | (bus.u16[((at - bus.ramBase) >>> 1) + 1] << 16)) >>> 0, h.rvc);
    const f = dc.fields[i];
    const name = NAME_OF_ID[f & 0xff];
    if (!name || !(STRAIGHT.has(name) || ENDS.has(name))) break;
    const rd = (f >>> 8) & 63, rs1 = (f >>> 14) & 31, rs2 = (f >>> 19) & 31, imm = dc.imm[i];
    const code = instructionCode(name, n, translated);
    const vpc = (at + vbase) | 0;
    parts.push(`  { const rd = ${rd}, rs1 = ${rs1}, rs2 = ${rs2}, imm = ${imm}, pc = ${vpc}; let npc = ${(vpc + len) | 0}; /* ${name}${len === 2 ? ' (compressed)' : ''} */
    ${code}
    ${ENDS.has(name) ? `h.pc = npc >>> 0; return ${n + 1};` : ''} }`);
    n++;
    at += len;
    if (ENDS.has(name)) {
      ended = true;
      break;
    }
  }
  if (n === 0) return null;
  if (!ended) parts.push(`  h.pc = ${(at + vbase) >>> 0}; return ${n};`);
  // The TLB sets, fetched once per block and only by blocks that use them.
  const body0 = parts.join('\n');
  const tlb = !translated
    ? ''
    : '  const U = h.dataMode === 2 ? 1 : 0' + (/\bL[TD]\[/.test(body0) ? ', LT = TT[2 + U], LD = TD[2 + U]' : '') + (/\bS[TD]\[/.test(body0) ? ', ST = TT[4 + U], SD = TD[4 + U]' : '') + ';\n';
  const body = `return function block(h) {\n${tlb}${parts.join('\n')}\n};`;
  const factory = new Function('IALIGN', 'TT', 'TD', 'x', 'i32', 'i16', 'u16', 'i8', 'u8', 'RAM', 'RAMEND', 'WATCH', 'WATCHN', 'code', 'CODE_SHIFT', 'CODE_MASK', 'dTag', 'MASK', 'SIGN', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu', body);
  // IALIGN is a constant of the block: changing misa.C drops every block (Hart.setMisa).
  const fn = factory(h.ialignBits, h.mmu.tag, h.mmu.delta, h.x, bus.i32, bus.i16, bus.u16, bus.i8, bus.u8, bus.ramBase | 0, bus.ramSize, bus.watchOffset, bus.watchSize, h.codePages, CODE_SHIFT, CODE_MASK, dc.tag, dc.tag.length - 1, -0x80000000,
    M.mulh, M.mulhsu, M.mulhu, M.div, M.divu, M.rem, M.remu);
  return { fn, length: n, size: (at - (pa >>> 0)) >>> 0, pa: pa >>> 0, nextPc: -1, next: null, nextEpoch: -1 };
}

/** Compiled blocks by start address, with the pages they came from. */
export class BlockCache {
  private readonly blocks = new Map<number, Block | null>();
  /** Bumped when blocks are dropped, so cached successor links are not followed. */
  generation = 0;
  private readonly byPage = new Map<number, number[]>();

  constructor(
    private readonly h: Hart,
    private readonly translated = false,
  ) {}

  /** The block at (virtual) `pc` whose code is at physical `pa`. */
  get(pc: number, pa = pc): Block | null {
    let b = this.blocks.get(pc);
    if (b !== undefined && b !== null && b.pa !== pa >>> 0) b = undefined; // remapped since
    if (b === undefined) {
      b = compileBlock(this.h, pc, pa, this.translated);
      this.blocks.set(pc, b);
      // Register the block in every physical code line it covers.
      const last = (pa >>> 0) + Math.max(4, b?.size ?? 4) - 1;
      for (let line = (pa >>> CODE_SHIFT) & CODE_MASK; line <= ((last >>> CODE_SHIFT) & CODE_MASK); line++) {
        const list = this.byPage.get(line) ?? [];
        list.push(pc);
        this.byPage.set(line, list);
        this.h.codePages[line] = 1;
      }
    }
    return b;
  }

  /** Drop every block that covers this code line. */
  dropPage(line: number): void {
    this.generation++;
    for (const pc of this.byPage.get(line) ?? []) this.blocks.delete(pc);
    this.byPage.delete(line);
    this.h.codePages[line] = 0;
  }

  clear(): void {
    this.generation++;
    for (const page of this.byPage.keys()) this.h.codePages[page] = 0;
    this.blocks.clear();
    this.byPage.clear();
  }
}
