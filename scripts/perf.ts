/**
 * `npm run bench`: the project's own performance targets (scripts/perf/targets.ts),
 * each measured and printed with `met` or `MISSED`. A benchmark, not a test: it
 * never fails a build. (The product's benchmark, of guest kernels, is `pvlab bench`,
 * hypervisor/src/bench; the kernel and hypervisor figures here come from its harness.)
 */
import { BENCH_WORKLOAD_NAMES, runBench } from '@pvlab/hypervisor';
import { benchAssembler } from './perf/assembler.js';
import { kernelLines, resetToPrompt } from './perf/kernel.js';
import { benchMachine } from './perf/machine.js';
import { targetNote } from './perf/targets.js';
import { exitCosts, vmmLines } from './perf/vmm.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log('pvlab performance targets (timings are of this machine, now)\n');
const a = benchAssembler();
console.log('assembler: generated program, end to end (parse, macros, layout, encode, ELF), best of 10 after 3 warm-up runs; GNU: best of 10');
console.log(`  lines:              ${fmt(a.lines)}`);
console.log(`  pvlab:              ${a.bestMs.toFixed(0)} ms = ${fmt(a.linesPerSecond)} lines/s   ${targetNote('assemblerLinesPerSecond', a.linesPerSecond)}`);
if (a.gnuLinesPerSecond) {
  console.log(`  GNU as + ld:        ${a.gnuMs!.toFixed(0)} ms = ${fmt(a.gnuLinesPerSecond)} lines/s`);
  console.log(`  ratio pvlab / GNU:  ${(a.linesPerSecond / a.gnuLinesPerSecond).toFixed(2)}`);
} else console.log('  GNU as: not installed (install binutils-riscv64-unknown-elf for the comparison)');

console.log('');
const m = benchMachine();
if (!m) console.log('board: the CPU benchmark program is not built (hypervisor/test/machine/_programs/bench/build.sh); its targets are not measured');
else {
  const paged = (m.pagedMips / m.bareMips) * 100;
  console.log(`board: ${m.program}, ${fmt(m.instructions)} instructions, best of 2`);
  console.log(`  paging off, compiled blocks:   ${m.bareMs.toFixed(0)} ms = ${fmt(m.bareMips)} MIPS   ${targetNote('boardMips', m.bareMips)}`);
  console.log(`  paging off, interpreter only:  ${m.interpMs.toFixed(0)} ms = ${fmt(m.interpMips)} MIPS`);
  console.log(`  Sv32 paging on, blocks:        ${m.pagedMs.toFixed(0)} ms = ${fmt(m.pagedMips)} MIPS = ${paged.toFixed(0)}% of paging off   ${targetNote('pagedShare', paged)}`);
  if (m.qemuMs) console.log(`  qemu-system-riscv32:           ${m.qemuMs.toFixed(0)} ms wall (incl. start-up) — pvlab / QEMU time ratio ${(m.qemuMs / m.bareMs).toFixed(2)}`);
}

// The kernel and hypervisor figures: one run of the product's benchmark harness, native and trapped.
const result = runBench({ workloads: BENCH_WORKLOAD_NAMES, modes: ['native', 'trap'], repeat: 3 });
console.log('');
console.log(kernelLines(result, resetToPrompt()).join('\n'));
console.log('');
console.log(vmmLines(exitCosts(), result).join('\n'));
