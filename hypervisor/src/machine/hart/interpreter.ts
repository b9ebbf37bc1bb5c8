/**
 * The interpreter, tier 0: one function, generated once from the semantics
 * table, that runs instructions one at a time. Decoded instructions come
 * from the decode cache; RAM is read and written through typed arrays;
 * translation hits the TLB inline (one tag compare, see mmu.ts). Everything
 * rare — traps, CSRs, MMIO, page walks, atomics — goes through the hart's
 * slow paths. It runs cold code and whatever the compiler leaves to it
 * (run.ts decides).
 *
 * Generating the loop (instead of writing the switch by hand) keeps one
 * source of truth for what an instruction does while the case labels stay
 * integer literals, which V8 compiles to a jump table.
 */
import { EXC, INSTRUCTIONS } from '@pvlab/assembler';
import type { Hart, StopReason } from './hart.js';
import { SEMANTICS } from './semantics.js';
import { DECODE_MASK, ILLEGAL, INSTRUCTION_ID, LENGTH_SHIFT } from './decode-cache.js';
import { NO_TLB, tlbMask } from './mmu.js';
import { LINE_SHIFT } from '../bus.js';
import * as M from './m-ext.js';
import * as A from './atomics.js';
import { HEAT_MASK } from './jit/code-cache.js';
import { MARK_BITS, RECIPE_MARKS } from './jit/recipes.js';

/**
 * Why an interpreter run returned: a hart stop, a mode its variant does not
 * fit, or (the tiered variants) arriving at compiled or hot code ('jump'),
 * or a check at the start of the run that found nothing to take.
 */
export type InterpreterStop = StopReason | 'mode' | 'jump' | 'checked';
export type Interpreter = (h: Hart, budget: number) => InterpreterStop;


/**
 * After anything that may change the modes, the translation or pending
 * interrupts (a slow path, a trap, an xRET), the loop looks again before the
 * next instruction (pasted at every such site, so it is one assignment).
 */
const RELOAD = 'check = true;';
/**
 * The loop's copies of mode-dependent state: the modes, the TLB sets of the
 * current privilege (M-mode has none), and IALIGN (misa.C changes it only
 * through a CSR write, a slow path).
 */
const MODES = `fetchMode = h.fetchMode; dataMode = h.dataMode; IALIGN = h.ialignBits;
      { const u = dataMode === 2 ? 1 : 0, t = dataMode === 1 || dataMode === 2; LT = t ? TT[2 + u] : NO_TLB; LO = TO[2 + u]; ST = t ? TT[4 + u] : NO_TLB; SO = TO[4 + u];
        FT = fetchMode === 1 || fetchMode === 2 ? TT[fetchMode - 1] : NO_TLB; FO = TO[fetchMode === 2 ? 1 : 0]; }`;

const VIEW = (w: number, signed: boolean) => (w === 4 ? 'i32[o >> 2]' : w === 2 ? (signed ? 'i16[o >> 1]' : 'u16[o >> 1]') : signed ? 'i8[o]' : 'u8[o]');
const WRITE = (w: number) => (w === 4 ? 'i32[o >> 2] = v' : w === 2 ? 'u16[o >> 1] = v' : 'u8[o] = v');

