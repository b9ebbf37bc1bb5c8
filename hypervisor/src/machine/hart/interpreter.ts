/**
 * The interpreter: one function, generated once from the semantics table,
 * that runs a batch of instructions. Decoded instructions come from the
 * decode cache; RAM is read and written through typed arrays; translation
 * hits the TLB inline. Everything rare — traps, CSRs, MMIO, page walks,
 * atomics — goes through the hart's slow paths.
 *
 * With translation on, the loop remembers the last page it fetched from,
 * loaded from and stored to, so most accesses skip even the TLB. Anything
 * that could change a translation goes through a slow path that forgets them.
 *
 * Generating the loop (instead of writing the switch by hand) keeps one
 * source of truth for what an instruction does while the case labels stay
 * integer literals, which V8 compiles to a jump table.
 */
import { EXC, INSTRUCTIONS } from '@pvlab/assembler';
import type { Hart, StopReason } from './hart.js';
import { SEMANTICS } from './semantics.js';
import { DECODE_MASK, ILLEGAL, INSTRUCTION_ID, LENGTH_SHIFT } from './decode-cache.js';
import * as M from './m-ext.js';
import * as A from './atomics.js';
import { CODE_MASK, CODE_SHIFT, type Block } from './blocks.js';

/** Code that refreshes the loop's copies of mode-dependent state. */
const RELOAD = `check = true; fetchMode = h.fetchMode; dataMode = h.dataMode; IALIGN = h.ialignBits; fPage = -1; lPage = -1; sPage = -1;`;

const TRAP = (cause: string, tval: string) =>
  `{ n--; trapped++; h.running = n; h.trap(${cause}, ${tval}, pc >>> 0); pc = h.pc | 0; ${RELOAD} if (h.halted) break outer; continue outer; }`;
const PENDING = `if (h.excCause >= 0) { const c = h.excCause; h.excCause = -1; ${TRAP('c', 'h.excTval')} }`;

const LOAD = (dest: string, width: number, signed: boolean, direct: boolean) => {
  const view = width === 4 ? 'i32[o >> 2]' : width === 2 ? (signed ? 'i16[o >> 1]' : 'u16[o >> 1]') : signed ? 'i8[o]' : 'u8[o]';
  if (direct) return `{ const va = (x[rs1] + imm) | 0; const o = (va - RAM) | 0;
    if (o >= 0 && o <= RAMEND - ${width} && (o & ${width - 1}) === 0) ${dest} = ${view};
    else { h.running = n; h.pc = pc >>> 0; const v = h.loadSlow(va >>> 0, ${width}, ${signed}); ${PENDING} ${dest} = v; } }`;
  return `{ const va = (x[rs1] + imm) | 0; let o;
    if (dataMode === 0) o = (va - RAM) | 0;
    else if (va >>> 12 === lPage) o = (va + lDelta - RAM) | 0;
    else { const vpn = va >>> 12, k = dataMode === 2 ? 3 : 2; if (tlbTag[k][vpn & 255] === vpn + 1) { lPage = vpn; lDelta = tlbDelta[k][vpn & 255]; o = (va + lDelta - RAM) | 0; } else o = -1; }
    if (o >= 0 && o <= RAMEND - ${width} && (o & ${width - 1}) === 0) ${dest} = ${view};
    else { h.running = n; h.pc = pc >>> 0; const v = h.loadSlow(va >>> 0, ${width}, ${signed}); ${PENDING} ${dest} = v; } }`;
};

/**
 * Drop the decoded instructions a store to the aligned word of `pa` may
 * overwrite: those starting at its halfwords and the one before it
 * (decode-cache.ts, `invalidate`), inline.
 */
const DROP_DECODED = [-2, 0, 2].map((d) => `{ const a = ((pa & ~3) + ${d}) | 0, w = (a >>> 1) & ${DECODE_MASK}; if (dTag[w] === (a | 1)) dTag[w] = 0; }`).join(' ');

