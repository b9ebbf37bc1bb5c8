/**
 * The reference toolchain: GNU as + GNU ld for RISC-V, run exactly as the
 * issue's acceptance criterion states, in a throw-away directory.
 *
 *   riscv64-unknown-elf-as -march=rv32ima_zicsr_zifencei -mabi=ilp32 -mno-relax
 *   riscv64-unknown-elf-ld -m elf32lriscv --no-relax -T <script>
 *
 * Where the tools are absent the differential tests fall back to committed
 * golden data (see _fixtures/golden/); with PVLAB_REQUIRE_REFERENCE_TOOLS=1
 * (CI images that ship binutils) their absence is a failure instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { ExecutionContext } from 'ava';
import type { SourceFile } from './contract.js';
import type { Image } from './image.js';
import { imageOfElf, symbolsOfElf, type ElfSymbol } from './elf-image.js';

export const GNU_AS = 'riscv64-unknown-elf-as';
export const GNU_LD = 'riscv64-unknown-elf-ld';
export const GNU_AS_FLAGS = ['-march=rv32ima_zicsr_zifencei', '-mabi=ilp32', '-mno-relax'] as const;
export const GNU_LD_FLAGS = ['-m', 'elf32lriscv', '--no-relax'] as const;

export interface GnuOptions {
  readonly includePaths?: readonly string[];
  readonly defsym?: Readonly<Record<string, number>>;
  /** Assembler flags instead of GNU_AS_FLAGS (e.g. without -mno-relax). */
  readonly asFlags?: readonly string[];
  /** Extra linker flags (e.g. `-Ttext 0x80000000` when `script` is undefined). */
  readonly ldFlags?: readonly string[];
}

/** The result of one GNU build: the linked image, its symbols, and all stderr. */
export interface GnuBuild extends Image {
  readonly ok: boolean;
  readonly stderr: string;
  readonly symbols: readonly ElfSymbol[];
  /** The linked ELF file itself (empty when the build failed). */
  readonly elf: Uint8Array;
}

function run(cmd: string, args: readonly string[], cwd?: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

let detected: boolean | undefined;

/** True when both GNU as and GNU ld for RISC-V can be run. */
export function hasGnuTools(): boolean {
  detected ??= run(GNU_AS, ['--version']).ok && run(GNU_LD, ['--version']).ok;
  return detected;
}

/** `GNU assembler … 2.40 / GNU ld … 2.40`, recorded in golden files. */
export function gnuVersions(): string {
  const first = (cmd: string) => run(cmd, ['--version']).stdout.split('\n')[0].trim();
  return `${first(GNU_AS)} / ${first(GNU_LD)}`;
}

/**
 * Assemble each file, link them with `script` (linker script text; ld's
 * default script when undefined) and read back the linked ELF. Include paths are made absolute, since the tools run
 * in a temporary directory; files without `text` are read from disk.
 */
export function gnuBuild(files: readonly SourceFile[], script: string | undefined, opts: GnuOptions = {}): GnuBuild {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-gnu-'));
  const failed = (stderr: string): GnuBuild => ({ ok: false, stderr, entry: 0, sections: [], nobits: [], symbols: [], elf: new Uint8Array() });
  try {
    const flags = [
      ...(opts.asFlags ?? GNU_AS_FLAGS),
      ...(opts.includePaths ?? []).map((p) => `-I${resolve(p)}`),
      ...Object.entries(opts.defsym ?? {}).flatMap(([name, value]) => ['--defsym', `${name}=${value}`]),
    ];
    let stderr = '';
    const objects: string[] = [];
    for (const [i, file] of files.entries()) {
      const source = `${i}-${basename(file.path)}`;
      writeFileSync(join(dir, source), file.text ?? readFileSync(file.path, 'utf8'));
      const object = `${i}.o`;
      const as = run(GNU_AS, [...flags, '-o', object, source], dir);
      stderr += as.stderr;
      if (!as.ok) return failed(stderr);
      objects.push(object);
    }
    if (script !== undefined) writeFileSync(join(dir, 'layout.ld'), script);
    const layout = script !== undefined ? ['-T', 'layout.ld'] : [];
    const ld = run(GNU_LD, [...GNU_LD_FLAGS, ...layout, ...(opts.ldFlags ?? []), '-o', 'a.elf', ...objects], dir);
    stderr += ld.stderr;
    if (!ld.ok) return failed(stderr);
    const elf = new Uint8Array(readFileSync(join(dir, 'a.elf')));
    return { ok: true, stderr, ...imageOfElf(elf), symbols: symbolsOfElf(elf), elf };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Set PVLAB_REQUIRE_REFERENCE_TOOLS=1 to make missing GNU tools a failure. */
export const REQUIRE_TOOLS_ENV = 'PVLAB_REQUIRE_REFERENCE_TOOLS';

/**
 * True when the GNU tools are present (compare live). When they are absent,
 * fails the test if PVLAB_REQUIRE_REFERENCE_TOOLS=1, otherwise logs that the
 * test runs on golden data; returns false in both cases.
 */
export function requireToolsOrSkip(t: ExecutionContext, fallback = 'comparing against committed golden data'): boolean {
  if (hasGnuTools()) return true;
  if (process.env[REQUIRE_TOOLS_ENV] === '1') {
    t.fail(`${GNU_AS}/${GNU_LD} not found, and ${REQUIRE_TOOLS_ENV}=1 requires them`);
  } else {
    t.log(`${GNU_AS}/${GNU_LD} not found: ${fallback}`);
  }
  return false;
}

/** One diagnostic of GNU as: `file:line: Error: message`. */
export interface GnuDiagnostic {
  readonly line: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/**
 * Assemble one source with GNU as alone (no link) and return its
 * diagnostics in the order it printed them, and whether it succeeded.
 */
export function gnuAssembleOnly(text: string, flags: readonly string[] = GNU_AS_FLAGS): { ok: boolean; diagnostics: GnuDiagnostic[] } {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-gnu-'));
  try {
    writeFileSync(join(dir, 'in.s'), text);
    const r = run(GNU_AS, [...flags, '-o', 'in.o', 'in.s'], dir);
    const diagnostics = [...r.stderr.matchAll(/^in\.s:(\d+): (Error|Warning): (.*)$/gm)].map((m) => ({
      line: Number(m[1]), severity: m[2] === 'Error' ? 'error' as const : 'warning' as const, message: m[3],
    }));
    return { ok: r.ok, diagnostics };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const GNU_OBJDUMP = 'riscv64-unknown-elf-objdump';

/** `objdump -d [args] file` on ELF bytes: its whole stdout, or `undefined` if it cannot run. */
export function gnuObjdump(elf: Uint8Array, args: readonly string[] = []): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-gnu-'));
  try {
    writeFileSync(join(dir, 'a.elf'), elf);
    const r = run(GNU_OBJDUMP, ['-d', ...args, 'a.elf'], dir);
    return r.ok ? r.stdout : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
