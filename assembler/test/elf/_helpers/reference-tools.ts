/**
 * The GNU reference tools the differential tests compare against
 * (binutils 2.40 for riscv64-unknown-elf, QEMU). When they are missing the
 * tests fall back to committed golden data, unless
 * PVLAB_REQUIRE_REFERENCE_TOOLS=1 demands them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Tool commands, by role. */
export const TOOLS = {
  as: 'riscv64-unknown-elf-as',
  ld: 'riscv64-unknown-elf-ld',
  readelf: 'riscv64-unknown-elf-readelf',
  objdump: 'riscv64-unknown-elf-objdump',
  objcopy: 'riscv64-unknown-elf-objcopy',
  qemu: 'qemu-system-riscv32',
  gdb: 'gdb-multiarch',
} as const;

/** The flags every reference assembly uses (the assembler's target). */
export const AS_FLAGS = ['-march=rv32ima_zicsr_zifencei', '-mabi=ilp32', '-mno-relax'] as const;

const available = new Map<string, boolean>();

/** Is `tool` installed and runnable? */
export function hasTool(tool: string): boolean {
  let ok = available.get(tool);
  if (ok === undefined) {
    const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
    ok = r.status === 0;
    available.set(tool, ok);
  }
  return ok;
}

/** Must missing tools fail the tests (CI with binutils installed)? */
export const REQUIRE_TOOLS = process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1';

/** Are the binutils tools present? */
export function haveBinutils(): boolean {
  return [TOOLS.as, TOOLS.ld, TOOLS.readelf, TOOLS.objdump, TOOLS.objcopy].every(hasTool);
}

/** Run a tool; returns stdout, stderr and the exit status. */
export function run(cmd: string, args: readonly string[], cwd?: string, timeout = 60_000): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status ?? -1 };
}

/** A scratch directory removed by `dispose`. */
export function scratch(): { dir: string; path: (name: string) => string; write: (name: string, text: string | Uint8Array) => string; read: (name: string) => Uint8Array; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-ref-'));
  return {
    dir,
    path: (name) => join(dir, name),
    write: (name, text) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    },
    read: (name) => new Uint8Array(readFileSync(join(dir, name))),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Assemble `source` in `dir` as `name.o`; throws with GNU as's messages on failure. */
export function assemble(dir: string, name: string, source: string): string {
  writeFileSync(join(dir, `${name}.s`), source);
  const r = run(TOOLS.as, [...AS_FLAGS, '-o', `${name}.o`, `${name}.s`], dir);
  if (r.status !== 0) throw new Error(`as failed for ${name}.s:\n${r.stderr}`);
  return `${name}.o`;
}

/** Link `objects` in `dir` with `script`; returns the ELF bytes and ld's messages, or the failure. */
export function link(dir: string, script: string, objects: readonly string[], out = 'out.elf'): { elf?: Uint8Array; stderr: string } {
  writeFileSync(join(dir, 'script.ld'), script);
  const r = run(TOOLS.ld, ['-m', 'elf32lriscv', '-T', 'script.ld', '-o', out, ...objects], dir);
  if (r.status !== 0) return { stderr: r.stderr };
  return { elf: new Uint8Array(readFileSync(join(dir, out))), stderr: r.stderr };
}