const STORE = (width: number, value: string, direct: boolean) => {
  const write = width === 4 ? 'i32[o >> 2] = v' : width === 2 ? 'u16[o >> 1] = v' : 'u8[o] = v';
  const translate = direct ? '' : `
    else if (va >>> 12 === sPage) o = (va + sDelta - RAM) | 0;
    else { const vpn = va >>> 12, k = dataMode === 2 ? 5 : 4; if (tlbTag[k][vpn & 255] === vpn + 1) { sPage = vpn; sDelta = tlbDelta[k][vpn & 255]; o = (va + sDelta - RAM) | 0; } else o = -1; }`;
  return `{ const va = (x[rs1] + imm) | 0; const v = ${value}; let o;
    if (${direct ? 'true' : 'dataMode === 0'}) o = (va - RAM) | 0;${translate}
    if (o >= 0 && o <= RAMEND - ${width} && (o & ${width - 1}) === 0 && ((o - WATCH) >>> 0) >= WATCHN && code[((o + RAM) >>> CODE_SHIFT) & CODE_MASK] === 0) {
      ${write};
      const pa = (o + RAM) | 0; ${DROP_DECODED}
      if (((pa ^ h.reservation) & ~3) === 0) h.reservation = -1;
    } else { h.running = n; h.pc = pc >>> 0; h.storeSlow(va >>> 0, ${width}, v); ${PENDING} if (h.halted || h.yieldRequested) { pc = npc; stop = h.halted ? 'halt' : 'yield'; h.yieldRequested = false; break outer; } } }`;
};

function expand(snippet: string, direct: boolean): string {
  return snippet
    .replace(/LOAD\(([^,]+), (\d), (true|false)\)/g, (_, d, w, s) => LOAD(d, Number(w), s === 'true', direct))
    .replace(/STORE\((\d), ([^)]+)\)/g, (_, w, v) => STORE(Number(w), v, direct))
    .replace(/JUMP\(([^;]+)\)$/, (_, t) => `{ const t = ${t}; if (t & IALIGN) ${TRAP(`${EXC.instructionMisaligned}`, 't')} npc = t; }`)
    .replace(/TRAP\(([^,]+), ([^)]+)\)/g, (_, c, t) => TRAP(c, t))
    .replace(/XRET\((.+)\)$/, (_, call) => `h.running = n; h.pc = pc >>> 0; if (!${call}) ${TRAP(`${EXC.illegal}`, 'dWord[ci]')} pc = h.pc | 0; ${RELOAD} continue outer;`)
    .replace(/SLOW\(([^;]+)\)(;|$)/, (_, call, end) => `h.running = n; h.pc = pc >>> 0; if (!${call}) ${TRAP(`${EXC.illegal}`, 'dWord[ci]')} ${PENDING} ${RELOAD}${end}`);
}

/**
 * Two variants of the loop: `direct` for physical addressing with nothing to
 * check (M-mode, no locked PMP — the board's usual bare-metal case) and
 * `translated` for everything else. A variant leaves as soon as the modes
 * no longer fit it, and the dispatcher below picks the other.
 */
