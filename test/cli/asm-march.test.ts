/**
 * `pvlab asm --march`: the C extension from the command line, compressed as
 * GNU as compresses (the bytes against GNU as + ld live where binutils is
 * installed), and a bad ISA string a one-line usage error.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElf } from '@pvlab/assembler';

const CLI = join(import.meta.dirname, '../../hypervisor/dist/cli/main.js');
const pvlab = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
const SOURCE = '.globl _start\n_start:\n  li a0, 5\n  addi a0, a0, 1\n  beqz a0, _start\n  ret\n';

test('--march rv32imac_zicsr_zifencei compresses, sets EF_RISCV_RVC and disassembles as objdump does', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-asm-'));
  writeFileSync(join(dir, 'c.s'), SOURCE);
  const r = pvlab(['asm', '--march', 'rv32imac_zicsr_zifencei', 'c.s', '-o', 'c.elf'], dir);
  t.is(r.status, 0, r.stderr);
  const elf = readElf(readFileSync(join(dir, 'c.elf')));
  t.is(elf.header.flags & 1, 1);
  t.is(elf.sections.find((s) => s.name === '.text')!.size, 8, 'four 2-byte instructions');
  const d = pvlab(['objdump', 'c.elf'], dir);
  t.regex(d.stdout, /80000000:\t4515                \tli\ta0,5\n80000002:\t0505                \tadd\ta0,a0,1\n80000004:\tdd75                \tbeqz\ta0,80000000 <_start>\n80000006:\t8082                \tret/);
  const gnu = spawnSync('riscv64-unknown-elf-objdump', ['-d', 'c.elf'], { cwd: dir, encoding: 'utf8' });
  if (gnu.status === 0) t.is(d.stdout, gnu.stdout);
});

test('without --march nothing is compressed (the default stays rv32ima_zicsr_zifencei)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-asm-'));
  writeFileSync(join(dir, 'c.s'), SOURCE);
  t.is(pvlab(['asm', 'c.s', '-o', 'c.elf'], dir).status, 0);
  const elf = readElf(readFileSync(join(dir, 'c.elf')));
  t.is(elf.header.flags, 0);
  t.is(elf.sections.find((s) => s.name === '.text')!.size, 16);
});

test('a bad --march is a one-line usage error (exit 2)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-asm-'));
  writeFileSync(join(dir, 'c.s'), SOURCE);
  const r = pvlab(['asm', '--march', 'rv32gc', 'c.s'], dir);
  t.is(r.status, 2);
  t.is(r.stderr, "pvlab: asm: --march: 'rv32gc': G includes F and D, which pvlab does not assemble (use rv32ima_zicsr_zifencei)\n");
});
