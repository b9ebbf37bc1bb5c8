/**
 * The reference: GNU binutils 2.40 for riscv64-unknown-elf, run on a
 * throw-away object whose .text holds the bytes under test.
 *
 * The object is assembled from an empty source with pvlab's -march, so it
 * carries Tag_RISCV_arch rv32ima_zicsr_zifencei and no priv-spec attribute;
 * its .text is then replaced (objcopy --update-section) and its symbols
 * stripped, and objdump runs with `--adjust-vma` to place it at `base` and
 * `-M priv-spec=` to choose the CSR names.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrivSpec } from '../../../src/isa/index.js';

const PREFIX = 'riscv64-unknown-elf-';
export const MARCH = ['-march=rv32ima_zicsr_zifencei', '-mabi=ilp32', '-mno-relax'];

/** Whether the riscv64-unknown-elf binutils are on PATH. */
export function binutilsAvailable(): boolean {
  const r = spawnSync(`${PREFIX}objdump`, ['--version'], { encoding: 'utf8' });
  return r.status === 0 && /\b2\.40\b/.test(r.stdout);
}

/** Run a binutils tool; throws with its stderr on failure. */
export function tool(name: string, args: string[]): string {
  const r = spawnSync(PREFIX + name, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${name} ${args.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout;
}

/** Run `fn` in a fresh temporary directory. */
export function inTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-disasm-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lines objdump prints after `Disassembly of section .text:`. */
export function listingOf(stdout: string): string[] {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Disassembly of section .text:'));
  if (at < 0) throw new Error(`no .text disassembly in:\n${stdout.slice(0, 500)}`);
  const out = lines.slice(at + 1);
  if (out[out.length - 1] === '') out.pop(); // the final newline
  return out;
}

/** How objdump should print. */
export interface ObjdumpOptions {
  base: number;
  aliases: boolean;
  privSpec: PrivSpec;
  /** Symbols to add to the object (labels, `$x`/`$d` mapping symbols). */
  symbols?: readonly { name: string; value: number; global?: boolean }[];
}

/** `objdump -d` of `bytes` placed at `base`, as listing lines. */
export function objdumpBytes(bytes: Uint8Array, o: ObjdumpOptions): string[] {
  return inTempDir((dir) => {
    const src = join(dir, 't.s');
    writeFileSync(src, '.option norvc\n.text\nnop\n');
    tool('as', [...MARCH, src, '-o', join(dir, 't.o')]);
    writeFileSync(join(dir, 'text.bin'), bytes);
    tool('objcopy', ['--strip-all', `--update-section=.text=${join(dir, 'text.bin')}`, join(dir, 't.o'), join(dir, 'u.o')]);
    const add = (o.symbols ?? []).flatMap((sym) =>
      ['--add-symbol', `${sym.name}=.text:0x${((sym.value - o.base) >>> 0).toString(16)},${sym.global ? 'global' : 'local'}`]);
    if (add.length) tool('objcopy', [...add, join(dir, 'u.o')]);
    const m = [...(o.aliases ? [] : ['no-aliases']), `priv-spec=${o.privSpec}`].join(',');
    return listingOf(tool('objdump', ['-d', `--adjust-vma=0x${o.base.toString(16)}`, `-M${m}`, join(dir, 'u.o')]));
  });
}

/** The instruction text of each listing line (after the second tab), for streams of 32-bit words. */
export function instructionTexts(listing: readonly string[]): string[] {
  return listing.flatMap((l) => {
    const m = /^ *[0-9a-f]+:\t[0-9a-f ]+\t(.*)$/.exec(l);
    return m ? [m[1]] : [];
  });
}

/** One symbol as readelf shows it. */
export interface ElfSymbol { name: string; value: number; global: boolean; external: boolean }

/**
 * Assemble and link `source` at `base`; return its .text bytes, symbols and
 * objdump listings. objdump names CSRs by the object's own priv-spec
 * attribute: GNU_DEFAULT_PRIV_SPEC when the source has a CSR instruction.
 */
export function buildProgram(source: string, base: number): {
  bytes: Uint8Array; symbols: ElfSymbol[]; raw: string[]; alias: string[];
} {
  return inTempDir((dir) => {
    writeFileSync(join(dir, 'p.s'), source);
    tool('as', [...MARCH, join(dir, 'p.s'), '-o', join(dir, 'p.o')]);
    const elf = join(dir, 'p.elf');
    tool('ld', ['-m', 'elf32lriscv', `-Ttext=0x${base.toString(16)}`, '-e', `0x${base.toString(16)}`, join(dir, 'p.o'), '-o', elf]);
    tool('objcopy', ['-O', 'binary', '--only-section=.text', elf, join(dir, 'text.bin')]);
    const text = /\[\s*(\d+)\] \.text /.exec(tool('readelf', ['-SW', elf]))![1];
    const symbols = tool('readelf', ['-sW', elf]).split('\n').flatMap((l) => {
      const f = l.trim().split(/\s+/);
      if (f.length < 8 || !/^\d+:$/.test(f[0]) || f[3] === 'SECTION' || f[3] === 'FILE' || f[6] === 'UND') return [];
      return [{ name: f[7], value: parseInt(f[1], 16), global: f[4] === 'GLOBAL', external: f[6] !== text }];
    });
    const dump = (aliases: boolean) => listingOf(tool('objdump', ['-d', ...(aliases ? [] : ['-Mno-aliases']), elf]));
    return { bytes: new Uint8Array(readFileSync(join(dir, 'text.bin'))), symbols, raw: dump(false), alias: dump(true) };
  });
}
