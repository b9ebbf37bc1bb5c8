/**
 * A region's JavaScript stays under REGION_LIMITS.source (V8 optimises
 * small functions soon and large ones late or never): code dense in loads,
 * stores and calls — kernel code's kind — that would make one huge region
 * is compiled as several under the cap, and computes exactly what the
 * interpreter computes. Every `jalr` of a region shares one dispatch, so
 * returns to many call sites do not multiply a region's size. Region
 * functions are shared by source between boards (codegen.ts, functionOf).
 */
import test from 'ava';
import { FUNCTION_BYTES, REGION_LIMITS, functionStats, useCompiler } from '@pvlab/hypervisor';
import { runSnippet } from '../_helpers/hart-run.js';

// A loop over 240 blocks of loads and stores (each a call of a leaf function that returns to its
// caller: 240 return points), summing into a0, run 50 times.
const body = Array.from({ length: 240 }, (_, i) => `
  lw t1, ${(i % 64) * 4}(s1)
  add t1, t1, s2
  sw t1, ${(i % 64) * 4}(s1)
  lbu t2, ${i % 64}(s1)
  sh t2, ${256 + (i % 32) * 2}(s1)
  call leaf`).join('');
const PROGRAM = `
  li s1, 0x80100000
  li s2, 0
  li a0, 0
  li s3, 50
loop:
${body}
  addi s2, s2, 1
  addi s3, s3, -1
  bnez s3, loop
  ebreak
leaf:
  add a0, a0, t1
  xor a0, a0, t2
  ret
`;

test.serial('code dense in memory accesses and calls is compiled in regions under the source cap, with the interpreter\'s results', (t) => {
  useCompiler(false);
  const plain = runSnippet(PROGRAM, { maxInstructions: 5_000_000 });
  useCompiler(true, { hot: 1 });
  try {
    const compiled = runSnippet(PROGRAM, { maxInstructions: 5_000_000 });
    t.deepEqual([...compiled.hart.x].slice(0, 32), [...plain.hart.x].slice(0, 32)); // x[32] is the sink of writes to x0
    t.is(compiled.hart.retired(), plain.hart.retired());
    t.deepEqual(compiled.traps, plain.traps);
    t.deepEqual(compiled.bus.u8.slice(0x100000, 0x100000 + 512), plain.bus.u8.slice(0x100000, 0x100000 + 512));
    const code = compiled.hart.code;
    t.true(code.compiled > 1, 'the code does not fit one region');
    t.true(code.largest <= REGION_LIMITS.source, `largest region ${code.largest} characters`);
    t.true(code.largest > REGION_LIMITS.source / 2, `largest region ${code.largest} characters: regions are not made needlessly small`);
  } finally {
    useCompiler(true);
  }
});

test.serial('a second board running the same code gets the region functions the first one made, and computes the same', (t) => {
  useCompiler(true, { hot: 1 });
  try {
    const first = runSnippet(PROGRAM, { maxInstructions: 5_000_000 });
    const before = functionStats.hits;
    const second = runSnippet(PROGRAM, { maxInstructions: 5_000_000 });
    // Most, not all: a region's size is planned from what the board's last regions made a character an
    // instruction, and places get hot on the second board sooner (heat is the process's, code-cache.ts),
    // so it meets its regions in another order and plans some of them otherwise.
    t.true(functionStats.hits - before >= second.hart.code.compiled * 0.75, `${functionStats.hits - before} of ${second.hart.code.compiled} regions found made`);
    t.deepEqual([...second.hart.x].slice(0, 32), [...first.hart.x].slice(0, 32));
    t.is(second.hart.retired(), first.hart.retired());
    t.true(functionStats.bytes <= FUNCTION_BYTES);
  } finally {
    useCompiler(true);
  }
});