function backend(direct: boolean, tiered: boolean) {
  // A trap or an xRET lands somewhere new: with tiers, the next fetch looks for compiled code there.
  const jumped = tiered ? 'landed = true; continue outer;' : 'continue outer;';
  const TRAP = (cause: string, tval: string) =>
    `{ n--; h.running = n; h.trap(${cause}, ${tval}, pc >>> 0); trapped = h.steps - steps0; pc = h.pc | 0; ${RELOAD} if (h.halted) break outer; ${jumped} }`;
  const PENDING = `if (h.excCause >= 0) { const c = h.excCause; h.excCause = -1; ${TRAP('c', 'h.excTval')} }`;
  const SLOW_LOAD = (dest: string, w: number, signed: boolean) =>
    `{ h.running = n; h.pc = pc >>> 0; const v = h.loadSlow(va >>> 0, ${w}, ${signed}); ${PENDING} ${dest} = v; }`;
  const SLOW_STORE = (w: number) =>
    `{ h.running = n; h.pc = pc >>> 0; h.storeSlow(va >>> 0, ${w}, v); ${PENDING} if (h.halted || h.yieldRequested) { pc = npc; stop = h.halted ? 'halt' : 'yield'; h.yieldRequested = false; break outer; } }`;
  const LOAD = (dest: string, w: number, signed: boolean) => {
    if (direct) return `{ const va = (x[rs1] + imm) | 0, o = (va - RAM) | 0;
      if ((o >>> 0) <= RAMEND - ${w} && (o & ${w - 1}) === 0) ${dest} = ${VIEW(w, signed)}; else ${SLOW_LOAD(dest, w, signed)} }`;
    return `{ const va = (x[rs1] + imm) | 0, e = (va >>> 12) & 255;
      if ((va & ${tlbMask(w)}) === LT[e]) { const o = (va + LO[e]) | 0; ${dest} = ${VIEW(w, signed)}; } else ${SLOW_LOAD(dest, w, signed)} }`;
  };
  // A store that hits RAM still looks at its line, which may be slow for stores (code, a device
  // overlay, a reservation: bus.ts).
  const STORE = (w: number, value: string) => {
    if (direct) return `{ const va = (x[rs1] + imm) | 0, v = ${value}, o = (va - RAM) | 0;
      if ((o >>> 0) <= RAMEND - ${w} && (o & ${w - 1}) === 0 && SLOWL[o >>> ${LINE_SHIFT}] === 0) ${WRITE(w)}; else ${SLOW_STORE(w)} }`;
    return `{ const va = (x[rs1] + imm) | 0, v = ${value}, e = (va >>> 12) & 255;
      let o = -1; if ((va & ${tlbMask(w)}) === ST[e]) o = (va + SO[e]) | 0;
      if (o >= 0 && SLOWL[o >>> ${LINE_SHIFT}] === 0) ${WRITE(w)}; else ${SLOW_STORE(w)} }`;
  };
  const illegal = TRAP(`${EXC.illegal}`, 'dWord[ci]');
  const expand = (snippet: string) =>
    snippet
      .replace(/LOAD\(([^,]+), (\d), (true|false)\)/g, (_, d, w, s) => LOAD(d, Number(w), s === 'true'))
      .replace(/STORE\((\d), ([^)]+)\)/g, (_, w, v) => STORE(Number(w), v))
      .replace(/BRANCH\((.+)\)$/, (_, cond) => `if (${cond}) { const t = (pc + imm) | 0; if (t & IALIGN) ${TRAP(`${EXC.instructionMisaligned}`, 't')} npc = t; }`)
      .replace(/TRAP\(([^,]+), ([^)]+)\)/g, (_, c, t) => TRAP(c, t))
      .replace(/^ECALL\((.+)\)$/, (_, c) => TRAP(c, '0'))
      .replace(/XRET\((.+)\)$/, (_, call) => `h.running = n; h.pc = pc >>> 0; if (!${call}) ${illegal} pc = h.pc | 0; ${RELOAD} ${jumped}`)
      .replace(/WFI\((.+)\)$/, (_, call) => `SLOW(${call}); if (h.waiting) { pc = npc; stop = 'wfi'; break outer; }`)
      .replace(/SLOW\(([^;]+)\)(;|$)/, (_, call, end) => `h.running = n; h.pc = pc >>> 0; if (!${call}) ${illegal} ${PENDING} ${RELOAD}${end}`);
  return { expand, TRAP, PENDING, illegal };
}

/**
 * A variant of the loop: `direct` for physical addressing with nothing to
 * check (M-mode, no locked PMP — the board's usual bare-metal case),
 * translated for everything else; a variant leaves as soon as the modes no
 * longer fit it. The `tiered` variants serve the compiler (run.ts): wherever
 * control lands — a taken branch or jump, a trap, an xRET, an interrupt —
 * they count an arrival at that physical address in the code cache's heat
 * table, and return before running it when it is compiled code's entry
 * (probably: the marks are by slot) or just became hot; they also return
 * right after their opening check (pending interrupts, a yield, a wait) when
 * that check took nothing, so compiled code can go on.
 */
