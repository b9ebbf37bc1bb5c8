/**
 * The code cache: compiled regions, entered at any of their blocks. Every
 * block start of a region is an *entry*, found by the physical address of
 * its code with the virtual pc and the variant it was compiled for, so that
 * code survives `satp` writes, `sfence.vma` and privilege changes (the
 * kernel's code is compiled once, whatever address space runs it); the
 * caller (run.ts) checked the fetch translation on the way in.
 *
 * What enters the cache is hot: a place is compiled once the interpreter has
 * run HOT instructions after landing there (counted in a small table by
 * address, shared under collisions — harmless, it only moves a compile), or
 * at once when the same code was compiled before at the same virtual address
 * (recipes.ts: a program exec'd again, a fresh board, another VM). Regions
 * do not repeat each other: a new one stops at the functions it calls that
 * are compiled already, and takes over (drops and recompiles within
 * itself) any other region its own code reaches (jit/region.ts), so each
 * piece of code is compiled about once and no loop is split between
 * regions; V8's compile time — the dearest part of a region, about a tenth
 * of a millisecond per instruction — is spent about once.
 *
 * Bounded (a guest must not grow the host's heap without limit, issue 13):
 * the cache holds at most `budget.regions` regions and `budget.bytes` of
 * generated source (the measure of a region's compiled size); when a new
 * region would go over, everything is dropped and compiling starts again, as
 * QEMU flushes its translation buffer when it is full. A store into a line
 * holding code drops the regions that cover it (self-modifying code stays
 * exact; see bus.ts for how such stores are caught).
 */
import type { Hart } from '../hart.js';
import { LINE, LINE_SHIFT } from '../../bus.js';
import { compileRegion, loopsOf, placementFree, regionSource, type IndirectExits, type RegionEnv, type RegionFn, type Variant } from './codegen.js';
import { REGION_LIMITS, planRegion, type CompiledCode, type RegionPlan } from './region.js';
import { keepRecipe, recipeAt, supersede, type Recipe } from './recipes.js';

export interface Region extends CompiledCode {
  readonly fn: RegionFn;
  /** What `fn` reaches on this hart (codegen.ts, RegionEnv): `fn` is shared, this is not. */
  readonly env: RegionEnv;
  readonly variant: Variant;
  readonly size: number;
  /** Its entries: one per block, but the blocks inside a loop it runs as one (`inner`). */
  readonly entries: readonly Entry[];
  /** The blocks inside a loop it runs as one (before the loop's peel): no entries, and no other region starts there. */
  readonly inner: readonly Entry[];
  /** RAM lines its code comes from. */
  readonly lines: readonly number[];
  /** Where its code was taken from: where it was first entered, then the targets of its hot indirect exits. */
  readonly seeds: readonly number[];
  /** An indirect exit became hot: the next arrival recompiles it with that target in. */
  stale: boolean;
  /** The recipe it was made from or kept as (recipes.ts). */
  readonly recipe: Recipe;
  /** Its plan's pages (where they were when it was planned or placed) and blocks: what it grows from (extend). */
  readonly plan: Pick<RegionPlan, 'pages' | 'blocks'>;
}

/** A place to enter a region: the block `label` of `region`, whose code is at physical `pa` and runs at virtual `pc`. */
export interface Entry {
  readonly region: Region;
  readonly label: number;
  readonly pa: number;
  readonly pc: number;
}

/**
 * Leaving through an indirect jump to the same place this often within
 * EXTEND_WINDOW instructions of the hart takes that place in (a return, a
 * switch case, a function pointer). A place left for less often than once
 * in 30,000 instructions is not worth it: recompiling a hot region puts its
 * code back in V8's interpreter for the 100 ms or so V8 takes to optimise
 * it again, where leaving costs a dispatch now and then. (Counted without a
 * window, the rare paths of a long run — a timer tick's, a process exit's —
 * kept growing the kernel's hottest regions a hundred million instructions
 * in, and a getpid loop ran at half speed for the two commands after each.)
 */
const EXTEND_AFTER = 32;
const EXTEND_WINDOW = 1 << 20;
/** At most this many such places per region (each recompiles it). */
const MAX_SEEDS = 8;
/** A region over the source cap is planned again with fewer instructions, down to this many. */
const MIN_REPLAN = 16;
/** The least a region's source is taken to cost an instruction, in characters (loops of arithmetic make about 40). */
const CHARS_MIN = 24;
/** Distinct exit targets counted per region, in twice as many slots. */
const MAX_COUNTED = 32;
const COUNT_SLOTS = 64;