function generate(direct: boolean): string {
  // Each case extracts only the fields its semantics use (an R-type never loads an immediate).
  const fields = (code: string) =>
    [/\brd\b/.test(code) ? 'const rd = (f >>> 8) & 63;' : '', /\brs1\b/.test(code) ? 'const rs1 = (f >>> 14) & 31;' : '',
      /\brs2\b/.test(code) ? 'const rs2 = (f >>> 19) & 31;' : '', /\bimm\b/.test(code) ? 'const imm = dImm[ci];' : ''].join(' ');
  const cases = INSTRUCTIONS.map((spec) => {
    const code = expand(SEMANTICS[spec.name], direct);
    return `      case ${INSTRUCTION_ID.get(spec.name)}: { /* ${spec.name} */ ${fields(code)} ${code} break; }`;
  });
  const fits = direct ? '(fetchMode | dataMode) === 0' : '(fetchMode | dataMode) !== 0';
  return `
  const x = h.x, bus = h.bus, u8 = bus.u8, i8 = bus.i8, u16 = bus.u16, i16 = bus.i16, i32 = bus.i32;
  const RAM = bus.ramBase | 0, RAMEND = bus.ramSize, SIGN = -0x80000000, WATCH = bus.watchOffset, WATCHN = bus.watchSize;
  const dc = h.decoded, dTag = dc.tag, dFields = dc.fields, dImm = dc.imm, dWord = dc.word;
  const tlbTag = h.mmu.tag, tlbDelta = h.mmu.delta, code = h.codePages, CODE_SHIFT = ${CODE_SHIFT}, CODE_MASK = ${CODE_MASK};
  let fetchMode = 0, dataMode = 0, IALIGN = 3, check = true, fPage = -1, fDelta = 0, lPage = -1, lDelta = 0, sPage = -1, sDelta = 0;
  ${RELOAD}
  // Traps count against the budget too, so a trap storm (a handler that
  // faults itself) still ends the run.
  let pc = h.pc | 0, n = 0, stop = 'budget', trapped = 0;
  outer: while (n + trapped < budget) {
    if (check) {
      if (!(${fits})) { stop = 'mode'; break; }
      if (h.yieldRequested) { h.yieldRequested = false; stop = 'yield'; break; }
      // Interrupts can only become deliverable at the start of a run or after a
      // slow path (CSR write, trap, xRET, device access): those land here.
      if (h.checkInterrupts) {
        h.checkInterrupts = false; h.running = n; h.pc = pc >>> 0;
        // WFI ends when an interrupt is pending and enabled in mie, taken or not (§3.3.3).
        if (h.waiting && (h.mip() & h.mie) !== 0) h.waiting = false;
        const irq = h.pendingInterrupt();
        if (irq >= 0) { h.waiting = false; h.trap(irq, 0, pc >>> 0); pc = h.pc | 0; ${RELOAD} }
        if (h.halted) { stop = 'halt'; break; }
        if (h.waiting) { stop = 'wfi'; break; }
        if (!(${fits})) { stop = 'mode'; break; }
      }
      check = false;
    }
    let pa;
    if (${direct ? 'true' : 'fetchMode === 0'}) pa = pc;
    else if (pc >>> 12 === fPage) pa = (pc + fDelta) | 0; // same page as the last fetch
    else {
      const vpn = pc >>> 12, set = fetchMode === 2 ? 1 : 0;
      if (tlbTag[set][vpn & 255] === vpn + 1) { fPage = vpn; fDelta = tlbDelta[set][vpn & 255]; pa = (pc + fDelta) | 0; }
      else { h.running = n; h.pc = pc >>> 0; const p = h.translateFetch(pc >>> 0); if (p < 0) { n++; ${PENDING} } pa = p | 0; }
    }
    // The decoded instruction at pa, or the slow way (fetch.ts): outside RAM, at its last word, and at
    // a page's last halfword, where a 32-bit instruction's second parcel is on the next page.
    let ci = (pa >>> 1) & ${DECODE_MASK};
    if (dTag[ci] !== (pa | 1) || (pa & 0xfff) === 0xffe) {
      const o = (pa - RAM) | 0;
      if ((o >>> 0) <= RAMEND - 4 && (pa & 0xfff) !== 0xffe) dc.fill(pa >>> 0, u16[o >> 1] | (u16[(o >> 1) + 1] << 16), h.rvc);
      else { h.running = n; h.pc = pc >>> 0; ci = h.fetchSlow(pc >>> 0, pa >>> 0); if (ci < 0) { n++; ${PENDING} } }
    }
    const f = dFields[ci];
    // The next pc: 4 on, or 2 for a compressed instruction (unpriv §16.1).
    let npc = (pc + 4 - ((f >>> ${LENGTH_SHIFT}) & 2)) | 0;
    n++;
    switch (f & 0xff) {
${cases.join('\n')}
      default: /* ${ILLEGAL}: no table row matches */ ${TRAP(`${EXC.illegal}`, 'dWord[ci]')}
    }
    pc = npc;
  }
  h.pc = pc >>> 0; h.instret += n; h.running = 0;
  if (h.halted) stop = 'halt';
  return stop;`;
}

/** The generated source of the translated variant, for the curious and for tests. */
export const INTERPRETER_SOURCE = generate(false);

type Loop = (h: Hart, budget: number) => StopReason | 'mode';
/** The loop, with the M and A helpers bound once (not per call: single steps are frequent under a hypervisor). */
function compile(source: string): Loop {
  return new Function('M', 'A', `
  const { mulh, mulhsu, mulhu, div, divu, rem, remu } = M;
  const { AMO_LR, AMO_SC, AMO_SWAP, AMO_ADD, AMO_XOR, AMO_AND, AMO_OR, AMO_MIN, AMO_MAX, AMO_MINU, AMO_MAXU } = A;
  return function loop(h, budget) {${source}};`)({ ...M }, { ...A }) as Loop;
}
const translated = compile(INTERPRETER_SOURCE);
const direct = compile(generate(true));

/** Compiled blocks are on unless PVLAB_NO_BLOCKS is set (to compare with the plain interpreter). */
let BLOCKS = typeof process === 'undefined' || !process.env.PVLAB_NO_BLOCKS;

/** Turn the block compiler on or off (tests compare the two; the benchmark reports both). */
export function useBlocks(on: boolean): void {
  BLOCKS = on;
}

/**
 * Direct mode with compiled blocks: run whole blocks while nothing needs
 * attention, and single interpreter steps otherwise (pending checks, no
 * block at pc, or a block longer than what is left of the budget, so the
 * count stops exactly where it must).
 */
