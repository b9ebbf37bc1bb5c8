/**
 * `npm run bench`: the project's own performance targets (scripts/perf/targets.ts),
 * each measured and printed with `met` or `MISSED`. A benchmark, not a test: it
 * never fails a build. (The product's benchmark, of guest kernels, is `pvlab bench`,
 * hypervisor/src/bench; the kernel and hypervisor figures here come from its harness.)
 */
import { fileURLToPath } from 'node:url';
import { benchAssembler } from './perf/assembler.js';
import { benchInFreshProcess } from './perf/harness.js';
import { kernelLines, resetToPrompt } from './perf/kernel.js';
import { benchKernelSpeed } from './perf/kernel-speed.js';
import { benchMachine, mips } from './perf/machine.js';
import { countLines, countsOf, swapCounts } from './perf/previous.js';
import { relationLines } from './perf/relations.js';
import { targetNote } from './perf/targets.js';
import { loadNote, ms } from './perf/timing.js';
import { exitCosts, vmmLines } from './perf/vmm.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log('pvlab performance targets (timings are of this machine, now)\n');
// The exit costs first, before anything else runs in this process (see exitCosts); printed below.
const costs = exitCosts();
const a = benchAssembler();
console.log('assembler: generated program, end to end (parse, macros, layout, encode, ELF), best of 10 after 3 warm-up runs; GNU: best of 10');
console.log(`  lines:              ${fmt(a.lines)}`);
console.log(`  pvlab:              ${a.bestMs.toFixed(0)} ms = ${fmt(a.linesPerSecond)} lines/s   ${targetNote('assemblerLinesPerSecond', a.linesPerSecond)}`);
if (a.gnuLinesPerSecond) {
  console.log(`  GNU as + ld:        ${a.gnuMs!.toFixed(0)} ms = ${fmt(a.gnuLinesPerSecond)} lines/s`);
  console.log(`  ratio pvlab / GNU:  ${(a.linesPerSecond / a.gnuLinesPerSecond).toFixed(2)}`);
} else console.log('  GNU as: not installed (install binutils-riscv64-unknown-elf for the comparison)');

console.log('');
const board = benchMachine();
if (!board) console.log('board: the CPU benchmark program is not built (hypervisor/test/machine/_programs/bench/build.sh); its targets are not measured');
else {
  console.log(`board: compiled C, best of 2 fresh boards each (the second runs the functions V8 made for the first; the first, compiling included, on its own line); QEMU: best of 2 processes, its start-up taken off; ${loadNote()}`);
  const t = (x: number) => `${fmt(x).padStart(6)} ms`;
  for (const p of board) {
    const cpu = p.name === 'cpu-bench.elf'; // the targets are cpu-bench's
    console.log(`  ${p.name} (${p.what}), ${fmt(p.instructions)} instructions`);
    console.log(`    paging off:            ${t(ms(p.bare))} = ${fmt(mips(p.bare)).padStart(5)} MIPS${cpu ? `   ${targetNote('boardMips', mips(p.bare))}` : ''}`);
    console.log(`      first board:         ${t(ms(p.first))} = ${fmt(mips(p.first)).padStart(5)} MIPS (compiling included)`);
    if (p.sv32) console.log(`    Sv32 paging:           ${t(ms(p.sv32))} = ${fmt(mips(p.sv32)).padStart(5)} MIPS${cpu ? `   ${targetNote('boardSv32Mips', mips(p.sv32))}` : ''}`);
    if (p.interpreted) console.log(`    interpreter only:      ${t(ms(p.interpreted))} = ${fmt(mips(p.interpreted)).padStart(5)} MIPS`);
    if (p.qemu) {
      const speed = ms(p.qemu) / ms(p.bare);
      console.log(`    qemu-system-riscv32:   ${t(ms(p.qemu))} = ${fmt(p.instructions / ms(p.qemu) / 1000).padStart(5)} MIPS; pvlab runs at ${speed.toFixed(2)}× QEMU's speed${cpu ? `   ${targetNote('boardQemuSpeed', speed)}` : ''}`);
    } else console.log('    qemu-system-riscv32: not installed (no comparison)');
  }
}

console.log('');
console.log(`guest kernel natively at host speed: kernel.elf + firmware.elf on pvlab's board and on QEMU, timed alike by the host's clocks at the shell's prompts; per op = median over 7 pairs of (group of run NAME n) − (group of run NAME n/2), after 2 warm-up pairs (scripts/perf/kernel-speed.ts); ${loadNote()}`);
console.log('  workload    ops/pair   pvlab ns/op (pairs: min–max)  guest MIPS                                   QEMU ns/op (min–max)       pvlab / QEMU');
const spreadOf = (p: { minNs: number; maxNs: number }) => `(${fmt(p.minNs)}–${fmt(p.maxNs)})`;
for (const k of await benchKernelSpeed()) {
  const pv = k.pvlab.ns, kMips = k.instructionsPerOp / pv * 1000;
  const q = k.qemu?.ns;
  console.log(`  ${k.name.padEnd(9)} ${fmt(k.ops).padStart(9)}  ${fmt(pv).padStart(12)} ${spreadOf(k.pvlab).padEnd(17)} ${fmt(kMips).padStart(10)} ${targetNote('kernelMips', kMips).padEnd(30)}` +
    (q !== undefined ? `${fmt(q).padStart(12)} ${spreadOf(k.qemu!).padEnd(17)} ${(pv / q).toFixed(2).padStart(6)}× ${targetNote('kernelQemuTime', pv / q)}` : '  QEMU not installed'));
}

// The kernel and hypervisor figures: one run of the product's benchmark harness, in every mode, in a process of its own.
const result = benchInFreshProcess();
console.log('');
console.log(kernelLines(result, resetToPrompt()).join('\n'));
console.log('');
console.log(vmmLines(costs, result).join('\n'));
console.log('');
console.log(relationLines(result).lines.join('\n'));
const counts = countsOf(result);
const { previous, at } = swapCounts(fileURLToPath(new URL('../.bench/perf-counts.json', import.meta.url)), counts);
console.log(countLines(counts, previous, at).join('\n'));