/**
 * Instructions the interpreter runs after landing at a place before the
 * place is compiled: about 10 ms of interpreting, the order of what
 * compiling a region costs (V8's parse and compilers, and the region's first
 * runs in V8's own interpreter, slower than ours), so a path is compiled
 * once it has cost about as much as compiling it — short runs (a system
 * call a few thousand times) stay interpreted, loops are compiled within
 * milliseconds.
 */
export const HOT = 1_000_000;
/**
 * Arriving at a place from run.ts and finding nothing compiled there costs
 * a dispatch (leaving a region, a look-up, entering the interpreter), about
 * what interpreting HOT / 1,000 instructions costs, and is charged as that:
 * code between compiled regions that runs a few instructions per visit (a
 * loop cut by another region's code, a short path between two loops) is
 * compiled after about a thousand visits instead of never (core-bench.elf:
 * 660,000 interpreter entries became 12,000, +20% speed).
 */
const ARRIVAL_SHARE = 1 / 1000;
/** After a failed attempt (no region can start there), instructions charged before the next. */
const COOLDOWN = -(1 << 30);

/** The default memory budget: about 40 MB of heap at most, measured (see the hostile-guest test). */
export const CODE_BUDGET = { regions: 4096, bytes: 16 << 20 };

const TABLE_BITS = 14;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
/** The heat table and the entry marks are indexed by (physical address >> 2) & HEAT_MASK. */
export const HEAT_MASK = TABLE_MASK;
/** The direct-mapped table's slot: aliases of the same code (other pcs, other variants) spread out. */
const slotOf = (pa: number, pc: number, variant: Variant) => ((pa >>> 2) ^ (pc >>> 12) ^ (pc >>> 22) ^ variant) & TABLE_MASK;
const keyOf = (pc: number, variant: Variant) => (pc >>> 0) * 16 + variant;

/**
 * Heat is the process's, not a board's: a benchmark or a test suite boots
 * board after board for short sessions (a `run fork 10` is 1.3 million
 * instructions), none of which reaches HOT at any one place, so each ran
 * wholly interpreted, however often the same kernel had run before. Counted
 * by physical address, as the same kernel sits at the same addresses on
 * every board; a heuristic only (what is compiled never changes a result).
 */
const HEAT = new Int32Array(1 << TABLE_BITS);

/**
 * Places that failed to start a region (COOLDOWN) are tried again by a new
 * board and after the cache is cleared; the heat of the others is kept
 * (clearing it, as every board's reset does when it sets misa, undid the sharing).
 */
function coolNoMore(): void {
  for (let i = 0; i < HEAT.length; i++) if (HEAT[i] < 0) HEAT[i] = 0;
}

/**
 * Heat halves every HEAT_HALF_LIFE steps the process's harts run, so that
 * what becomes hot is what runs often now, not what has run often since
 * the process began: a place the interpreter lands on once a fork (uvm_copy
 * after its inner loop) became hot after some 1,700 forks of a benchmark,
 * mid-measurement; its region took over uvm_copy's, could not also hold
 * `walk`, and left for it on every PTE: 1,200 region entries a fork
 * instead of 25, and a fork ten times slower for the rest of the process.
 * A place landed on (ARRIVAL_SHARE) less often than about once every
 * HEAT_HALF_LIFE × ARRIVAL_SHARE / 2 steps (67,000) now never becomes hot:
 * it costs a dispatch in that many instructions, about 1%.
 */
export const HEAT_HALF_LIFE = 1 << 25;
/** Steps run since heat last halved, by every hart of the process (counted at arrivals, CodeCache.find). */
let heatClock = 0;

function decayHeat(): void {
  for (let i = 0; i < HEAT.length; i++) if (HEAT[i] > 0) HEAT[i] >>= 1;
  heatClock = 0;
}

/** What tests and the benchmark may tune: arrivals before an entry is compiled. */
export const tuning = { hot: HOT };

/**
 * Where one region's indirect jumps leave to, counted (RegionEnv.exits): a
 * place left for EXTEND_AFTER times in a window is added to its seeds and
 * the region marked stale, so the next arrival recompiles it with the place
 * taken in.
 */