function generate(direct: boolean, tiered: boolean): string {
  const stopAtJump = tiered;
  const { expand, TRAP, PENDING, illegal } = backend(direct, tiered);
  // Each case extracts only the fields its semantics use (an R-type never loads an immediate).
  const fields = (code: string) =>
    [/\brd\b/.test(code) ? 'const rd = (f >>> 8) & 63;' : '', /\brs1\b/.test(code) ? 'const rs1 = (f >>> 14) & 31;' : '',
      /\brs2\b/.test(code) ? 'const rs2 = (f >>> 19) & 31;' : '', /\bimm\b/.test(code) ? 'const imm = dImm[ci];' : ''].join(' ');
  const cases = INSTRUCTIONS.map((spec) => {
    const code = expand(SEMANTICS[spec.name]);
    return `      case ${INSTRUCTION_ID.get(spec.name)}: { /* ${spec.name} */ ${fields(code)} ${code} break; }`;
  });
  const fits = direct ? '(fetchMode | dataMode) === 0' : '(fetchMode | dataMode) !== 0';
  const fetch = direct
    ? 'pa = pc;'
    : `if (fetchMode === 0) pa = pc;
    else { const e = (pc >>> 12) & 255;
      if ((pc & ${tlbMask(1)}) === FT[e]) pa = (pc + FO[e] + RAM) | 0;
      else { h.running = n; h.pc = pc >>> 0; const p = h.translateFetch(pc >>> 0); if (p < 0) { n++; ${PENDING.replace('{ const c', '{ let ci = 0; const c')} } pa = p | 0; } }`;
  return `
  const x = h.x, bus = h.bus, u8 = bus.u8, i8 = bus.i8, u16 = bus.u16, i16 = bus.i16, i32 = bus.i32;
  const RAM = bus.ramBase | 0, RAMEND = bus.ramSize, SIGN = -0x80000000, SLOWL = bus.slowLines;
  const dc = h.decoded, dTag = dc.tag, dFields = dc.fields, dImm = dc.imm, dWord = dc.word;
  const TT = h.mmu.tag, TO = h.mmu.off;
  let fetchMode = 0, dataMode = 0, IALIGN = 3, check = true, LT = NO_TLB, LO = TO[0], ST = NO_TLB, SO = TO[0], FT = NO_TLB, FO = TO[0];
  // Traps count against the budget too, as the steps they cost (Hart.trap), so a trap storm
  // (a handler that faults itself) still ends the run and no run passes a timer deadline.
  let pc = h.pc | 0, n = 0, stop = 'budget', trapped = 0, checked = false, interrupted = false, landed = ${stopAtJump ? 'true' : 'false'};
  ${stopAtJump ? `// Heat: instructions run after landing at a place, charged to that place (its slot) at the next landing.
  const HEAT = h.code.heat, ENTRY = h.code.entryMarks, HOTV = h.code.hotThreshold(), RECIPE = RECIPE_MARKS;
  let hot = -1, hotN = 0, first = true;` : ''}
  const steps0 = h.steps;
  outer: while (n + trapped < budget) {
    if (check) {
      ${MODES}
      if (!(${fits})) { stop = 'mode'; break; }
      if (h.yieldRequested) { h.yieldRequested = false; stop = 'yield'; break; }
      // Interrupts can only become deliverable at the start of a run or after a
      // slow path (CSR write, trap, xRET, device access): those land here.
      if (h.checkInterrupts) {
        h.checkInterrupts = false; h.running = n; h.pc = pc >>> 0; checked = true;
        // WFI ends when an interrupt is pending and enabled in mie, taken or not (§3.3.3).
        if (h.waiting && (h.mip() & h.mie) !== 0) h.waiting = false;
        const irq = h.pendingInterrupt();
        // An interrupt is taken and the handler's first instruction runs in the same step, budget or
        // not (a run never ends between the two), in every variant; then the loop looks again (check
        // stays set): the trap may have asked for a yield (a monitor switching VMs moved the deadline).
        if (irq >= 0) { h.waiting = false; h.trap(irq, 0, pc >>> 0); trapped = h.steps - steps0; pc = h.pc | 0; ${MODES} landed = true; interrupted = true; }
        if (h.halted) { stop = 'halt'; break; }
        if (h.waiting) { stop = 'wfi'; break; }
        if (!(${fits})) { stop = 'mode'; break; }
      }
      check = interrupted; interrupted = false;
      ${stopAtJump ? "if (checked && n === 0 && trapped === 0) { stop = 'checked'; break; } // nothing was taken: compiled code may go on" : ''}
    }
    let pa;
    ${fetch}
    const o = (pa - RAM) | 0;
    let ci = (pa >>> 1) & ${DECODE_MASK};
    if ((o >>> 0) > RAMEND - 4${direct ? '' : ' || (pa & 0xfff) === 0xffe'}) {
      // The slow way (fetch.ts): outside RAM only the reset ROM can be executed (never compiled), and
      // at the end of RAM${direct ? '' : ", or at a page's last halfword under translation,"} a 32-bit instruction's second parcel is elsewhere.
      h.running = n; h.pc = pc >>> 0; ci = h.fetchSlow(pc >>> 0, pa >>> 0); if (ci < 0) { n++; ${PENDING} }
      ${stopAtJump ? 'landed = false; first = false;' : ''}
    } else {
      ${stopAtJump ? `if (landed) {
        landed = false;
        const s = (pa >>> 2) & ${HEAT_MASK};
        if (hot >= 0) HEAT[hot] += n - hotN;
        hot = s; hotN = n;
        // Compiled code (probably), a hot place, or code compiled before elsewhere (jit/recipes.ts,
        // markOf): run.ts takes over (never before the first instruction).
        if (!first && (ENTRY[s] !== 0 || HEAT[s] >= HOTV || RECIPE[((pc >>> 1) ^ (u16[o >> 1] << 7)) & ${(1 << MARK_BITS) - 1}] !== 0)) { hot = -1; stop = 'jump'; break; }
      }
      first = false;` : ''}
      if (dTag[ci] !== (pa | 1)) h.decode(pa >>> 0, u16[o >> 1] | (u16[(o >> 1) + 1] << 16));
    }
    const f = dFields[ci];
    // The next pc: 4 on, or 2 after a compressed instruction (unpriv §16.1).
    const next = (pc + (f >>> ${LENGTH_SHIFT})) | 0;
    let npc = next;
    n++;
    switch (f & 0xff) {
${cases.join('\n')}
      default: /* ${ILLEGAL}: no table row matches */ ${illegal}
    }
    ${stopAtJump ? `if (npc !== next) landed = true;` : ''}
    pc = npc;
  }
  ${stopAtJump ? 'if (hot >= 0) HEAT[hot] += n - hotN;' : ''}
  h.pc = pc >>> 0; h.instret += n; h.steps += n; h.running = 0;
  if (h.halted) stop = 'halt';
  return stop;`;
}

/** The generated source of the translated variant, for the curious and for tests. */
export const INTERPRETER_SOURCE = generate(false, false);

/** The loop, with the M and A helpers bound once (not per call: single steps are frequent under a hypervisor). */
function compile(source: string): Interpreter {
  return new Function('M', 'A', 'NO_TLB', 'RECIPE_MARKS', `
  const { mulh, mulhsu, mulhu, div, divu, rem, remu } = M;
  const { AMO_LR, AMO_SC, AMO_SWAP, AMO_ADD, AMO_XOR, AMO_AND, AMO_OR, AMO_MIN, AMO_MAX, AMO_MINU, AMO_MAXU } = A;
  return function loop(h, budget) {${source}};`)({ ...M }, { ...A }, NO_TLB, RECIPE_MARKS) as Interpreter;
}

/** The interpreter's variants: direct or translated, alone or under the compiler (`tiered`). */
export const INTERPRET = {
  direct: compile(generate(true, false)),
  translated: compile(INTERPRETER_SOURCE),
  directTiered: compile(generate(true, true)),
  translatedTiered: compile(generate(false, true)),
};
