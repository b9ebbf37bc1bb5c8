/**
 * Region discovery: which guest code one compiled function holds.
 *
 * A region starts at a hot entry and takes in the code reachable from it by
 * direct control flow — fall-through, both arms of each branch, the targets
 * of `jal`, and the return point after each call (reached again through
 * `jalr`) — up to a size cap, across pages, as long as that code has run:
 * only instructions the interpreter executed (so the decode cache holds
 * them) are taken in. Code that never ran stays out — a region that holds
 * it costs V8 time to compile and deoptimises when it first runs — and is
 * an exit instead, from which it can become a region of its own. Its basic blocks become the
 * labels of one JavaScript function (codegen.ts); control leaves it only at
 * indirect jumps to code it does not hold, traps, xRETs, `wfi`, budget
 * checks, a page whose translation changed, and the edges of what it holds.
 *
 * How each instruction moves control comes from the semantics table: BRANCH
 * is a conditional branch, an instruction that sets `npc` a jump (direct when
 * its operand is `jimm`), TRAP without a condition ends the block, XRET a
 * return from a trap, WFI a wait, which the region leaves to the interpreter.
 * ECALL ends its block too, but in kernel code the code after it is taken
 * in: when the environment below completes the call (a hypercall), the
 * region goes on there (codegen.ts).
 *
 * Instructions are 4 or 2 bytes long (the C extension: a 16-bit instruction
 * is decoded as the 32-bit one it expands to, flagged with its length, by
 * the decode cache), so pcs advance by the length; a 32-bit instruction on
 * a page's last halfword, whose second parcel is translated on its own
 * (fetch.ts), is never in a region.
 */
import { INSTRUCTIONS } from '@pvlab/assembler';
import { SEMANTICS } from '../semantics.js';
import { ILLEGAL, INSTRUCTION_ID, lengthOf, slotOf } from '../decode-cache.js';
import type { Hart } from '../hart.js';

/** How an instruction moves control. */
export type Flow = 'next' | 'branch' | 'jal' | 'jalr' | 'trap' | 'ecall' | 'xret' | 'wait';