class ExitCounts implements IndirectExits {
  /**
   * Targets and their counts, open addressing in COUNT_SLOTS slots (count 0:
   * free); at most MAX_COUNTED distinct targets, so a look-up ends within a
   * few slots. Typed arrays, not a Map: a kernel's returns to other regions
   * call this a dozen times a page fault.
   */
  private readonly targets = new Int32Array(COUNT_SLOTS);
  private readonly counts = new Int32Array(COUNT_SLOTS);
  private distinct = 0;
  /** The hart's instructions retired when the counts began (they start again each EXTEND_WINDOW). */
  private since: number;
  region: Region | undefined;
  constructor(
    private readonly cache: CodeCache,
    private readonly h: Hart,
    readonly seeds: number[],
  ) {
    this.since = h.retired();
  }

  exited(target: number): void {
    const now = this.h.retired();
    if (now - this.since > EXTEND_WINDOW) (this.counts.fill(0), (this.distinct = 0), (this.since = now));
    const targets = this.targets, counts = this.counts;
    let i = (target ^ (target >>> 7)) & (COUNT_SLOTS - 1);
    while (counts[i] !== 0 && targets[i] !== target) i = (i + 1) & (COUNT_SLOTS - 1);
    if (counts[i] === 0) {
      if (this.distinct === MAX_COUNTED) return;
      (this.distinct++), (targets[i] = target);
    }
    const n = ++counts[i];
    const r = this.region;
    if (n === EXTEND_AFTER && this.seeds.length < MAX_SEEDS && r !== undefined && !this.seeds.includes(target) && this.cache.extensible(r, target)) {
      this.seeds.push(target);
      r.stale = true;
    }
  }
}

export class CodeCache {
  /** Direct-mapped by address: the last entry found there. */
  private readonly table: (Entry | undefined)[] = new Array(1 << TABLE_BITS).fill(undefined);
  /** Every entry, by physical address, then by pc × 16 + variant (the same code can run at several pcs, several ways). */
  private readonly byPa = new Map<number, Map<number, Entry>>();
  /** Blocks inside the loops regions run as one (no entries), by physical address then pc × 16 + variant: the region holding each. */
  private readonly inner = new Map<number, Map<number, Region>>();
  /** Regions by RAM line they cover. */
  private readonly byLine = new Map<number, Set<Region>>();
  /** Places (by direct-mapped slot) where a recipe was refused: its code overlaps a region's entries. */
  private readonly noRecipe = new Uint8Array(1 << TABLE_BITS);
  /**
   * Instructions interpreted after landing at each address slot (interpreter.ts counts them):
   * HEAT, shared by every board of the process.
   */
  readonly heat = HEAT;
  /** Entries of compiled regions by address slot: where the interpreter stops and lets run.ts enter. */
  readonly entryMarks = new Int32Array(1 << TABLE_BITS);
  /** Regions and source bytes held now. */
  regions = 0;
  bytes = 0;
  /** The hart's steps when heatClock was last advanced from this cache. */
  private clockAt: number;
  /** Characters of source an instruction made in recent regions (a moving average), to size the next plan. */
  private charsPerInstruction = 60;
  /** Statistics: regions compiled, times the budget dropped everything, the largest region's source. */
  compiled = 0;
  flushes = 0;
  largest = 0;

  constructor(
    private readonly h: Hart,
    readonly budget: { regions: number; bytes: number } = CODE_BUDGET,
  ) {
    coolNoMore();
    this.clockAt = h.steps;
  }

  /** Instructions that make a place hot (tests may lower it). */
  hotThreshold(): number {
    return tuning.hot;
  }

