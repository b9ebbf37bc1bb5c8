/**
 * Recipes (jit/recipes.ts): code compiled once is compiled on arrival when it
 * is met again at the same virtual address — here on a fresh board, in other
 * physical pages, as a program exec'd again is — and computes exactly what
 * the interpreter computes; code changed at that address is not taken for it.
 */
import test from 'ava';
import { useCompiler } from '@pvlab/hypervisor';
import { RECIPE_LIMITS, forgetRecipes, keepRecipe, recipeSources, recipeStats, recipesAt, supersede, type Recipe } from '../../../src/machine/hart/jit/recipes.js';
import { loadSnippet } from '../_helpers/hart-run.js';

/**
 * M-mode maps virtual 0x4000_0000 to the page `code` (`pad` pages after the
 * page tables, so each board can have it elsewhere physically) and enters it
 * in S-mode under Sv32; the loop there runs too few times to become hot by
 * itself, and ends with an ebreak the monitor stops on.
 */
const program = (pad: number, step: number) => `
  la t0, root
  la t1, l0
  srli t2, t1, 12
  slli t2, t2, 10
  ori t2, t2, 1
  li t3, 0x100 * 4
  add t3, t0, t3
  sw t2, 0(t3)
  la t1, code
  srli t2, t1, 12
  slli t2, t2, 10
  ori t2, t2, 0xcb
  la t3, l0
  sw t2, 0(t3)
  srli t0, t0, 12
  li t1, 0x80000000
  or t0, t0, t1
  csrw satp, t0
  sfence.vma
  li t0, 0x1800
  csrc mstatus, t0
  li t0, 0x0800
  csrs mstatus, t0
  li t0, 0x40000000
  csrw mepc, t0
  li t3, 0
  mret
  .balign 4096
root: .skip 4096
l0: .skip 4096
  .skip ${pad * 4096}
code:
  li t0, 0
  li t1, 400
1: addi t0, t0, ${step}
  xor t2, t0, t1
  add t3, t3, t2
  addi t1, t1, -1
  bnez t1, 1b
  ebreak
`;

/** Run the program on a fresh board; its results, instructions, and regions compiled. */
function run(pad: number, step: number) {
  const s = loadSnippet(program(pad, step));
  s.go();
  const x = s.hart.x;
  return { t0: x[5], t3: x[28], retired: s.hart.retired(), compiled: s.hart.code.compiled, stop: s.traps[0]?.[0] };
}

test.serial('code compiled on one board is compiled on arrival on the next, in other physical pages, with the interpreter\'s results', (t) => {
  useCompiler(false);
  const plain = run(3, 3);
  t.is(plain.stop, 3, 'the loop ends at its ebreak');
  forgetRecipes();
  useCompiler(true);
  const cold = run(3, 3);
  t.is(cold.compiled, 0, 'too short to become hot by itself');
  useCompiler(true, { hot: 1 });
  const first = run(0, 3);
  t.true(first.compiled >= 1);
  useCompiler(true);
  const used = recipeStats.used;
  const again = run(3, 3);
  useCompiler(true);
  t.true(again.compiled >= 1, 'compiled on arrival from the recipe');
  t.true(recipeStats.used > used);
  for (const r of [cold, first, again]) t.deepEqual({ ...r, compiled: 0 }, { ...plain, compiled: 0 });
});

test.serial('other code at the same virtual address is not taken for the recipe\'s', (t) => {
  forgetRecipes();
  useCompiler(true, { hot: 1 });
  run(0, 3);
  useCompiler(false);
  const plain = run(3, 5);
  useCompiler(true);
  const refused = recipeStats.refused;
  const other = run(3, 5);
  t.is(other.compiled, 0, 'the recipe does not fit this code');
  t.true(recipeStats.refused > refused);
  t.deepEqual({ ...other, compiled: 0 }, { ...plain, compiled: 0 });
  t.not(plain.t3, run(3, 3).t3);
});

test.serial('recipes are bounded: code without end (a guest writing new code forever) never holds more than the limits', (t) => {
  forgetRecipes();
  const insn = (pc: number) => ({ pc, pa: pc, len: 4, id: 0, rd: 0, rs1: 0, rs2: 0, imm: 0, word: pc });
  let most = 0;
  for (let k = 0; k < 3 * (RECIPE_LIMITS.instructions / 512); k++) {
    const base = 0x1000_0000 + k * 0x1000;
    const insns = Array.from({ length: 512 }, (_, i) => insn(base + 4 * i));
    const plan = { entryPc: base, blocks: [{ pc: base, insns, fallthrough: undefined }], pages: new Map([[base, 0]]), landings: new Set<number>(), absorbed: new Set<never>(), instructions: 512 };
    keepRecipe({ plan, source: 'x'.repeat(4096), seeds: [base], variant: 4, misa: 0, ialign: 3, ramBase: 0x80000000, ramSize: 1 << 20 });
    most = Math.max(most, recipeStats.instructions);
    t.true(recipeStats.source <= RECIPE_LIMITS.source);
  }
  t.true(most <= RECIPE_LIMITS.instructions && most > RECIPE_LIMITS.instructions / 2, `at most ${most} instructions held`);
  forgetRecipes();
});

test.serial('a region taken over is forgotten: a fresh board makes the region that took it over, not the old one again', (t) => {
  forgetRecipes();
  const insn = (pc: number) => ({ pc, pa: pc, len: 4, id: 0, rd: 0, rs1: 0, rs2: 0, imm: 0, word: pc });
  const recipe = (pcs: number[]): Recipe => ({
    plan: { entryPc: pcs[0], blocks: pcs.map((pc) => ({ pc, insns: [insn(pc)], fallthrough: undefined })), pages: new Map([[0x1000_0000, 0]]), landings: new Set<number>(), absorbed: new Set<never>(), instructions: pcs.length },
    source: `x${pcs.length}`, seeds: [pcs[0]], variant: 4, misa: 0, ialign: 3, ramBase: 0x80000000, ramSize: 1 << 20,
  });
  const small = recipe([0x1000_0000, 0x1000_0010]);
  const big = recipe([0x1000_0000, 0x1000_0010, 0x1000_0020]); // took `small` over (absorbed it, or grew it by a seed)
  keepRecipe(small);
  keepRecipe(big);
  t.deepEqual(recipesAt(0x1000_0010, 4), [big, small]);
  t.is(recipeStats.instructions, 5);
  supersede(small);
  for (const pc of [0x1000_0000, 0x1000_0010, 0x1000_0020]) t.deepEqual(recipesAt(pc, 4), [big], `at ${pc.toString(16)}`);
  t.is(recipeStats.instructions, 3, 'what it held no longer counts against the limits');
  t.deepEqual([...recipeSources()], [big.source], 'the sources whose functions are kept when room is made (codegen.ts)');
  supersede(big);
  supersede(big); // twice: nothing more
  for (const pc of [0x1000_0000, 0x1000_0010, 0x1000_0020]) t.deepEqual(recipesAt(pc, 4), []);
  t.is(recipeStats.instructions, 0);
  forgetRecipes();
});