/** Flow by instruction id, from the semantics table. */
export const FLOW: readonly Flow[] = (() => {
  const out: Flow[] = new Array(256).fill('trap'); // ids with no row are illegal: a trap
  for (const spec of INSTRUCTIONS) {
    const s = SEMANTICS[spec.name];
    const flow: Flow = s.startsWith('BRANCH(') ? 'branch'
      : /\bnpc = /.test(s) ? (spec.operands.includes('jimm') ? 'jal' : 'jalr')
      : s.startsWith('XRET(') ? 'xret'
      : s.startsWith('ECALL(') ? 'ecall'
      : s.startsWith('WFI(') ? 'wait'
      : /^TRAP\(/.test(s) ? 'trap'
      : 'next';
    out[INSTRUCTION_ID.get(spec.name)!] = flow;
  }
  return out;
})();

/** Instruction names by id (ILLEGAL: none). */
export const NAME_OF_ID: readonly string[] = (() => {
  const out: string[] = [];
  for (const s of INSTRUCTIONS) out[INSTRUCTION_ID.get(s.name)!] = s.name;
  return out;
})();

/** One decoded instruction of a region. */
export interface Insn {
  readonly pc: number;
  readonly pa: number;
  readonly len: number;
  /** Instruction id (ILLEGAL for none). */
  readonly id: number;
  readonly rd: number;
  readonly rs1: number;
  readonly rs2: number;
  readonly imm: number;
  readonly word: number;
}

/** A basic block: straight-line instructions, control leaving only after the last. */
export interface BlockPlan {
  readonly pc: number;
  readonly insns: Insn[];
  /** Where control goes after the last instruction when it does not jump (undefined: it cannot fall through). */
  readonly fallthrough: number | undefined;
}

export interface RegionPlan {
  readonly entryPc: number;
  /** Blocks in address order; the entry is one of them. */
  readonly blocks: BlockPlan[];
  /** Virtual page → RAM-offset delta (RAM offset − virtual address) assumed for it. */
  readonly pages: Map<number, number>;
  /** Where an indirect jump may land inside the region: return points, known far targets, seeds. */
  readonly landings: ReadonlySet<number>;
  /** Regions whose entries this one took in, with all their code: they must be dropped when it is installed. */
  readonly absorbed: ReadonlySet<CompiledCode>;
  readonly instructions: number;
}

/** What planning needs to know of a region already compiled: its size, and where its code was taken from. */
export interface CompiledCode {
  readonly instructions: number;
  readonly seeds: readonly number[];
}

/**
 * Size caps. A region's JavaScript must stay small for V8 to optimise it
 * soon and cheaply: V8 runs a new function in its baseline tiers (10-20
 * times slower than the interpreter here) until it has run long enough — a
 * time that grows with its bytecode — and optimises nothing over 60 KB of
 * bytecode at all; each block of a region that runs for the first time after
 * that deoptimises it, and it is compiled again, whole. Kernel code is
 * entered at many places and runs new blocks for a long time (measured on
 * the kernel's page-fault path: regions of up to 64 KB of source ran it at
 * 44 us a fault, 258 KB at 70; of up to 12 KB at 27). So the code cache
 * keeps a region's source under `source` characters (its bytecode is about
 * 0.55 of that), planning it again with fewer instructions when it came out
 * bigger: kernel code makes 100-200 characters an instruction, compiled C
 * loops about 60. Since boards share region functions (codegen.ts), V8's
 * warm-up is paid once a process, and 12 KB (about 60 kernel instructions)
 * split the kernel's loops that call functions between regions: uvm_free
 * left one region for another twice a PTE, 4,000 region entries a fork.
 * At 32 KB a fork enters regions about 25 times; steady, on the same
 * session (CPU, 24 commands, shared machine), a fork went from 43-130 µs to
 * 17-32 µs and 20,000 context switches from 66 to 49 ms, while cpu-bench
 * did not move (1,924-1,945 against 1,942-1,972 MIPS) and the first
 * commands of a session, compiling, cost more (ctxsw's 24: 2.7 s against
 * 3.7 s); 48 and 64 KB were no faster and warmed up slower.
 */
export const REGION_LIMITS = { instructions: 512, pages: 8, source: 32 * 1024 };

/**
 * Plan the region first entered at virtual `pc`, taking in the code reached
 * from `seeds` (pc first). `fetchSet` is the fetch TLB set of the current
 * privilege (pages are taken in only while the TLB holds their
 * translation, or where `before` — the plan of the region this one grows
 * from — found them: the code at a page crossing checks the translation
 * when it runs, codegen.ts edge), or -1 when fetches are not translated; `taken` says whether
 * another region can already be entered at an address, where this one then
 * stops. Returns undefined when no instruction can be compiled at `pc`.
 */
export function planRegion(
  h: Hart,
  pc: number,
  fetchSet: number,
  seeds: readonly number[],
  taken: (pa: number, pc: number) => CompiledCode | undefined,
  maxInstructions: number = REGION_LIMITS.instructions,
  before?: Pick<RegionPlan, 'pages' | 'blocks'>,
): RegionPlan | undefined {
  const bus = h.bus, ram = bus.ramBase;
  const pages = new Map<number, number>();
  /** RAM offset of virtual `v`, or -1 when its page is not (or no longer) known to map RAM. */
  const offsetOf = (v: number): number => {
    const page = v & ~0xfff;
    let d = pages.get(page);
    if (d === undefined) {
      if (pages.size >= REGION_LIMITS.pages) return -1;
      if (fetchSet < 0) d = (v - ram) - v; // physical
      else {
        const e = (v >>> 12) & 255;
        if (h.mmu.tag[fetchSet][e] === page) d = h.mmu.off[fetchSet][e];
        else if ((d = before?.pages.get(page)) === undefined) return -1;
      }
      const o = (v + d) | 0;
      if (o < 0 || o > bus.ramSize - 4) return -1;
      pages.set(page, d);
    }
    const o = (v + d) | 0;
    return o >= 0 && o <= bus.ramSize - 4 ? o : -1;
  };

  // Explore instruction by instruction, breadth first, recording leaders (block starts).
  const insns = new Map<number, Insn>();
  const leaders = new Set<number>([pc | 0, ...seeds]);
  const landings = new Set<number>(seeds);
  /** Targets of calls (jal, jalr with a link), and regions whose code this one takes over. */
  const callees = new Set<number>();
  const absorbed = new Set<CompiledCode>();
  const queue: number[] = [pc | 0, ...seeds.filter((s) => s !== (pc | 0))]; // pc first: a smaller cap still holds it
  // Functions called are explored after the code that calls them, so that a loop calling functions is
  // held whole before the cap is spent on its callees (explored first, they filled the region, the loop
  // was split across two, and each of its iterations left one for the other: uvm_copy, 2 exits a PTE).
  const calls: number[] = [];
  const dc = h.decoded;
  // The instructions of the region this one grows from: code that ran, though maybe not on this board's
  // interpreter (a region made from a recipe never went through it).
  const ran = new Map<number, Insn>();
  for (const b of before?.blocks ?? []) for (const i of b.insns) ran.set(i.pc, i);
  /** Places that ran but were left out for the size cap (or a region too big to join): a loop missing one is held in part. */
  const cut = new Set<number>();
  let q = 0;
  for (; insns.size < maxInstructions; q++) {
    if (q === queue.length) {
      if (calls.length === 0) break;
      queue.push(...calls.splice(0));
    }
    let v = queue[q];
    // Registers holding a known constant along this straight line (lui, auipc, addi): a `jalr`
    // through one (`call`, `tail` to a far function) goes to a known place, taken in like a jal.
    // A guess only: the jalr still dispatches on its real target at run time.
    const known = new Map<number, number>();
    while (!insns.has(v) && insns.size < maxInstructions) {
      const o = offsetOf(v);
      if (o < 0) break;
      const ipa = (o + ram) >>> 0, slot = slotOf(ipa);
      // What the instruction is, and the word it was decoded from: the decode cache's, else the old plan's.
      let id: number, rd: number, rs1: number, rs2: number, imm: number, len: number, decodedFrom: number;
      if (dc.tag[slot] === (ipa | 1)) {
        const f = dc.fields[slot];
        (id = f & 0xff), (rd = (f >>> 8) & 63), (rs1 = (f >>> 14) & 31), (rs2 = (f >>> 19) & 31), (imm = dc.imm[slot]), (len = lengthOf(f));
        decodedFrom = dc.word[slot];
      } else {
        const i = ran.get(v);
        if (i === undefined || i.pa !== ipa) break; // never ran (or no longer cached)
        (id = i.id), (rd = i.rd), (rs1 = i.rs1), (rs2 = i.rs2), (imm = i.imm), (len = i.len), (decodedFrom = i.word);
      }
      if (len === 4 && (v & 0xfff) === 0xffe) break; // across a page: the interpreter's (fetch.ts)
      const word = len === 2 ? bus.u16[o >> 1] : bus.u16[o >> 1] | (bus.u16[(o >> 1) + 1] << 16);
      if (decodedFrom !== word) break; // decoded from other bytes (a slow fetch at a page's end), or changed since
      // Another region can be entered here. A function this code calls is left to it (entered through
      // the dispatcher), and so is anything too big to join; otherwise — a branch target, a return
      // point — that region is absorbed: all of its code is compiled here, and it is dropped. Regions
      // only ever merge, so no loop stays split between regions and nothing is compiled twice for long.
      const other = taken(ipa, v);
      if (other !== undefined && !absorbed.has(other)) {
        if (insns.size + other.instructions > maxInstructions) {
          cut.add(v);
          break;
        }
        absorbed.add(other);
        for (const s of other.seeds) (leaders.add(s), landings.add(s), queue.push(s)); // all of its code comes along
      }
      const flow = FLOW[id];
      if (flow === 'wait') break;
      insns.set(v, { pc: v, pa: ipa, len, id, rd, rs1, rs2, imm, word });
      const next = (v + len) | 0;
      const jumpTo = (t: number) => {
        leaders.add(t);
        queue.push(t);
      };
      if (flow === 'branch') {
        jumpTo((v + imm) | 0);
        leaders.add(next);
      } else if (flow === 'jal' || flow === 'jalr') {
        const target = flow === 'jal' ? (v + imm) | 0 : known.has(rs1) ? ((known.get(rs1)! + imm) & ~1) | 0 : undefined;
        if (target !== undefined) {
          if (rd !== 32) (leaders.add(target), calls.push(target), callees.add(target));
          else jumpTo(target);
          if (flow === 'jalr') landings.add(target);
        }
        if (rd !== 32) jumpTo(next), landings.add(next); // a call: its return point
        break;
      } else if (flow === 'ecall') {
        // Where a completed call goes on: a block of its own — in S-mode and M-mode code. A call from U-mode
        // goes to the kernel (only a trapped, deprivileged kernel's is completed below, the slow mode anyway);
        // taking in what follows it made user regions worse (a paravirtual getpid 1.25x native, 1.0x without).
        if (fetchSet === 1) break;
        leaders.add(next);
      }
      else if (flow !== 'next') break; // trap, xret
      const name = NAME_OF_ID[id];
      if (name === 'lui') known.set(rd, imm);
      else if (name === 'auipc') known.set(rd, (v + imm) | 0);
      else if (name === 'addi' && known.has(rs1)) known.set(rd, (known.get(rs1)! + imm) | 0);
      else known.delete(rd);
      if ((next & 0xfff) === 0) leaders.add(next); // a new page: a block of its own
      v = next;
    }
    if (!insns.has(v) && insns.size >= maxInstructions) cut.add(v);
  }
  for (const v of [...queue.slice(q), ...calls]) cut.add(v);
  if (!insns.has(pc | 0)) return undefined;
  const keep = new Set<number>([pc | 0, ...seeds]);
  let blocks = cutBlocks(insns, leaders);
  // A loop's tail without its head would split the loop between two regions for good: each iteration
  // would leave one for the other. Such a tail is held by whichever region holds the head (or becomes
  // one with it) instead: a block whose jump goes back to code this region does not hold is left out.
  // (Found in the paravirtual kernel: the region of `walk` had taken in, by its hot return points,
  // the tails of uvm_free's and uvm_copy's loops but not their heads, 2 region entries an iteration.)
  for (let pruned = true; pruned; ) {
    pruned = false;
    for (const b of blocks) {
      const last = b.insns[b.insns.length - 1];
      const t = backTarget(last);
      if (t !== undefined && !insns.has(t) && !keep.has(b.pc)) {
        for (const i of b.insns) insns.delete(i.pc);
        pruned = true;
      }
    }
    if (pruned) blocks = cutBlocks(insns, leaders);
  }
  // An innermost loop held in part — the size cap cut its body — would leave the region on every turn
  // that takes the missing path: held whole or not at all (another region then holds it whole from its head).
  // (Found in fork: a region of kalloc's, grown by its return points in uvm_copy, held uvm_copy's inner
  // loop but for the branch after its load; 2,250 exits a fork, and a region of five instructions at
  // that branch ran the other half.)
  for (let pruned = true; pruned; ) {
    pruned = false;
    for (const b of blocks) {
      const last = b.insns[b.insns.length - 1];
      const t = backTarget(last);
      if (t === undefined || !insns.has(t) || !partial(insns, cut, t, last.pc)) continue;
      const span = [...insns.keys()].filter((v) => (v >>> 0) >= (t >>> 0) && (v >>> 0) <= (last.pc >>> 0));
      if (span.includes(pc | 0)) continue; // the region is entered there: it keeps what it has
      // Innermost loops only: an outer loop cut is left for one exit a turn of it, and leaving it out
      // with its inner loops had compiled code made twice (core-bench's first run: 1.3 -> 3.4 s).
      if (span.some((v) => v !== last.pc && backTarget(insns.get(v)!) !== undefined)) continue;
      for (const v of span) insns.delete(v);
      pruned = true;
      break;
    }
    if (pruned) blocks = cutBlocks(insns, leaders);
  }
  if (!insns.has(pc | 0)) return undefined;
  return { entryPc: pc | 0, blocks, pages, landings, absorbed, instructions: insns.size };
}

/**
 * Whether the loop from `head` back from `end` is held in part: an
 * instruction of it held goes on (falls through, branches, jumps or
 * returns from a call) to a place inside the loop's addresses that the
 * size cap left out (`cut`; code that never ran is left out by design).
 */
function partial(insns: ReadonlyMap<number, Insn>, cut: ReadonlySet<number>, head: number, end: number): boolean {
  const inside = (v: number) => (v >>> 0) >= (head >>> 0) && (v >>> 0) <= (end >>> 0);
  for (const [v, i] of insns) {
    if (!inside(v)) continue;
    const flow = FLOW[i.id], next = (v + i.len) | 0, target = (v + i.imm) | 0;
    const goes = flow === 'next' || flow === 'ecall' || flow === 'branch' || ((flow === 'jal' || flow === 'jalr') && i.rd !== 32) ? [next] : [];
    if (flow === 'branch' || (flow === 'jal' && i.rd === 32)) goes.push(target);
    if (goes.some((g) => inside(g) && !insns.has(g) && cut.has(g))) return true;
  }
  return false;
}

/** Where `i` jumps back to (a branch or a jump without a link to a lower address), if it does. */
function backTarget(i: Insn): number | undefined {
  const flow = FLOW[i.id];
  if (flow !== 'branch' && !(flow === 'jal' && i.rd === 32)) return undefined;
  const t = (i.pc + i.imm) | 0;
  return (t >>> 0) < (i.pc >>> 0) ? t : undefined;
}

/** The explored code cut into blocks at leaders and after control transfers, in address order. */
function cutBlocks(insns: ReadonlyMap<number, Insn>, leaders: ReadonlySet<number>): BlockPlan[] {
  const blocks: BlockPlan[] = [];
  const starts = [...insns.keys()].sort((a, b) => (a >>> 0) - (b >>> 0));
  let cur: Insn[] | undefined;
  const close = (fallthrough: number | undefined) => {
    if (cur) blocks.push({ pc: cur[0].pc, insns: cur, fallthrough });
    cur = undefined;
  };
  for (const v of starts) {
    const i = insns.get(v)!;
    if (cur && leaders.has(v)) close(v);
    cur ??= [];
    cur.push(i);
    const flow = FLOW[i.id];
    const next = (v + i.len) | 0;
    if (flow === 'next') {
      if (!insns.has(next)) close(next); // the edge of what the region holds
    } else close(flow === 'branch' || flow === 'ecall' ? next : undefined);
  }
  close(undefined);
  return blocks;
}

export { ILLEGAL };
