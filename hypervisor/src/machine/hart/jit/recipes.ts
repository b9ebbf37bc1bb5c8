/**
 * Recipes: the plans of regions compiled before, kept so that the same code
 * met again is compiled on arrival instead of after HOT instructions of
 * interpreting.
 *
 * The same code is met again all the time: a shell runs a program again,
 * and exec loads it into other physical pages (the code cache is keyed by
 * physical address, so it is new code there); a benchmark boots a fresh
 * board with the same kernel; two VMs run copies of one kernel in their own
 * slots. QEMU translates a block at its first run and does not notice; here
 * compiling waits until a place has been interpreted for long enough
 * (code-cache.ts), which for a program that runs a loop a few hundred times
 * per exec is never.
 *
 * A recipe is a region's plan with its source, found by the virtual pc of
 * any of its blocks and the variant. It is used only if the code is still
 * there, word for word, where the current fetch translation puts each of its
 * pages (one compare per instruction, pages from the fetch TLB only, never
 * a walk: a walk sets accessed bits the guest could see), or, for a page the
 * TLB does not hold now, where the recipe found it (the region checks the
 * translation when it crosses into that page). User code's source
 * does not depend on where its code sits physically (codegen.ts), so the
 * function V8 compiled for the first copy serves the next (a factory hit);
 * kernel code moved to other pages (rare: another VM's slot) is made again
 * from the placed plan.
 *
 * Exactness does not depend on any of this: compiled code retires the same
 * instructions as the interpreter whenever it is compiled. Bounded: the
 * recipes held are forgotten all at once past RECIPE_LIMITS.
 */
import type { Hart } from '../hart.js';
import type { BlockPlan, Insn, RegionPlan } from './region.js';
import type { Variant } from './codegen.js';

export interface Recipe {
  readonly plan: RegionPlan;
  readonly source: string;
  readonly seeds: readonly number[];
  readonly variant: Variant;
  /** The hart's misa and IALIGN when it was compiled: they decide how words decode. */
  readonly misa: number;
  readonly ialign: number;
  /** The board's RAM window, pasted into the source (codegen.ts). */
  readonly ramBase: number;
  readonly ramSize: number;
}

/** At most this many instructions and characters of source held in recipes, and recipes per pc. */
export const RECIPE_LIMITS = { instructions: 1 << 18, source: 16 << 20, perPc: 4 };

const byKey = new Map<number, Recipe[]>();

/**
 * Where the interpreter should stop and let run.ts look for a recipe: a
 * count per (virtual pc, first halfword of its code) slot, so that it stops
 * where code met before begins, and seldom where other code has the same
 * address (every program starts at the same virtual address).
 */
export const MARK_BITS = 14;
export const RECIPE_MARKS = new Int32Array(1 << MARK_BITS);
/** The slot of the code at virtual `pc` whose first halfword is `half` (the interpreter computes it inline). */
export const markOf = (pc: number, half: number) => ((pc >>> 1) ^ (half << 7)) & ((1 << MARK_BITS) - 1);
let instructions = 0;
let sourceChars = 0;

/**
 * `r`'s region was taken over (absorbed by a bigger region, or recompiled
 * with more seeds): its recipe is forgotten, so that a fresh board makes the
 * region that took it over instead. Used again, every board went through the
 * same takeovers, each a new function for V8 to optimise (measured: a
 * benchmark made new regions on 15 of 20 boards in a row, and its times never
 * settled). What it held no longer counts against RECIPE_LIMITS.
 */
export function supersede(r: Recipe): void {
  let held = false;
  for (const b of r.plan.blocks) {
    const key = keyOf(b.pc, r.variant);
    const list = byKey.get(key);
    const i = list === undefined ? -1 : list.indexOf(r);
    if (i < 0) continue;
    held = true;
    list!.splice(i, 1);
    if (list!.length === 0) byKey.delete(key); // its mark stays: another recipe may share the slot, and a stop finding nothing is cheap
  }
  if (!held) return;
  // No longer held: it counts against the limits no more (a benchmark's takeovers went past them and
  // every recipe was forgotten at once, every region of every board made again).
  instructions -= r.plan.instructions;
  sourceChars -= r.source.length;
  recipeStats.instructions = instructions;
  recipeStats.source = sourceChars;
}

/** The sources of the recipes held (codegen.ts keeps their functions when it must make room). */
export function recipeSources(): Set<string> {
  const out = new Set<string>();
  for (const list of byKey.values()) for (const r of list) out.add(r.source);
  return out;
}

/** Statistics: recipes kept, regions made from one, attempts that found the code changed or unmapped; instructions and source held now. */
export const recipeStats = { kept: 0, used: 0, refused: 0, instructions: 0, source: 0 };

const keyOf = (pc: number, variant: Variant) => (pc >>> 0) * 16 + variant;

