/**
 * Running the hart: the tiers and the loop that picks between them.
 *
 *   tier 0  the interpreter (interpreter.ts), for cold code and whatever
 *           the compiler leaves to it: it stops after every taken jump so
 *           that the loop can look for compiled code where it landed
 *   tier 1  compiled regions (jit/), for places where the interpreter has
 *           spent long enough (jit/code-cache.ts)
 *
 * Before entering a region the loop checks the fetch translation: the
 * fetch TLB of the current privilege must map the pc (one compare) and the
 * physical address it gives is the cache's key. Anything that needs
 * attention — an interrupt that may be deliverable, a yield, a wait — goes
 * to the interpreter, which handles it at the start of its run.
 *
 * Exactness: a region never runs more instructions than its budget (it
 * checks before every block), traps count as steps as they do in the
 * interpreter, and a budget shorter than a block is finished by the
 * interpreter, so a run stops at exactly the same instruction, and timer
 * interrupts land on the same instruction, whether code is compiled or not.
 */
import type { Hart, StopReason } from './hart.js';
import { INTERPRET } from './interpreter.js';
import { variantOf } from './jit/codegen.js';
import { HOT, tuning } from './jit/code-cache.js';

/** Compiled regions are on unless PVLAB_NO_JIT is set (to compare with the interpreter alone). */
let JIT = typeof process === 'undefined' || !process.env.PVLAB_NO_JIT;

/**
 * Turn the region compiler on or off (tests compare the two; the benchmark
 * reports both); `hot` sets how many instructions interpreted after landing
 * at a place make it compiled (1: at once, which tests use to compile
 * everything they run).
 */
export function useCompiler(on: boolean, options: { hot?: number } = {}): void {
  JIT = on;
  tuning.hot = options.hot ?? HOT;
}

/** Whether the region compiler is on. */
export function compilerOn(): boolean {
  return JIT;
}

/** Run `h` for at most `budget` steps (instructions, and traps taken). */
export function runHart(h: Hart, budget: number): StopReason {
  if (!JIT) {
    for (;;) {
      const start = h.steps;
      const stop = (h.fetchMode | h.dataMode) === 0 ? INTERPRET.direct(h, budget) : INTERPRET.translated(h, budget);
      if (stop !== 'mode') return stop as StopReason;
      budget -= h.steps - start;
      if (budget <= 0) return 'budget';
    }
  }
  const cache = h.code, tags = h.mmu.tag, offs = h.mmu.off, ram = h.bus.ramBase | 0;
  let left = budget;
  while (left > 0) {
    const fm = h.fetchMode, dm = h.dataMode;
    const before = h.steps;
    const variant = variantOf(fm, dm);
    let ran = false;
    // After a trap, an xRET or a CSR write that may enable one, look for a deliverable interrupt here,
    // as the interpreter's opening check would: most often there is none, and compiled code goes on
    // without a call of the interpreter that would only find that out (one a system call each way).
    if (h.checkInterrupts && !(h.yieldRequested || h.halted || h.waiting) && h.pendingInterrupt() < 0) h.checkInterrupts = false;
    if (variant >= 0 && !(h.checkInterrupts || h.yieldRequested || h.halted || h.waiting)) {
      const pc = h.pc | 0;
      let pa = pc;
      if (fm !== 0) {
        const e = (pc >>> 12) & 255, set = fm - 1;
        if (tags[set][e] === (pc & ~0xfff)) pa = (pc + offs[set][e] + ram) | 0;
        else {
          // A TLB miss: walk now (code that conflicts in the TLB must not fall back to the
          // interpreter for good). A fault is left to the interpreter, which takes it.
          pa = h.probeFetch(pc >>> 0) | 0;
          if (pa === -1) pa = 0;
        }
      }
      const e = pa === 0 ? undefined : cache.find(pa, pc, variant);
      if (e !== undefined) {
        h.codeChanged = false;
        const k = e.region.fn(h, left, e.label, e.region.env);
        h.instret += k;
        h.steps += k;
        h.running = 0;
        // Nothing ran: the budget is shorter than the first block, left to the interpreter.
        ran = h.steps !== before;
        if (h.halted) return 'halt';
      }
    }
    if (!ran) {
      const stop = (fm | dm) === 0 ? INTERPRET.directTiered(h, left) : INTERPRET.translatedTiered(h, left);
      if (stop !== 'budget' && stop !== 'jump' && stop !== 'mode' && stop !== 'checked') return stop;
    }
    left -= h.steps - before;
  }
  return 'budget';
}
