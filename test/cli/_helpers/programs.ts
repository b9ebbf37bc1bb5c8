/**
 * Small bare programs the `pvlab run` tests build: assembled with pvlab's
 * assembler into an ELF in `dir`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';

/** Assemble `text` as `name.s` (with a linker layout if given) and write `dir/name.elf`; its path. */
export function build(dir: string, name: string, text: string, layout?: string): string {
  const r = assemble([{ path: `${name}.s`, text }], { layout });
  if (!r.ok) throw new Error(r.formatDiagnostics());
  const path = join(dir, `${name}.elf`);
  writeFileSync(path, r.program!.elf());
  return path;
}

/**
 * Prints `message` on the UART (polling LSR.THRE), then writes `finish` to
 * the finisher; `prologue` runs first (label 3 is the finisher write).
 */
export const uartProgram = (message: string, finish: string, prologue = '') => `
.globl _start
_start:
${prologue}  li s0, 0x10000000
  la s1, msg
1: lbu a0, 0(s1)
  beqz a0, 3f
2: lbu t0, 5(s0)
  andi t0, t0, 0x20
  beqz t0, 2b
  sb a0, 0(s0)
  addi s1, s1, 1
  j 1b
3: li t0, 0x100000
  li t1, ${finish}
  sw t1, 0(t0)
4: j 4b
.data
msg: .asciz "${message}"
`;
