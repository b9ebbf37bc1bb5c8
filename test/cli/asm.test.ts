/**
 * The `pvlab asm` command, end to end: the built CLI assembles a file, and
 * bad input gives GNU-style errors, exit code 1 and no stack trace.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '../../hypervisor/dist/cli/main.js');
const pvlab = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

test('pvlab asm writes an ELF executable, a listing and a symbol map', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-asm-'));
  writeFileSync(join(dir, 'hello.s'), '.globl _start\n_start: li a0, 42\n  j _start\n');
  const r = pvlab(['asm', 'hello.s', '-o', 'hello.elf', '--listing', 'hello.lst', '--map', 'hello.map'], dir);
  t.is(r.status, 0, r.stderr);
  const elf = readFileSync(join(dir, 'hello.elf'));
  t.deepEqual([...elf.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46]);
  t.regex(readFileSync(join(dir, 'hello.lst'), 'utf8'), /^80000000  1305a002 +hello\.s:2/m);
  t.regex(readFileSync(join(dir, 'hello.map'), 'utf8'), /80000000 .* _start/);
});

test('pvlab asm reports every error GNU-style with exit code 1 and no stack trace', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-asm-'));
  writeFileSync(join(dir, 'bad.s'), 'addd a0, a1, a2\nnop\naddi a0, a0, 9999\n');
  const r = pvlab(['asm', 'bad.s'], dir);
  t.is(r.status, 1);
  t.regex(r.stderr, /^bad\.s:1:1: error: unknown instruction 'addd' \(did you mean 'add'\?\)$/m);
  t.regex(r.stderr, /^bad\.s:3:14: error: immediate 9999 out of range/m);
  t.regex(r.stderr, /2 errors/);
  t.notRegex(r.stderr, /\n\s+at /);
});

test('pvlab --help teaches the commands; an unknown command is a one-line error', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-'));
  const help = pvlab(['--help'], dir);
  t.is(help.status, 0);
  t.regex(help.stdout, /asm\s+assemble and link/);
  const bad = pvlab(['frobnicate'], dir);
  t.is(bad.status, 2);
  t.regex(bad.stderr, /^pvlab: unknown command 'frobnicate'/);
});

test('files asm cannot read or write, and binary input, are one line each, exit 2', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-asm-'));
  writeFileSync(join(dir, 'hello.s'), '.globl _start\n_start: j _start\n');
  t.is(pvlab(['asm', 'hello.s', '-o', 'hello.elf'], dir).status, 0);
  writeFileSync(join(dir, 'data.bin'), Uint8Array.from([0x41, 0x42, 0, 0x43]));
  const cases: [string[], string][] = [
    [['asm', 'hello.s', '-o', '/nonexistent-dir/x.elf'], "pvlab: asm: cannot write '/nonexistent-dir/x.elf': no such file or directory\n"],
    [['asm', 'hello.s', '--listing', '/nonexistent-dir/x.lst'], "pvlab: asm: cannot write '/nonexistent-dir/x.lst': no such file or directory\n"],
    [['asm', 'hello.elf'], 'pvlab: asm: hello.elf: it is an ELF file (binary); give the assembly sources (.s) it was built from\n'],
    [['asm', 'data.bin'], 'pvlab: asm: data.bin: it is a binary file (a NUL byte at offset 2), not assembly text\n'],
    [['asm', 'missing.s'], "pvlab: asm: cannot read 'missing.s': no such file or directory\n"],
    [['asm', '-T', 'missing.ld', 'hello.s'], "pvlab: asm: cannot read linker script 'missing.ld': no such file or directory\n"],
    [['asm', 'hello.s', '-o'], 'pvlab: asm: -o needs a value\n'],
  ];
  for (const [args, message] of cases) {
    const r = pvlab(args, dir);
    t.is(r.status, 2, args.join(' '));
    t.is(r.stderr, message, args.join(' '));
    t.is(r.stdout, '');
  }
});