  /**
   * The entry for virtual `pc` at physical `pa` in `variant`, compiling a
   * region there when hot; undefined: interpret. `pa` may come as a signed
   * 32-bit integer (run.ts passes it so: an unsigned address past 2^31 is a
   * double, boxed on the heap at every call, one allocation a region entry).
   */
  find(pa: number, pc: number, variant: Variant): Entry | undefined {
    pa >>>= 0;
    const slot = slotOf(pa, pc, variant);
    const e = this.table[slot];
    if (e !== undefined && e.pa === pa && e.pc === pc && e.region.variant === variant) return e.region.stale ? this.extend(e) : e;
    const o = this.entryAt(pa, pc, variant);
    if (o !== undefined) {
      this.table[slot] = o;
      return o.region.stale ? this.extend(o) : o;
    }
    const heat = (pa >>> 2) & TABLE_MASK;
    const steps = this.h.steps;
    if (steps > this.clockAt) heatClock += steps - this.clockAt; // (a restored snapshot may set steps back)
    this.clockAt = steps;
    if (heatClock >= HEAT_HALF_LIFE) decayHeat();
    if (this.heat[heat] < tuning.hot) {
      // Code compiled before (here, on another board, at other physical pages) is compiled on arrival.
      const made = this.fromRecipe(pa, pc, variant);
      if (made !== undefined) {
        this.table[slot] = made;
        return made;
      }
      this.heat[heat] += Math.max(1, Math.floor(tuning.hot * ARRIVAL_SHARE));
      return undefined;
    }
    this.heat[heat] = 0;
    // Inside a loop another region runs as one JavaScript loop (a block before its peel, codegen.ts
    // loopsOf): only an interrupt's return lands here, and the interpreter is back at an entry within
    // the loop's turn. A region of its own here took the loop's region over and ran the loop from a
    // bigger function planned from inside it: the CRC of `compute`, paravirtualized and trapped, 10%
    // slower than natively, where no timer tick had returned there before the loop was compiled.
    if (this.insideLoop(pa, pc, variant)) return undefined;
    // Inside another region's block: the same, for code it runs straight through (a run that ended
    // mid-block, then a timer tick's return, lands there). A region here would hold code that one
    // holds already, stop at its entries or take it over, and could split a loop that one holds whole;
    // the interpreter is at that region's next entry within the block.
    if (this.insideBlock(pa, pc, variant)) return undefined;
    const made = this.compile(pc, variant, [pc | 0]);
    const entry = made === undefined ? undefined : this.entryAt(pa, pc, variant);
    if (entry === undefined) this.heat[heat] = COOLDOWN;
    else this.table[slot] = entry;
    return entry;
  }

  /** A region made from the recipe of code met before at `pc` (recipes.ts), entered at `pa`; undefined if none fits. */
  private fromRecipe(pa: number, pc: number, variant: Variant): Entry | undefined {
    const h = this.h, slot = slotOf(pa, pc, variant);
    if (this.noRecipe[slot] !== 0) return undefined;
    const found = recipeAt(h, pc, pa, variant, h.fetchMode === 0 ? -1 : h.fetchMode - 1);
    if (found === undefined) return undefined;
    // Only where no region is entered yet (the code cache holds each entry once); a place refused for
    // that is not tried again (until the cache is cleared) and becomes a region when hot, as any other.
    for (const b of found.plan.blocks) {
      if (this.entryAt(b.insns[0].pa, b.pc, variant) !== undefined) {
        this.noRecipe[slot] = 1;
        return undefined;
      }
    }
    // Kernel code's source holds its pages' offsets (codegen.ts, edge): moved, it is made again.
    const source = found.moved && !placementFree(variant) ? regionSource(h, found.plan, variant) : found.recipe.source;
    this.install(found.plan, variant, found.recipe, source);
    return this.entryAt(pa, pc, variant);
  }

  /** Whether a region holds the code at (`pa`, `pc`, `variant`) inside a loop it runs as one, where it has no entry. */
  private insideLoop(pa: number, pc: number, variant: Variant): boolean {
    return this.inner.get(pa)?.has(keyOf(pc, variant)) === true;
  }

  /** Whether a region of `variant` holds the instruction at (`pa`, `pc`) other than as a block's first (an entry). */
  private insideBlock(pa: number, pc: number, variant: Variant): boolean {
    const regions = this.byLine.get((pa - this.h.bus.ramBase) >>> LINE_SHIFT);
    if (regions === undefined) return false;
    for (const r of regions) {
      if (r.variant !== variant) continue;
      for (const b of r.plan.blocks) {
        for (let k = 1; k < b.insns.length; k++) if (b.insns[k].pc === pc && b.insns[k].pa === pa) return true;
      }
    }
    return false;
  }

  /** The entry of a region at (`pa`, `pc`, `variant`), if any. */
  entryAt(pa: number, pc: number, variant: Variant): Entry | undefined {
    return this.byPa.get(pa)?.get(keyOf(pc, variant));
  }

