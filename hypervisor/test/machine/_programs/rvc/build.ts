/**
 * The compressed-code programs (`rvc/*.s`): standalone (no runtime.s),
 * assembled by pvlab's assembler with `-march=rv32imac_zicsr_zifencei`, so
 * GNU as's automatic compression applies to every line, and run bare on
 * QEMU (`-cpu rv32` with C on) and on pvlab's default rv32imac hart.
 * `golden.ts` records QEMU's transcripts in golden/; the differential test
 * is isa/compressed-differential.test.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';

export const RVC_DIR = import.meta.dirname;
export const RVC_GOLDEN = join(RVC_DIR, 'golden');
export const RVC_PROGRAMS = ['compressed'] as const;
export const RVC_MARCH = 'rv32imac_zicsr_zifencei';

/** The ELF of compressed-code program `name`; throws with the assembler's diagnostics. */
export function buildRvcProgram(name: string): Uint8Array {
  const r = assemble([{ path: join(RVC_DIR, `${name}.s`) }], { march: RVC_MARCH, werror: true });
  if (!r.ok || !r.program) throw new Error(`${name}.s does not assemble:\n${r.formatDiagnostics()}`);
  return r.program.elf({ debug: false });
}

export interface RvcStatus {
  readonly qemu: string;
  readonly command: string;
  readonly programs: Readonly<Record<string, { readonly exitCode: number; readonly elfSha256: string }>>;
}

export const rvcTranscript = (name: string): string | undefined => {
  const p = join(RVC_GOLDEN, `${name}.txt`);
  return existsSync(p) ? readFileSync(p, 'latin1') : undefined;
};
export const rvcStatus = (): RvcStatus | undefined => {
  const p = join(RVC_GOLDEN, 'status.json');
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as RvcStatus) : undefined;
};
export const digest = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
export const RVC_REGENERATE = 'npx tsx --conditions=source hypervisor/test/machine/_programs/rvc/golden.ts';
