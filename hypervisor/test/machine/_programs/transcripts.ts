/**
 * The golden data: QEMU's UART transcript of each ISA test program
 * (`golden/<name>.txt`) and `golden/status.json` with QEMU's exit status
 * per program, the SHA-256 of the ELF it ran (so stale goldens are caught
 * where QEMU is absent), the QEMU version and its command line. Written by
 * golden.ts, read by isa/qemu-differential.test.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROGRAMS_DIR } from './build.js';

export const GOLDEN_DIR = join(PROGRAMS_DIR, 'golden');

export interface GoldenStatus {
  /** `QEMU emulator version …` of the run that produced the goldens. */
  readonly qemu: string;
  /** The command line, with `<program>.elf` for the kernel. */
  readonly command: string;
  readonly programs: Readonly<Record<string, { readonly exitCode: number; readonly elfSha256: string }>>;
}

export const transcriptPath = (name: string): string => join(GOLDEN_DIR, `${name}.txt`);
export const statusPath = (): string => join(GOLDEN_DIR, 'status.json');

/** QEMU's golden transcript of a program, or `undefined` if there is none. */
export function readTranscript(name: string): string | undefined {
  const path = transcriptPath(name);
  return existsSync(path) ? readFileSync(path, 'latin1') : undefined;
}

export function readStatus(): GoldenStatus | undefined {
  return existsSync(statusPath()) ? (JSON.parse(readFileSync(statusPath(), 'utf8')) as GoldenStatus) : undefined;
}

/** Hex SHA-256 of an ELF, as status.json records it. */
export function elfDigest(elf: Uint8Array): string {
  return createHash('sha256').update(elf).digest('hex');
}

/** The regeneration command, for failure messages. */
export const REGENERATE = 'npx tsx --conditions=source hypervisor/test/machine/_programs/golden.ts';
