// Development aid: time the assembler's phases on the benchmark program.
import { DiagnosticBag } from '../../assembler/src/diagnostics/diagnostic.js';
import { FileAssembler } from '../../assembler/src/front/file-assembler.js';
import { diskFileSystem } from '../../assembler/src/api.js';
import { link } from '../../assembler/src/emit/link.js';
import { Program } from '../../assembler/src/emit/program.js';
import { parseLinkerScript } from '../../assembler/src/link/index.js';
import { generateProgram } from '../perf/assembler.js';

const text = generateProgram(100_000);
const layout = parseLinkerScript('SECTIONS { . = 0x80000000; .text : { *(.text) } .data : { *(.data) } }', 'x').layout;
const best = [Infinity, Infinity, Infinity, Infinity, Infinity];
for (let i = 0; i < 15; i++) {
  const t = [performance.now()];
  const diags = new DiagnosticBag();
  const fa = new FileAssembler('b.s', diags, { includePaths: [], defsym: {}, fs: diskFileSystem });
  fa.run(text); t.push(performance.now());
  fa.finish(); t.push(performance.now());
  const linked = link([fa], layout, diags)!; t.push(performance.now());
  const p = new Program(linked, [fa]); t.push(performance.now());
  p.elf(); t.push(performance.now());
  for (let k = 0; k < 5; k++) best[k] = Math.min(best[k], t[k + 1] - t[k]);
}
const names = ['pass1', 'relax', 'link', 'program', 'elf'];
console.log(names.map((n, k) => `${n} ${best[k].toFixed(0)}`).join('  '), ' total', best.reduce((a, b) => a + b).toFixed(0));