  /**
   * Whether code at `target` could join region `r`: its page translates now
   * (physically, or in the fetch TLB), and if another region is entered
   * there, the two fit in one (planning merges them) with at most MAX_SEEDS
   * seeds between them; otherwise leaving for it stays a dispatch. The seed
   * bound is what bounds recompiling: seeds only grow along a line of
   * merges, so a piece of code is recompiled at most about MAX_SEEDS times
   * (without it, a guest calling one function through a thousand aliases
   * had each new alias absorb and recompile everything merged before).
   */
  extensible(r: Region, target: number): boolean {
    const h = this.h;
    let pa = target;
    if (h.fetchMode !== 0) {
      const set = h.fetchMode - 1, e = (target >>> 12) & 255;
      if (h.mmu.tag[set][e] !== (target & ~0xfff)) return false;
      pa = (target + h.mmu.off[set][e] + h.bus.ramBase) | 0;
    }
    const other = this.entryAt(pa >>> 0, target | 0, r.variant)?.region;
    if (other === undefined) return true;
    return other !== r && other.instructions + r.instructions <= REGION_LIMITS.instructions && new Set([...r.seeds, ...other.seeds, target]).size <= MAX_SEEDS;
  }

  /** Recompile the region of `e` with the places its hot indirect exits went to (it is dropped first). */
  private extend(e: Entry): Entry | undefined {
    const r = e.region;
    this.remove(r);
    // Its recipe is kept if no region could be planned now (its first page not in the fetch TLB):
    // the next board makes it again, rather than from scratch.
    if (this.compile(r.entries[0].pc, r.variant, r.seeds, r.plan) !== undefined) supersede(r.recipe);
    const again = this.entryAt(e.pa, e.pc, r.variant);
    if (again !== undefined) this.table[slotOf(e.pa, e.pc, r.variant)] = again;
    return again;
  }

  /** Compile a region at `pc` with `seeds`; `before`: the plan of the region it grows from (planRegion). */
  private compile(pc: number, variant: Variant, seeds: readonly number[], before?: Pick<RegionPlan, 'pages' | 'blocks'>): Region | undefined {
    const h = this.h;
    const fetchSet = h.fetchMode === 0 ? -1 : h.fetchMode - 1; // the variant's fetch mode is the hart's now
    // Stop where another region can be entered: each piece of code is compiled once. A region whose
    // source came out over the cap is planned again with fewer instructions (REGION_LIMITS.source).
    // The first plan is sized by what the last regions made a character an instruction, so that a
    // region is seldom planned (and its source made) more than once.
    const taken = (pa: number, at: number) => this.entryAt(pa, at, variant)?.region;
    const limit = Math.max(MIN_REPLAN, Math.min(REGION_LIMITS.instructions, Math.floor(REGION_LIMITS.source / this.charsPerInstruction)));
    let plan = planRegion(h, pc, fetchSet, seeds, taken, limit, before);
    if (plan === undefined) return undefined;
    let source = regionSource(h, plan, variant);
    // Cut by the estimate with room to spare (denser code than the last regions'): planned once more, bigger.
    if (plan.instructions >= limit && source.length < REGION_LIMITS.source * 0.75 && limit < REGION_LIMITS.instructions) {
      const more = Math.min(REGION_LIMITS.instructions, Math.floor((plan.instructions * REGION_LIMITS.source * 0.9) / source.length));
      const bigger = more > plan.instructions ? planRegion(h, pc, fetchSet, seeds, taken, more, before) : undefined;
      if (bigger !== undefined) (plan = bigger), (source = regionSource(h, plan, variant));
    }
    while (source.length > REGION_LIMITS.source && plan.instructions > MIN_REPLAN) {
      const fewer = Math.max(MIN_REPLAN, Math.floor((plan.instructions * REGION_LIMITS.source * 0.9) / source.length));
      const smaller = planRegion(h, pc, fetchSet, seeds, taken, Math.min(fewer, plan.instructions - 1), before);
      if (smaller === undefined) break;
      plan = smaller;
      source = regionSource(h, plan, variant);
    }
    this.charsPerInstruction = Math.max(CHARS_MIN, (this.charsPerInstruction * 3 + source.length / plan.instructions) / 4);
    for (const r of plan.absorbed) (this.remove(r as Region), supersede((r as Region).recipe));
    const nextSeeds = [...new Set([...seeds, ...[...plan.absorbed].flatMap((r) => r.seeds)])];
    // Kept without the regions it absorbed: a recipe must not hold on to a board's compiled code (or its RAM).
    const recipe: Recipe = { plan: { ...plan, absorbed: new Set() }, source, seeds: nextSeeds, variant, misa: h.misa, ialign: h.ialignBits, ramBase: h.bus.ramBase, ramSize: h.bus.ramSize };
    keepRecipe(recipe);
    return this.install(plan, variant, recipe, source);
  }

