/**
 * The board's benchmark programs — compiled C, gcc -O2 for RV32IM, and the
 * same sources for RV32IMAC (compressed code, on the default rv32imac hart)
 * — run to their self-checked results with the region compiler, retiring
 * exactly the instructions build.sh documents (cpu-bench's count agrees with
 * QEMU's -icount measurement; compression changes no instruction's count).
 * A long run of general compiled code: calls and returns through jalr, a
 * switch compiled to a jump table, function pointers, division, memory
 * loops, data sharing lines with code.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { runBare, useCompiler } from '@pvlab/hypervisor';

const BENCH = new URL('../_programs/bench/', import.meta.url);

for (const [name, instructions, last] of [
  ['cpu-bench.elf', 1_499_898_936, 'cpu-bench: pass\n'],
  ['core-bench.elf', 732_580_189, 'core-bench: pass\n'],
  ['cpu-bench.rvc.elf', 1_499_898_936, 'cpu-bench: pass\n'],
  ['core-bench.rvc.elf', 732_580_189, 'core-bench: pass\n'],
] as const) {
  test.serial(`${name} passes, compiled, in ${instructions.toLocaleString('en-US')} instructions`, (t) => {
    useCompiler(true);
    const r = runBare(readFileSync(new URL(name, BENCH)), { maxInstructions: 2e9 });
    t.is(r.stop, 'finisher');
    t.is(r.exitCode, 0, r.output);
    t.true(r.output.endsWith(last));
    t.is(r.instructions, instructions);
  });
}
