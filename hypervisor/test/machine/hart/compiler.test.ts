/**
 * The region compiler changes nothing a program can see: every ISA program
 * gives the same transcript, exit code and instruction and cycle counts
 * interpreted only, compiled once hot (after 1,000 instructions: the default,
 * a million, would leave such short runs interpreted), and compiled at once — and run in small slices, so that compiled code starts
 * and stops at arbitrary points. Code that rewrites itself runs its new
 * bytes. Compressed code too (the C extension): rvc/*.s and gcc's rv32imac
 * builds of _programs/c/, with their devices and disks. (The kernel's
 * scripted session: test/boot/compiler.test.ts.)
 */
import test from 'ava';
import { Machine, runBare, useCompiler, type BareRun } from '@pvlab/hypervisor';
import { PROGRAMS, buildProgram } from '../_programs/build.js';
import { RVC_PROGRAMS, buildRvcProgram } from '../_programs/rvc/build.js';
import { C_CASES, runPvlab } from '../_programs/c/cases.js';
import { runSnippet } from '../_helpers/hart-run.js';

const ways: [string, () => void][] = [
  ['interpreter only', () => useCompiler(false)],
  ['compiled when hot (1,000 instructions)', () => useCompiler(true, { hot: 1000 })],
  ['compiled at once', () => useCompiler(true, { hot: 1 })],
];
const seen = (r: BareRun) => [r.output, r.instructions, r.cycles, r.exitCode, r.stop];

test.serial('every ISA program runs identically interpreted and compiled', (t) => {
  for (const name of PROGRAMS) {
    const elf = buildProgram(name);
    const runs = ways.map(([, set]) => (set(), runBare(elf)));
    for (let i = 1; i < runs.length; i++) t.deepEqual(seen(runs[i]), seen(runs[0]), `${name}: ${ways[i][0]}`);
  }
  useCompiler(true);
});

test.serial('every compressed program runs identically interpreted and compiled', (t) => {
  for (const name of RVC_PROGRAMS) {
    const elf = buildRvcProgram(name);
    const runs = ways.map(([, set]) => (set(), runBare(elf)));
    t.truthy(runs[0].output);
    for (let i = 1; i < runs.length; i++) t.deepEqual(seen(runs[i]), seen(runs[0]), `${name}: ${ways[i][0]}`);
  }
  for (const c of C_CASES.filter((x) => x.isa === 'rv32imac')) {
    const runs = ways.map(([, set]) => {
      set();
      const r = runPvlab(c);
      return [r.output, r.exitCode, [...r.disks.values()].map((d) => Buffer.from(d).toString('base64')), r.machine.hart.retired(), r.machine.hart.cycles()];
    });
    t.truthy(runs[0][0]);
    for (let i = 1; i < runs.length; i++) t.deepEqual(runs[i], runs[0], `${c.name}: ${ways[i][0]}`);
  }
  useCompiler(true);
});

test.serial('compiled code stopped at arbitrary points (runs of 1 to 97 steps) ends where one long run does', (t) => {
  for (const name of ['interrupts', 'sv32', 'privilege', 'loads-stores'] as const) {
    const elf = buildProgram(name);
    useCompiler(true, { hot: 1 });
    const whole = runBare(elf);
    let output = '';
    const m = new Machine({ output: (c) => (output += String.fromCharCode(c)) });
    m.loadElf(elf);
    let slice = 1;
    for (let r = m.run(slice); r.stop === 'budget'; r = m.run(slice)) slice = (slice * 7) % 97 || 1;
    t.deepEqual([output, m.hart.retired(), m.hart.cycles()], [whole.output, whole.instructions, whole.cycles], name);
  }
  for (const name of RVC_PROGRAMS) {
    const elf = buildRvcProgram(name);
    useCompiler(true, { hot: 1 });
    const whole = runBare(elf);
    let output = '';
    const m = new Machine({ output: (c) => (output += String.fromCharCode(c)) });
    m.loadElf(elf);
    let slice = 1;
    for (let r = m.run(slice); r.stop === 'budget'; r = m.run(slice)) slice = (slice * 7) % 97 || 1;
    t.deepEqual([output, m.hart.retired(), m.hart.cycles()], [whole.output, whole.instructions, whole.cycles], name);
  }
  useCompiler(true);
});

test.serial('a store into compiled code takes effect the next time it runs', (t) => {
  useCompiler(true, { hot: 1 });
  const r = runSnippet(`
  li s0, 0
  li s1, 3
loop:
  jal ra, body
  addi s1, s1, -1
  bnez s1, loop
  ebreak
body:
  addi s0, s0, 1          # rewritten to addi s0, s0, 100 after the first call
  la t0, body
  li t1, 0x06440413       # addi s0, s0, 100
  sw t1, 0(t0)
  fence.i
  ret`);
  useCompiler(true);
  t.is(r.hart.x[8], 1 + 100 + 100);
});

test.serial('a store into the running region ends it after the store: the next instruction is the new one', (t) => {
  useCompiler(true, { hot: 1 });
  // The loop body rewrites its own next instruction on the third pass.
  const r = runSnippet(`
  li s0, 0
  li s1, 5
  la t0, patch
  li t1, 0x06440413       # addi s0, s0, 100
loop:
  addi s1, s1, -1
  bne s1, x0, 1f
  j done
1:
  li t2, 2
  bne s1, t2, patch
  sw t1, 0(t0)
patch:
  addi s0, s0, 1
  j loop
done:
  ebreak`);
  useCompiler(true);
  t.is(r.hart.x[8], 1 + 1 + 100 + 100);
});

test.serial('compiled code reads the counters as the interpreter does: the instruction running counts, the CSR itself not yet', (t) => {
  // A hot loop that reads minstret and mcycle and stores each pair: compiled after its first pass.
  const program = `
  li s0, 40
  la s1, out
loop:
  csrr t0, minstret
  addi t2, t2, 1
  csrr t1, mcycle
  sw t0, 0(s1)
  sw t1, 4(s1)
  addi s1, s1, 8
  addi s0, s0, -1
  bnez s0, loop
  ebreak
  .data
out: .space 320`;
  const words = (on: boolean) => {
    useCompiler(on, { hot: 1 });
    const r = runSnippet(program);
    const out = r.sym('out');
    return Array.from({ length: 80 }, (_, i) => r.bus.read(out + 4 * i, 4));
  };
  const interpreted = words(false), compiled = words(true);
  useCompiler(true);
  t.deepEqual(compiled, interpreted);
  t.is(interpreted[2]! - interpreted[0]!, 8, 'eight instructions a pass');
});