function runBlocks(h: Hart, budget: number): StopReason | 'mode' {
  let left = budget;
  let prev: Block | null = null;
  let generation = h.blocks.generation;
  while (left > 0) {
    if ((h.fetchMode | h.dataMode) !== 0) return 'mode';
    let b: Block | null = null;
    if (!(h.checkInterrupts || h.yieldRequested || h.halted || h.waiting)) {
      const pc = h.pc | 0;
      if (prev !== null && prev.nextPc === pc && generation === h.blocks.generation) b = prev.next;
      else {
        b = h.blocks.get(pc);
        if (prev !== null) {
          prev.nextPc = pc;
          prev.next = b;
        }
        generation = h.blocks.generation;
      }
    }
    prev = b;
    if (b === null || b.length > left) {
      const before = h.instret + h.extraCycles;
      const stop = direct(h, 1);
      left -= Math.max(1, h.instret + h.extraCycles - before); // a trap is a step too
      if (stop !== 'budget') return stop;
      continue;
    }
    h.codeChanged = false;
    const before = h.instret + h.extraCycles;
    const k = b.fn(h);
    h.running = 0;
    h.instret += k;
    // Count the cycles that passed — instructions, one per trap taken, and an instruction a monitor
    // emulated at a trap inside the block — so a batch never runs past its deadline.
    left -= Math.max(1, h.instret + h.extraCycles - before);
    if (h.halted) return 'halt';
  }
  return 'budget';
}

/**
 * Translated modes (S/U, or paging) with compiled blocks: the block's pc is
 * looked up in the fetch TLB; a miss, pending checks or a short budget go
 * to the translated interpreter for one instruction, which fills the TLB or
 * takes the fault.
 */
function runTranslatedBlocks(h: Hart, budget: number): StopReason | 'mode' {
  let left = budget;
  let prev: Block | null = null;
  let generation = h.tblocks.generation;
  let prevFm = -1;
  const tags = h.mmu.tag, deltas = h.mmu.delta;
  while (left > 0) {
    const fm = h.fetchMode, dm = h.dataMode;
    if (fm === 0 || dm === 0 || dm === 3) return 'mode';
    let b: Block | null = null;
    if (!(h.checkInterrupts || h.yieldRequested || h.halted || h.waiting)) {
      const pc = h.pc | 0;
      // The last successor, while no block was dropped, no translation changed since the link was made
      // (its epoch: a link from before a satp write or a flush may name a page the TLB no longer maps)
      // and the privilege is the same.
      if (prev !== null && prev.nextPc === pc && prev.next !== null && generation === h.tblocks.generation && prev.nextEpoch === h.mmu.epoch && prevFm === fm) b = prev.next;
      else {
        const vpn = pc >>> 12, set = fm === 2 ? 1 : 0;
        if (tags[set][vpn & 255] === vpn + 1) {
          b = h.tblocks.get(pc, (pc + deltas[set][vpn & 255]) >>> 0);
          if (prev !== null) {
            prev.nextPc = pc;
            prev.next = b;
            prev.nextEpoch = h.mmu.epoch;
          }
          generation = h.tblocks.generation;
        }
      }
    }
    prevFm = fm;
    prev = b;
    if (b === null || b.length > left) {
      const before = h.instret + h.extraCycles;
      const stop = translated(h, 1);
      left -= Math.max(1, h.instret + h.extraCycles - before); // a trap is a step too
      if (stop !== 'budget') return stop;
      continue;
    }
    h.codeChanged = false;
    const before = h.instret + h.extraCycles;
    const k = b.fn(h);
    h.running = 0;
    h.instret += k;
    // Count the cycles that passed — instructions, one per trap taken, and an instruction a monitor
    // emulated at a trap inside the block — so a batch never runs past its deadline.
    left -= Math.max(1, h.instret + h.extraCycles - before);
    if (h.halted) return 'halt';
  }
  return 'budget';
}

/** Run `h` for at most `budget` instructions. */
export function runInterpreter(h: Hart, budget: number): StopReason {
  for (;;) {
    const start = h.instret;
    const isDirect = (h.fetchMode | h.dataMode) === 0;
    const blocksFit = BLOCKS && (isDirect || (h.fetchMode !== 0 && h.dataMode !== 0 && h.dataMode !== 3));
    const stop = isDirect ? (BLOCKS ? runBlocks(h, budget) : direct(h, budget)) : blocksFit ? runTranslatedBlocks(h, budget) : translated(h, budget);
    if (stop !== 'mode') return stop;
    budget -= Math.max(1, h.instret - start);
    if (budget <= 0) return 'budget';
  }
}
