/**
 * Golden data: GNU as + GNU ld's loadable image of each differential
 * program, committed under _fixtures/golden/ so the tests stay meaningful on
 * machines without binutils. Written by _fixtures/golden/generate.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRiscvAttributes, readElf, RISCV_ATTRIBUTE_TAGS } from '@pvlab/assembler';
import type { GnuBuild } from './gnu.js';
import type { Image } from './image.js';
import { GOLDEN_DIR, inputsDigest, type ProgramSpec } from './programs.js';

export interface Golden extends Image {
  readonly program: string;
  /** e_flags of GNU's linked ELF (EF_RISCV_RVC = 1) and its Tag_RISCV_arch. */
  readonly flags?: number;
  readonly arch?: string;
  /** `inputsDigest` of the program when the file was generated. */
  readonly inputsDigest: string;
  /** Versions of the GNU tools that produced it. */
  readonly tools: string;
}

export const goldenPath = (name: string): string => join(GOLDEN_DIR, `${name}.json`);

export function readGolden(name: string): Golden | undefined {
  const path = goldenPath(name);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Golden) : undefined;
}

export function goldenOf(program: ProgramSpec, build: GnuBuild, tools: string): Golden {
  return {
    program: program.name,
    inputsDigest: inputsDigest(program),
    tools,
    entry: build.entry,
    sections: build.sections,
    nobits: build.nobits,
    ...elfArch(build.elf),
  };
}

/** An ELF file's e_flags and Tag_RISCV_arch. */
export function elfArch(elf: Uint8Array): { flags: number; arch: string | undefined } {
  const f = readElf(elf);
  const attrs = f.sections.find((s) => s.name === '.riscv.attributes');
  const arch = attrs ? parseRiscvAttributes(attrs.data)?.get(RISCV_ATTRIBUTE_TAGS.arch) : undefined;
  return { flags: f.header.flags, arch: typeof arch === 'string' ? arch : undefined };
}

export function writeGolden(golden: Golden): string {
  const path = goldenPath(golden.program);
  writeFileSync(path, `${JSON.stringify(golden, null, 1)}\n`);
  return path;
}

/** Only the image part, for comparisons. */
export const imageOf = (g: Image): Image => ({ entry: g.entry, sections: g.sections, nobits: g.nobits });
