/** Builds _fixtures/code-sled.s, linked as a kernel at 0x80200000 (see the source for what it does). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assemble } from '@pvlab/assembler';

/** `calls`: how many times each alias of each function is called (default 32, the compiler's threshold). */
export function codeSled(calls?: number): Uint8Array {
  const path = fileURLToPath(new URL('./code-sled.s', import.meta.url));
  const layout = 'SECTIONS { . = 0x80200000; .text : { *(.text.init) *(.text) } . = ALIGN(4096); .data : { *(.data) } }';
  const r = assemble([{ path, text: readFileSync(path, 'utf8') }], { layout, defsym: calls === undefined ? {} : { CALLS: calls } });
  if (!r.ok) throw new Error(r.formatDiagnostics());
  return r.program!.elf({ debug: false });
}
