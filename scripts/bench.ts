/**
 * `npm run bench`: every performance target of the project, measured and
 * printed with its target. A benchmark, not a test: it never fails a build.
 */
import { benchAssembler } from './bench/assembler.js';
import { benchMachine } from './bench/machine.js';
import { benchVmm, printVmmBench } from './bench/vmm.js';
import { benchKernel, printKernelBench } from './bench/kernel.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log('pvlab benchmarks\n');
const a = benchAssembler();
console.log('assembler: generated program, end to end (parse, macros, layout, encode, ELF), best of 10 after 3 warm-up runs; GNU: best of 10');
console.log(`  lines:              ${fmt(a.lines)}`);
console.log(`  pvlab:              ${a.bestMs.toFixed(0)} ms = ${fmt(a.linesPerSecond)} lines/s   (target ≥ 250,000)`);
if (a.gnuLinesPerSecond) {
  console.log(`  GNU as + ld:        ${a.gnuMs!.toFixed(0)} ms = ${fmt(a.gnuLinesPerSecond)} lines/s`);
  console.log(`  ratio pvlab / GNU:  ${(a.linesPerSecond / a.gnuLinesPerSecond).toFixed(2)}`);
} else console.log('  GNU as: not installed (install binutils-riscv64-unknown-elf for the comparison)');

console.log('');
const m = benchMachine();
if (!m) console.log('board: the CPU benchmark program is not built (hypervisor/test/machine/_programs/bench/build.sh)');
else {
  console.log(`board: ${m.program}, ${fmt(m.instructions)} instructions, best of 2`);
  console.log(`  paging off, compiled blocks:   ${m.bareMs.toFixed(0)} ms = ${fmt(m.bareMips)} MIPS   (target ≥ 250)`);
  console.log(`  paging off, interpreter only:  ${m.interpMs.toFixed(0)} ms = ${fmt(m.interpMips)} MIPS`);
  console.log(`  Sv32 paging on, blocks:       ${m.pagedMs.toFixed(0)} ms = ${fmt(m.pagedMips)} MIPS = ${((m.pagedMips / m.bareMips) * 100).toFixed(0)}% of paging off   (target ≥ 80%)`);
  if (m.qemuMs) console.log(`  qemu-system-riscv32:     ${m.qemuMs.toFixed(0)} ms wall (incl. start-up) — pvlab / QEMU time ratio ${(m.qemuMs / m.bareMs).toFixed(2)}`);
}

console.log('');
printKernelBench(benchKernel());

console.log('');
printVmmBench(benchVmm());
