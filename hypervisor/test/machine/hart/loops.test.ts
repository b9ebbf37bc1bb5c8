/**
 * A loop of several blocks — an `if` inside a loop, as in a bitwise CRC —
 * is compiled as one JavaScript loop (codegen.ts, loopsOf): its inner
 * blocks are no entries of the region, and it computes exactly what the
 * interpreter computes, however the run is sliced (the budget is checked
 * before every block inside it too).
 */
import test from 'ava';
import { useCompiler } from '@pvlab/hypervisor';
import { loadSnippet, runSnippet } from '../_helpers/hart-run.js';

// CRC-32 (bit by bit) of 256 bytes of a counting pattern, 40 times: the inner loop is three blocks
// (test the low bit, the xor when it is set, count down), the xor block skipped half the time.
const PROGRAM = `
  li s1, 0x80100000
  li t0, 0
fill:
  add t1, s1, t0
  sb t0, 0(t1)
  addi t0, t0, 1
  li t1, 256
  blt t0, t1, fill
  li s4, 40
  li s3, -1
  li t5, 0xedb88320
round:
  mv t0, s1
  li t1, 256
byte:
  lbu t2, 0(t0)
  xor s3, s3, t2
  li t3, 8
bit:
  andi t4, s3, 1
  srli s3, s3, 1
  beqz t4, skip
xorit:
  xor s3, s3, t5
skip:
  addi t3, t3, -1
  bnez t3, bit
  addi t0, t0, 1
  addi t1, t1, -1
  bnez t1, byte
  addi s4, s4, -1
  bnez s4, round
  not a0, s3
  ebreak
`;

test.serial('a loop with an if inside runs as the interpreter runs it, and its inner blocks are no entries', (t) => {
  useCompiler(false);
  const plain = runSnippet(PROGRAM, { maxInstructions: 5_000_000 });
  useCompiler(true, { hot: 1 });
  try {
    const compiled = runSnippet(PROGRAM, { maxInstructions: 5_000_000 });
    t.deepEqual([...compiled.hart.x].slice(0, 32), [...plain.hart.x].slice(0, 32));
    t.is(compiled.hart.retired(), plain.hart.retired());
    t.deepEqual(compiled.traps, plain.traps);
    t.is(compiled.hart.x[10] >>> 0, plain.hart.x[10] >>> 0);
    const code = compiled.hart.code, at = (name: string) => compiled.sym(name) | 0;
    // Physical addressing in M-mode: variant 0, the pa is the pc.
    t.truthy(code.entryAt(at('bit') >>> 0, at('bit'), 0), 'the loop is entered at its head');
    t.is(code.entryAt(at('xorit') >>> 0, at('xorit'), 0), undefined, 'the xor block is inside the loop');
    t.is(code.entryAt(at('skip') >>> 0, at('skip'), 0), undefined, 'the count-down block is inside the loop');
  } finally {
    useCompiler(true);
  }
});

test.serial('compiled at once and run in slices of 1 to 13 steps: the same CRC and count as one run', (t) => {
  useCompiler(true, { hot: 1 });
  try {
    const whole = runSnippet(PROGRAM, { maxInstructions: 5_000_000 });
    const sliced = loadSnippet(PROGRAM);
    let k = 0;
    while (sliced.traps.length === 0 && sliced.hart.retired() < 5_000_000) sliced.go(1 + (k++ % 13));
    t.is(sliced.hart.x[10] >>> 0, whole.hart.x[10] >>> 0);
    t.is(sliced.hart.retired(), whole.hart.retired());
  } finally {
    useCompiler(true);
  }
});

// The same loop entered first in its middle (as where a timer interrupt returned): the region
// compiled there starts inside the loop. The loop is still one JavaScript loop, and the places
// entered from outside it get a copy of the blocks from them to the loop's end (its peel).
const ENTERED_INSIDE = PROGRAM.replace('  li t3, 8\nbit:', '  li t3, 8\n  j skip\nbit:');

test.serial('a loop first entered in its middle is still one loop, entered there through a copy of its tail', (t) => {
  useCompiler(false);
  const plain = runSnippet(ENTERED_INSIDE, { maxInstructions: 5_000_000 });
  useCompiler(true, { hot: 1 });
  try {
    const compiled = runSnippet(ENTERED_INSIDE, { maxInstructions: 5_000_000 });
    t.deepEqual([...compiled.hart.x].slice(0, 32), [...plain.hart.x].slice(0, 32));
    t.is(compiled.hart.retired(), plain.hart.retired());
    const code = compiled.hart.code, at = (name: string) => compiled.sym(name) | 0;
    const skip = code.entryAt(at('skip') >>> 0, at('skip'), 0);
    t.truthy(skip, 'the place it was entered at is an entry (the peel)');
    t.truthy(code.entryAt(at('bit') >>> 0, at('bit'), 0), 'the loop is entered at its head');
    t.is(code.entryAt(at('xorit') >>> 0, at('xorit'), 0), undefined, 'the xor block, before the peel, is inside the loop only');
    const head = skip!.region.entries.find((e) => e.pc === at('bit'))!.label;
    t.regex(skip!.region.fn.toString(), new RegExp(`case ${head}: L${head}: for \\(;;\\)`), 'the loop is a JavaScript loop');
  } finally {
    useCompiler(true);
  }
});

// A place inside a loop that a region already runs as one, made hot by arrivals from outside (where
// timer interrupts return): the interpreter takes it to the next entry; it is not made a region of
// its own, which took the loop's region over and ran the loop planned from inside it (compute's CRC
// paravirtualized and trapped, 10% slower than natively).
test.serial('arriving again and again inside a compiled loop makes no region there: the loop keeps its region', (t) => {
  useCompiler(true, { hot: 1 });
  try {
    const s = loadSnippet(PROGRAM);
    s.go(5_000_000);
    const code = s.hart.code, at = (name: string) => s.sym(name) | 0;
    const loop = code.entryAt(at('bit') >>> 0, at('bit'), 0)?.region;
    t.truthy(loop, 'the loop is compiled');
    t.is(code.entryAt(at('xorit') >>> 0, at('xorit'), 0), undefined, 'the xor block is inside it');
    const compiled = code.compiled;
    // Land on the xor block 200 times, as an interrupt's return would, and run a few bits each time.
    for (let k = 0; k < 200; k++) {
      s.hart.pc = at('xorit') >>> 0;
      s.hart.x[28] = 8; // t3: bits left in the byte
      s.go(20);
    }
    t.is(code.entryAt(at('xorit') >>> 0, at('xorit'), 0), undefined, 'still no entry there');
    t.is(code.entryAt(at('bit') >>> 0, at('bit'), 0)?.region, loop, 'the loop keeps its region');
    t.is(code.compiled, compiled, 'nothing was compiled');
  } finally {
    useCompiler(true);
  }
});
