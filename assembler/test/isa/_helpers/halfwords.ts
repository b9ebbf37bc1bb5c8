/**
 * Every 16-bit parcel that announces a compressed instruction (the 49,152
 * halfwords whose low two bits are not 11), laid out one after another from
 * address 0 in a `.text` section, and what GNU binutils 2.40 makes of them:
 *
 * - objdump's listing of the object, with and without `-M no-aliases`
 *   (assembled with `-march=rv32imac_zicsr_zifencei`, each halfword by
 *   `.insn 2, 0x…`);
 * - for each halfword whose default-mode text is a base instruction
 *   (`add a0,a0,5` for c.addi a0,5), the 32-bit word GNU as assembles from
 *   that text without the C extension: GNU's own reading of what the
 *   halfword does, to check each row's expansion against.
 *
 * Committed in `_golden/halfwords.json.gz` (written by
 * `_golden/generate-halfwords.ts`), and rebuilt live where binutils exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

export const GOLDEN = new URL('../_golden/halfwords.json.gz', import.meta.url);

/** The halfwords in listing order. */
export const HALFWORDS: readonly number[] = Array.from({ length: 65536 }, (_, h) => h).filter((h) => (h & 3) !== 3);

/** The section bytes: each halfword, little-endian, at address 2 × its index. */
export function halfwordBytes(): Uint8Array {
  const bytes = new Uint8Array(HALFWORDS.length * 2);
  HALFWORDS.forEach((h, i) => {
    bytes[2 * i] = h & 0xff;
    bytes[2 * i + 1] = h >> 8;
  });
  return bytes;
}

export interface HalfwordRecord {
  readonly tools: string;
  /** objdump -d's text of each halfword (after the address and raw-bytes columns), in HALFWORDS order. */
  readonly listing: readonly string[];
  /** objdump -d -M no-aliases's text of each halfword. */
  readonly raw: readonly string[];
  /** For each halfword, the 32-bit word GNU as assembles from its objdump -d text, or 0 when that text is no base instruction. */
  readonly expansions: readonly number[];
}

const run = (cmd: string, args: string[], cwd: string): string => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || String(r.error)}`);
  return r.stdout;
};

/** The text of every instruction line of a listing, one per halfword (checks that each address is there once, in order). */
export function textsOf(lines: readonly string[]): string[] {
  const texts: string[] = [];
  for (const l of lines) {
    const p = parseLine(l);
    if (!p) continue;
    if (p.addr !== 2 * texts.length) throw new Error(`listing out of step at ${l}`);
    texts.push(p.text);
  }
  if (texts.length !== HALFWORDS.length) throw new Error(`listing has ${texts.length} instructions, not ${HALFWORDS.length}`);
  return texts;
}

/** An instruction line of a listing: its address and its text after the raw bytes. */
export function parseLine(line: string): { addr: number; text: string } | undefined {
  const m = /^\s*([0-9a-f]+):\t[0-9a-f]+\s*\t(.*)$/.exec(line);
  return m ? { addr: parseInt(m[1], 16), text: m[2] } : undefined;
}

/** Build the record with the installed tools. */
export function recordFromTools(): HalfwordRecord {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-rvc-'));
  try {
    writeFileSync(join(dir, 'h.s'), HALFWORDS.map((h) => `\t.insn 2, 0x${h.toString(16).padStart(4, '0')}\n`).join(''));
    run('riscv64-unknown-elf-as', ['-march=rv32imac_zicsr_zifencei', '-mabi=ilp32', '-mno-relax', '-o', 'h.o', 'h.s'], dir);
    const listing = textsOf(run('riscv64-unknown-elf-objdump', ['-d', 'h.o'], dir).split('\n'));
    const raw = textsOf(run('riscv64-unknown-elf-objdump', ['-d', '-M', 'no-aliases', 'h.o'], dir).split('\n'));
    // objdump's default text of each halfword that names a base instruction, as a source line.
    const lines: string[] = [];
    const which: number[] = [];
    for (const [i, t] of listing.entries()) {
      const p = { addr: 2 * i, text: t };
      const [mnemonic] = p.text.split('\t');
      if (mnemonic.startsWith('c.') || mnemonic.startsWith('.') || mnemonic === 'unimp') continue;
      let text = p.text.replace(/ # .*$/, '');
      // A target `3002 <.text+0x3002>` becomes `.+offset`, which the assembler resolves in place.
      text = text.replace(/([0-9a-f]+) <[^>]*>$/, (_, t: string) => `.${((parseInt(t, 16) - p.addr) << 16) >> 16 >= 0 ? '+' : ''}${((parseInt(t, 16) - p.addr) << 16) >> 16}`);
      // RV32 has no shift of 32 or more: those halfwords are reserved, and GNU as refuses the text.
      if (/^(sll|srl|sra)\t.*,0x[23][0-9a-f]$/.test(text)) continue;
      lines.push(`\t${text}`);
      which.push(i);
    }
    writeFileSync(join(dir, 'x.s'), lines.join('\n') + '\n');
    run('riscv64-unknown-elf-as', ['-march=rv32ima_zicsr_zifencei', '-mabi=ilp32', '-mno-relax', '-o', 'x.o', 'x.s'], dir);
    run('riscv64-unknown-elf-objcopy', ['-O', 'binary', '-j', '.text', 'x.o', 'x.bin'], dir);
    const bin = readFileSync(join(dir, 'x.bin'));
    const expansions: number[] = HALFWORDS.map(() => 0);
    which.forEach((index, k) => (expansions[index] = bin.readUInt32LE(4 * k)));
    const version = run('riscv64-unknown-elf-objdump', ['--version'], dir).split('\n')[0];
    return { tools: version, listing, raw, expansions };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const readRecord = (): HalfwordRecord | undefined =>
  existsSync(GOLDEN) ? JSON.parse(gunzipSync(readFileSync(GOLDEN)).toString('utf8')) as HalfwordRecord : undefined;

export const writeRecord = (r: HalfwordRecord): void => writeFileSync(GOLDEN, gzipSync(JSON.stringify(r), { level: 9 }));
