/**
 * A region's indirect jump to a place outside it is a dispatch; a place left
 * for often is taken into the region at its next compile (code-cache.ts,
 * ExitCounts), one left for seldom is not: recompiling a hot region costs V8
 * its optimised code for a while, which rare exits do not repay.
 */
import test from 'ava';
import { useCompiler } from '@pvlab/hypervisor';
import { runSnippet } from '../_helpers/hart-run.js';

// A loop that calls `callee` through a pointer every `gap` turns of a busy inner loop (2 instructions a
// turn): the call's jalr leaves the caller's region for the callee's.
const program = (calls: number, gap: number) => `
  li s0, ${calls}
  la s1, callee
  li a0, 0
outer:
  li t0, ${gap}
busy:
  addi t0, t0, -1
  bnez t0, busy
  jalr ra, 0(s1)
  addi s0, s0, -1
  bnez s0, outer
  ebreak
callee:
  addi a0, a0, 1
  ret
`;

function together(calls: number, gap: number): boolean {
  const run = runSnippet(program(calls, gap), { maxInstructions: 20_000_000 });
  const code = run.hart.code, at = (name: string) => run.sym(name) | 0;
  if (run.hart.x[10] !== calls) throw new Error(`the program made ${run.hart.x[10]} calls of ${calls}`);
  const caller = code.entryAt(at('outer') >>> 0, at('outer'), 0), callee = code.entryAt(at('callee') >>> 0, at('callee'), 0);
  if (caller === undefined || callee === undefined) throw new Error('both places are compiled');
  return caller.region === callee.region;
}

test.serial('a place an indirect jump leaves for often is taken into the region; one it leaves for seldom is not', (t) => {
  useCompiler(true, { hot: 1 });
  try {
    // 200 calls, one every ~200 instructions: taken in after 32.
    t.true(together(200, 100), 'a call every 200 instructions');
    // 100 calls, one every ~60,000 instructions: 32 of them take 1.9 million instructions, past the window.
    t.false(together(100, 30_000), 'a call every 60,000 instructions');
  } finally {
    useCompiler(true);
  }
});
