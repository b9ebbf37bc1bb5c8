/**
 * front/relax.ts: every fragment's final size and offset. A conditional
 * branch keeps its 4-byte form while its target is within ±4 KiB in the
 * same section, and grows to `b<inverse> +8; jal` otherwise (GNU as's
 * relaxed_branch_length); alignment pads to the next boundary.
 */
import test from 'ava';
import type { Frag } from '../../src/front/sections.js';
import { firstPass } from './_helpers/first-pass.js';

const frags = (text: string, section = '.text'): Frag[] => firstPass(text).fa.sections.get(section)!.frags;
const branchSizes = (text: string) => frags(text).filter((f) => f.k === 'branch').map((f) => f.size);

test('a near branch stays short; a far one grows, forward and backward, at the exact reach', (t) => {
  t.deepEqual(branchSizes('beq a0, a1, 1f\n.space 100\n1: nop'), [4]);
  t.deepEqual(branchSizes('beq a0, a1, 1f\n.space 5000\n1: nop'), [8]);
  t.deepEqual(branchSizes('1: nop\n.space 5000\nbne a0, a1, 1b'), [8]);
  t.deepEqual(branchSizes('beq a0, a1, 1f\n.space 4092\n1: nop'), [8], 'delta 4096: one past the reach (-4096 ≤ delta < 4096)');
});

test('the reach edge, both ways', (t) => {
  t.deepEqual(branchSizes('beq a0, a1, 1f\n.space 4088\n1: nop'), [4], 'delta 4092');
  t.deepEqual(branchSizes('1: .space 4096\nbeq a0, a1, 1b'), [4], 'delta -4096');
  t.deepEqual(branchSizes('1: .space 4100\nbeq a0, a1, 1b'), [8], 'delta -4100');
});

test('a branch grows when an earlier one grew and pushed its target out of reach (sizes only grow)', (t) => {
  const text2 = 'beq a0, a1, 1f\nbeq a0, a1, 3f\n.space 4084\n1: nop\n.space 5000\n3: nop';
  t.deepEqual(branchSizes(text2), [8, 8], 'the second grows, which pushes the first one\'s target past its reach');
});

test('a branch to another section, a weak symbol or an undefined one takes the long form', (t) => {
  t.deepEqual(branchSizes('beq a0, a1, elsewhere\n.data\nelsewhere: .word 0'), [8]);
  t.deepEqual(branchSizes('.weak w\nbeq a0, a1, w\nw: nop'), [8]);
  t.deepEqual(branchSizes('beq a0, a1, undefined_symbol'), [8]);
});

test('offsets follow the sizes; alignment pads from the final offset; the section ends at its size', (t) => {
  const f = frags('beq a0, a1, 1f\n.space 5000\n1: nop\n.p2align 4\nnop');
  const branch = f.find((x) => x.k === 'branch')!;
  const align = f.find((x) => x.k === 'align' && x.alignment === 16)!;
  t.is(branch.size, 8);
  t.is(align.offset, 8 + 5000 + 4);
  t.is(align.size, (16 - ((8 + 5000 + 4) % 16)) % 16);
  const s = firstPass('beq a0, a1, 1f\n.space 5000\n1: nop\n.p2align 4\nnop').fa.sections.get('.text')!;
  t.is(s.size, f.reduce((n, x) => n + x.size, 0));
});

test('.space of a label difference is sized here; a count that never becomes constant is an error', (t) => {
  const f = frags('.space 2f - 1f\n1: nop\n2: nop');
  t.deepEqual(f.filter((x) => x.k === 'space').map((x) => x.size), [4]);
  const { diags } = firstPass('.space undefined_count\nnop');
  t.deepEqual(diags.items.map((d) => d.message), ['.space/.fill count is not a constant']);
});

// ---- with the C extension --------------------------------------------------------

const rvc = (text: string) => firstPass(text, { march: 'rv32imac_zicsr_zifencei' }).fa.sections.get('.text')!.frags
  .filter((f) => f.k === 'branch' || f.k === 'jump').map((f) => f.size);

test('a compressed branch is 2 bytes within -256..254, 4 within ±4 KiB, 6 beyond; a jump 2 within ±2 KiB, else 4', (t) => {
  t.deepEqual(rvc('beqz s0, 1f\n.space 252\n1: nop'), [2], 'delta 254');
  t.deepEqual(rvc('beqz s0, 1f\n.space 254\n1: nop'), [4], 'delta 256');
  t.deepEqual(rvc('1: .space 256\nbeqz s0, 1b'), [2], 'delta -256');
  t.deepEqual(rvc('beqz s0, 1f\n.space 5000\n1: nop'), [6]);
  t.deepEqual(rvc('j 1f\n.space 2044\n1: nop'), [2], 'delta 2046');
  t.deepEqual(rvc('j 1f\n.space 2046\n1: nop'), [4], 'delta 2048');
  t.deepEqual(rvc('j 1f\n.space 9000\n1: nop'), [4], 'a jump is assumed to reach');
  t.deepEqual(rvc('beqz s0, elsewhere\nj elsewhere\n.data\nelsewhere:'), [8, 4], 'another section: the worst for a branch, a jal for a jump');
});

test("GNU's relaxation order: a fragment re-measured after a later one grew", (t) => {
  // The second branch grows from 2 to 6 bytes in the first pass; the first then sees its target 256 on.
  t.deepEqual(rvc('beqz s0, 1f\nbeqz s1, 2f\n.space 248\n1: nop\n.space 5000\n2: nop'), [4, 6]);
});
