/**
 * Assembler throughput: a generated 100,000-line program, assembled end to
 * end (parse, macros, layout, encode, ELF), against GNU as + ld on the same
 * file in the same run. Its target is in targets.ts (assemblerLinesPerSecond).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';

/** A realistic mix: ALU, loads/stores, branches to labels, li/la/call, data, and a macro. */
export function generateProgram(lines: number): string {
  const out: string[] = ['.globl _start', '.macro push reg', '  addi sp, sp, -4', '  sw \\reg, 0(sp)', '.endm', '.text', '_start:'];
  let seed = 12345;
  // The high bits of the LCG: its low bits repeat with short periods (the low 2 bits every 4 draws), and
  // taken mod 12 they made three kinds of line 60% of the program instead of a twelfth each.
  const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % n;
  const regs = ['a0', 'a1', 'a2', 'a3', 't0', 't1', 's0', 's1'];
  const r = () => regs[rand(regs.length)];
  let label = 0;
  while (out.length < lines - 20) {
    switch (rand(12)) {
      case 0: out.push(`L${label++}:`); break;
      case 1: out.push(`  add ${r()}, ${r()}, ${r()}`); break;
      case 2: out.push(`  addi ${r()}, ${r()}, ${rand(4096) - 2048}`); break;
      case 3: out.push(`  lw ${r()}, ${rand(512) * 4}(sp)`); break;
      case 4: out.push(`  sw ${r()}, ${rand(512) * 4}(sp)`); break;
      case 5: out.push(`  beq ${r()}, ${r()}, L${Math.max(0, label - 1)}`); break;
      case 6: out.push(`  li ${r()}, 0x${rand(0x7fffffff).toString(16)}`); break;
      case 7: out.push(`  la ${r()}, table`); break;
      case 8: out.push(`  call _start`); break;
      case 9: out.push(`  mul ${r()}, ${r()}, ${r()}  # a comment`); break;
      case 10: out.push(`  push ${r()}`); break;
      case 11: out.push(`  slli ${r()}, ${r()}, ${rand(32)}`); break;
    }
  }
  out.push('.data', 'table:', ...Array.from({ length: 16 }, (_, i) => `  .word ${i}, table + ${i * 4}`));
  return out.join('\n') + '\n';
}

const LAYOUT = `ENTRY(_start)
SECTIONS { . = 0x80000000; .text : { *(.text) } .data : { *(.data) } .bss : { *(.bss) } }`;

function hasGnu(): boolean {
  try {
    execFileSync('riscv64-unknown-elf-as', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface AssemblerBench {
  lines: number;
  bestMs: number;
  linesPerSecond: number;
  gnuMs?: number;
  gnuLinesPerSecond?: number;
}

export function benchAssembler(lines = 100_000, repeat = 10, warmup = 3): AssemblerBench {
  const text = generateProgram(lines);
  const n = text.split('\n').length - 1;
  let best = Infinity;
  for (let i = 0; i < warmup + repeat; i++) {
    const t0 = performance.now();
    const r = assemble([{ path: 'bench.s', text }], { layout: LAYOUT });
    if (!r.ok) throw new Error(`benchmark program does not assemble:\n${r.formatDiagnostics()}`);
    r.program!.elf();
    if (i >= warmup) best = Math.min(best, performance.now() - t0);
  }
  const result: AssemblerBench = { lines: n, bestMs: best, linesPerSecond: n / (best / 1000) };
  if (hasGnu()) {
    const dir = mkdtempSync(join(tmpdir(), 'pvlab-bench-'));
    try {
      writeFileSync(join(dir, 'bench.s'), text);
      writeFileSync(join(dir, 'link.ld'), LAYOUT);
      let gbest = Infinity;
      for (let i = 0; i < repeat; i++) {
        const t0 = performance.now();
        execFileSync('riscv64-unknown-elf-as', ['-march=rv32ima_zicsr_zifencei', '-mabi=ilp32', '-mno-relax', '-o', join(dir, 'b.o'), join(dir, 'bench.s')]);
        execFileSync('riscv64-unknown-elf-ld', ['--no-warn-rwx-segments', '-m', 'elf32lriscv', '--no-relax', '-T', join(dir, 'link.ld'), '-o', join(dir, 'b.elf'), join(dir, 'b.o')]);
        gbest = Math.min(gbest, performance.now() - t0);
      }
      result.gnuMs = gbest;
      result.gnuLinesPerSecond = n / (gbest / 1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return result;
}