/** Keep the recipe of a region just compiled, under each of its blocks' pcs. */
export function keepRecipe(r: Recipe): void {
  if (instructions + r.plan.instructions > RECIPE_LIMITS.instructions || sourceChars + r.source.length > RECIPE_LIMITS.source) {
    forgetRecipes();
  }
  instructions += r.plan.instructions;
  sourceChars += r.source.length;
  recipeStats.kept++;
  recipeStats.instructions = instructions;
  recipeStats.source = sourceChars;
  for (const b of r.plan.blocks) {
    RECIPE_MARKS[markOf(b.pc, b.insns[0].word & 0xffff)]++;
    const key = keyOf(b.pc, r.variant);
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [r]);
    else {
      const i = list.findIndex((x) => x.plan === r.plan);
      if (i >= 0) list.splice(i, 1);
      list.unshift(r);
      if (list.length > RECIPE_LIMITS.perPc) list.pop();
    }
  }
}

/** The recipes kept at virtual `pc` for `variant`, newest first (tests, diagnostics). */
export const recipesAt = (pc: number, variant: Variant): readonly Recipe[] => byKey.get(keyOf(pc, variant)) ?? [];

/** Forget every recipe (tests; the compiler switched off). */
export function forgetRecipes(): void {
  byKey.clear();
  RECIPE_MARKS.fill(0);
  instructions = sourceChars = recipeStats.instructions = recipeStats.source = 0;
}

/**
 * A recipe whose code is at virtual `pc` (physical `pa`) now, and its plan
 * placed where the code is, or undefined. `fetchSet` is the fetch TLB set
 * of the current privilege, or -1 when fetches are not translated.
 */
export function recipeAt(h: Hart, pc: number, pa: number, variant: Variant, fetchSet: number): { recipe: Recipe; plan: RegionPlan; moved: boolean } | undefined {
  const list = byKey.get(keyOf(pc, variant));
  if (list === undefined) return undefined;
  const o = (pa - h.bus.ramBase) | 0;
  for (const recipe of list) {
    if (recipe.misa !== h.misa || recipe.ialign !== h.ialignBits || recipe.ramBase !== h.bus.ramBase || recipe.ramSize !== h.bus.ramSize) continue;
    // Most misses are other code at the same address: its first halfword differs.
    const first = recipe.plan.blocks.find((b) => b.pc === (pc | 0))?.insns[0];
    if (first === undefined || o < 0 || o > h.bus.ramSize - 4 || h.bus.u16[o >> 1] !== (first.word & 0xffff)) continue;
    const plan = place(h, recipe.plan, fetchSet);
    if (plan !== undefined && plan.blocks.some((b) => b.pc === (pc | 0) && b.insns[0].pa === pa >>> 0)) {
      recipeStats.used++;
      const moved = [...plan.pages].some(([page, d]) => recipe.plan.pages.get(page) !== d);
      return { recipe, plan, moved };
    }
  }
  recipeStats.refused++;
  return undefined;
}

/** `plan` with its pages where the fetch translation maps them now, if its code is there word for word. */
function place(h: Hart, plan: RegionPlan, fetchSet: number): RegionPlan | undefined {
  const bus = h.bus, ram = bus.ramBase, u16 = bus.u16;
  const pages = new Map<number, number>();
  for (const [page, was] of plan.pages) {
    let d: number;
    if (fetchSet < 0) d = -ram; // physical: a RAM offset is the address less the base
    else {
      // A page the fetch TLB does not hold now is taken where the recipe found it: its words are
      // compared below, and the region's code checks the translation where it crosses into the page
      // (codegen.ts, edge). Refused instead, a fresh board compiled a smaller region there (only the
      // pages in the TLB at the time), new code for V8 on every board after a TLB flush.
      const e = (page >>> 12) & 255;
      d = h.mmu.tag[fetchSet][e] === page ? h.mmu.off[fetchSet][e] : was;
    }
    pages.set(page, d);
  }
  const blocks: BlockPlan[] = [];
  for (const b of plan.blocks) {
    const insns: Insn[] = [];
    for (const i of b.insns) {
      const o = (i.pc + pages.get(i.pc & ~0xfff)!) | 0;
      if (o < 0 || o > bus.ramSize - 4) return undefined;
      const word = i.len === 2 ? u16[o >> 1] : u16[o >> 1] | (u16[(o >> 1) + 1] << 16);
      if (word !== i.word) return undefined;
      insns.push(i.pa === ((o + ram) >>> 0) ? i : { ...i, pa: (o + ram) >>> 0 });
    }
    blocks.push({ pc: b.pc, insns, fallthrough: b.fallthrough });
  }
  return { entryPc: plan.entryPc, blocks, pages, landings: plan.landings, absorbed: new Set(), instructions: plan.instructions };
}
