/**
 * A loop is held by one region whole, or by none (jit/region.ts, jit/code-cache.ts):
 *  - a plan whose size cap cut a loop's body, with the loop's head and its
 *    jump back held, leaves the loop out (every turn down the missing path
 *    would leave the region, and a region made there would split the loop);
 *  - a place in the middle of another region's block (a timer tick's return
 *    lands there) does not become a region of its own.
 * Code inside the loop that never ran is left out by design, and does not
 * count as a cut.
 */
import test from 'ava';
import { useCompiler } from '@pvlab/hypervisor';
import { planRegion, type RegionPlan } from '../../../src/machine/hart/jit/region.js';
import { runSnippet } from '../_helpers/hart-run.js';

// A loop calling f and g; `back` (g's return point) is a seed of a region planned from f, as a hot
// `ret` makes it, so the loop's jump back is reached before its middle. `rare` never runs.
const PROGRAM = `
  li s0, 50
head:
  mv a0, s0
  call f
mid:
  andi t0, a0, 1
  bltz s0, rare
  addi t1, t1, 1
  addi t2, t2, 1
  addi t3, t3, 1
  call g
  j back
rare:
  addi s2, s2, 1
back:
  addi s0, s0, -1
  bnez s0, head
  ebreak
f:
  addi a0, a0, 3
  ret
g:
  addi a1, a1, 1
  ret
`;

const starts = (plan: RegionPlan) => plan.blocks.map((b) => b.pc | 0);
const holds = (plan: RegionPlan, pc: number) => plan.blocks.some((b) => b.insns.some((i) => i.pc === pc));

test.serial('a loop the size cap cut is left out whole; with room it is held whole, though code in it never ran', (t) => {
  useCompiler(false); // the interpreter runs it all: every instruction that ran is decoded
  try {
    const run = runSnippet(PROGRAM, { maxInstructions: 10_000 });
    const at = (name: string) => run.sym(name) | 0;
    const plan = (cap: number) => planRegion(run.hart, at('f'), -1, [at('f'), at('back')], () => undefined, cap)!;

    const whole = plan(64);
    for (const name of ['head', 'mid', 'back']) t.true(starts(whole).includes(at(name)), `${name} is held`);
    t.false(holds(whole, at('rare')), 'the path that never ran is not (an exit)');

    // f (2), back's line (3: addi, bnez, ebreak), head's (2), then mid's line is cut after 2 of its 5.
    const cut = plan(9);
    t.true(holds(cut, at('f')), 'the entry is held');
    for (const name of ['head', 'mid', 'back']) t.false(holds(cut, at(name)), `${name}: no part of the loop is held`);
    t.is(cut.instructions, cut.blocks.reduce((n, b) => n + b.insns.length, 0));
  } finally {
    useCompiler(true);
  }
});

test.serial('a hot place inside another region\'s block becomes no region of its own', (t) => {
  useCompiler(true, { hot: 1 });
  try {
    const run = runSnippet(PROGRAM, { maxInstructions: 10_000 });
    const code = run.hart.code, at = (name: string) => run.sym(name) | 0;
    const entry = code.entryAt(at('mid') >>> 0, at('mid'), 0);
    t.truthy(entry, 'mid is an entry of a region');
    const after = (at('mid') + 8) | 0; // addi t1: the block after the branch to rare
    const middle = (at('mid') + 12) | 0; // addi t2: inside that block
    t.truthy(code.entryAt(after >>> 0, after, 0), 'the block after the branch is an entry');
    const regions = code.regions;
    for (let k = 0; k < 3; k++) t.is(code.find(middle >>> 0, middle, 0), undefined, 'interpreted up to the next entry');
    t.is(code.regions, regions, 'nothing compiled');
    t.is(code.entryAt(middle >>> 0, middle, 0), undefined);
  } finally {
    useCompiler(true);
  }
});
