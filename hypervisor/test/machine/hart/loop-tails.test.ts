/**
 * A region never holds a loop's tail without its head (jit/region.ts): a
 * region planned from a function with its caller's return point as a seed
 * (as a hot `ret` makes it) takes in the caller's code after the call; when
 * the size cap stops it before the loop's head, the tail block that jumps
 * back is left out, to be held with its head, instead of splitting the loop
 * between two regions (each iteration would leave one region for the other).
 */
import test from 'ava';
import { useCompiler } from '@pvlab/hypervisor';
import { planRegion, type RegionPlan } from '../../../src/machine/hart/jit/region.js';
import { runSnippet } from '../_helpers/hart-run.js';

const PROGRAM = `
  li s0, 50
head:
  mv a0, s0
  call f
back:
  andi t0, a0, 1
  beqz t0, tail
  addi s1, s1, 1
tail:
  addi s0, s0, -1
  bnez s0, head
  ebreak
f:
  addi a0, a0, 3
  ret
`;

const starts = (plan: RegionPlan) => plan.blocks.map((b) => b.pc | 0);

test.serial('a loop tail whose head the cap leaves out is left out too; with room, the loop is held whole', (t) => {
  useCompiler(false); // the interpreter runs it all: every instruction is decoded, none compiled
  try {
    const run = runSnippet(PROGRAM, { maxInstructions: 10_000 });
    const at = (name: string) => run.sym(name) | 0;
    const plan = (cap: number) => planRegion(run.hart, at('f'), -1, [at('f'), at('back')], () => undefined, cap)!;

    const whole = plan(64);
    t.true(starts(whole).includes(at('head')), 'with room the loop head is taken in');
    t.true(starts(whole).includes(at('tail')));

    // f (2), back's straight line to the loop's branch (5) and the ebreak after it (1): the head is not reached.
    const capped = plan(8);
    t.false(starts(capped).includes(at('head')), 'the cap stops before the head');
    t.true(starts(capped).includes(at('back')), 'the seed is held');
    t.false(starts(capped).includes(at('tail')), 'the tail that jumps back to the head is not held without it');
    t.is(capped.instructions, capped.blocks.reduce((n, b) => n + b.insns.length, 0));
  } finally {
    useCompiler(true);
  }
});

test.serial('a region grows from the plan of the one it replaces, even where this board\'s interpreter never ran the code', (t) => {
  // A region made from a recipe (jit/recipes.ts) runs compiled from the first time: its code never goes
  // through the interpreter, so the decode cache, which planning takes code from, does not hold it. Growing
  // it by a seed (code-cache.ts, extend) then planned nothing, the region was dropped, and the next board
  // compiled another from scratch: new code for V8 on every board.
  useCompiler(false);
  try {
    const run = runSnippet(PROGRAM, { maxInstructions: 10_000 });
    const at = (name: string) => run.sym(name) | 0;
    const plan = (before?: RegionPlan) => planRegion(run.hart, at('f'), -1, [at('f'), at('back')], () => undefined, 64, before);
    const whole = plan()!;
    run.hart.decoded.clear();
    t.is(plan(), undefined, 'nothing decoded: nothing to plan from');
    const again = plan(whole);
    t.deepEqual(again && starts(again), starts(whole), 'the same blocks, from the plan it grows from');
    t.is(again?.instructions, whole.instructions);
  } finally {
    useCompiler(true);
  }
});