  /** Compile `plan` from `source` and enter it in the cache (its absorbed regions are gone already). */
  private install(plan: RegionPlan, variant: Variant, recipe: Recipe, source: string): Region {
    const h = this.h;
    const exits = new ExitCounts(this, h, [...recipe.seeds]);
    const { fn, env, size } = compileRegion(h, plan, variant, exits, source);
    if (this.regions + 1 > this.budget.regions || this.bytes + size > this.budget.bytes) {
      this.clear();
      this.flushes++;
    }
    // The lines its code comes from hold code: a store there drops it (bus.ts).
    const ram = h.bus.ramBase;
    const lines = new Set<number>();
    for (const b of plan.blocks) for (const i of b.insns) lines.add((i.pa - ram) >>> LINE_SHIFT).add((i.pa + i.len - 1 - ram) >>> LINE_SHIFT);
    for (const line of lines) h.bus.markLine(ram + (line << LINE_SHIFT), LINE.code);
    const entries: Entry[] = [], innerBlocks: Entry[] = [];
    const region: Region = { fn, env, variant, size, entries, inner: innerBlocks, lines: [...lines], seeds: exits.seeds, stale: false, instructions: plan.instructions, recipe, plan: { pages: plan.pages, blocks: plan.blocks } };
    exits.region = region;
    // Every block is an entry but the inner blocks of loops compiled as one before their peel (codegen.ts, loopsOf).
    const inner = new Set<number>();
    for (const [head, { peel }] of loopsOf(plan)) for (let k = head + 1; k < peel; k++) inner.add(k);
    plan.blocks.forEach((b, label) => (inner.has(label) ? innerBlocks : entries).push({ region, label, pa: b.insns[0].pa, pc: b.pc }));
    for (const b of innerBlocks) {
      let byPc = this.inner.get(b.pa);
      if (byPc === undefined) this.inner.set(b.pa, (byPc = new Map()));
      byPc.set(keyOf(b.pc, variant), region);
    }
    for (const line of lines) {
      let set = this.byLine.get(line);
      if (set === undefined) this.byLine.set(line, (set = new Set()));
      set.add(region);
    }
    for (const e of entries) {
      this.entryMarks[(e.pa >>> 2) & TABLE_MASK]++;
      let byPc = this.byPa.get(e.pa);
      if (byPc === undefined) this.byPa.set(e.pa, (byPc = new Map()));
      byPc.set(keyOf(e.pc, variant), e);
    }
    this.regions++;
    this.bytes += size;
    this.compiled++;
    this.largest = Math.max(this.largest, size);
    return region;
  }

  /** Drop every region whose code comes from RAM line `line`. */
  dropLine(line: number): void {
    const set = this.byLine.get(line);
    if (set === undefined) return;
    for (const r of set) this.remove(r);
  }

  private remove(r: Region): void {
    for (const b of r.inner) {
      const byPc = this.inner.get(b.pa), key = keyOf(b.pc, r.variant);
      if (byPc?.get(key) === r) (byPc.delete(key), byPc.size === 0 && this.inner.delete(b.pa));
    }
    for (const line of r.lines) {
      const set = this.byLine.get(line);
      if (set === undefined) continue;
      set.delete(r);
      if (set.size === 0) this.byLine.delete(line);
    }
    for (const e of r.entries) {
      this.entryMarks[(e.pa >>> 2) & TABLE_MASK]--;
      const byPc = this.byPa.get(e.pa);
      if (byPc !== undefined && byPc.get(keyOf(e.pc, r.variant)) === e) {
        byPc.delete(keyOf(e.pc, r.variant));
        if (byPc.size === 0) this.byPa.delete(e.pa);
      }
      const slot = slotOf(e.pa, e.pc, r.variant);
      if (this.table[slot] === e) this.table[slot] = undefined;
    }
    this.regions--;
    this.bytes -= r.size;
  }

  /** Drop everything. */
  clear(): void {
    this.table.fill(undefined);
    this.byPa.clear();
    this.inner.clear();
    this.byLine.clear();
    coolNoMore();
    this.entryMarks.fill(0);
    this.noRecipe.fill(0);
    this.regions = 0;
    this.bytes = 0;
  }
}
