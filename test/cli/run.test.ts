/**
 * `pvlab run --bare`, end to end: console output, exit codes from the
 * finisher and HTIF, the instruction budget, --trace and --stats, and clear
 * errors (exit code 2, one line, no stack trace) for files it cannot run.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';
import { build, uartProgram } from './_helpers/programs.js';
import { lineWhileRunning } from './_helpers/stream.js';

const CLI = join(import.meta.dirname, '../../hypervisor/dist/cli/main.js');
const RVTEST = join(import.meta.dirname, '../../assembler/test/_fixtures/rvtest');
/** A program that ends through HTIF with exit code 5. */
const HTIF_FAIL = join(import.meta.dirname, '_fixtures/htif-fail.s');


const pvlab = (args: string[], input = '') => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input });


test('UART output reaches stdout and the finisher gives the exit code', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-run-'));
  const pass = pvlab(['run', '--bare', build(dir, 'pass', uartProgram('hello, board\\n', '0x5555'))]);
  t.is(pass.status, 0, pass.stderr);
  t.is(pass.stdout, 'hello, board\n');
  const fail = pvlab(['run', '--bare', build(dir, 'fail', uartProgram('x', '(7 << 16) | 0x3333'))]);
  t.is(fail.status, 7);
});

test('an HTIF program (riscv-tests style, tohost) passes through tohost', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-run-'));
  const r = assemble([{ path: join(RVTEST, 'selftest.s') }], { layout: readFileSync(join(RVTEST, 'link.ld'), 'utf8') });
  t.true(r.ok, r.formatDiagnostics());
  writeFileSync(join(dir, 'self.elf'), r.program!.elf());
  const run = pvlab(['run', '--bare', '--stats', join(dir, 'self.elf')]);
  t.is(run.status, 0, run.stderr);
  t.regex(run.stderr, /instructions\s+\d+/);
  const failing = build(dir, 'htif-fail', readFileSync(HTIF_FAIL, 'utf8'));
  t.is(pvlab(['run', '--bare', failing]).status, 5);
});

test('--max-insns stops a program that never ends, with exit code 3 and a message', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-run-'));
  const r = pvlab(['run', '--bare', '--max-insns', '10000', build(dir, 'spin', '.globl _start\n_start: j _start\n')]);
  t.is(r.status, 3);
  t.regex(r.stderr, /^pvlab: the program did not stop within its budget of 10,000 instructions \(--max-insns\); it retired 10,000; pc = 0x80000000$/m);
});

test('--max-insns says the budget it was given: traced, and in a trap loop that retires nothing', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-run-'));
  const traced = pvlab(['run', '--bare', '--trace', '--max-insns', '100', build(dir, 'spin', '.globl _start\n_start: j _start\n')]);
  t.is(traced.status, 3);
  t.regex(traced.stderr, /^pvlab: the program did not stop within its budget of 100 instructions \(--max-insns\); it retired 100; pc = 0x80000000$/m);
  // mtvec points at an illegal instruction: every trap traps again, and nothing more retires
  // (9: the reset ROM's 6, then 3 of the program).
  const loop = build(dir, 'trap-loop', '.globl _start\n_start: la t0, bad\n csrw mtvec, t0\nbad: .word 0\n');
  const r = pvlab(['run', '--bare', '--max-insns', '100', '--stats', loop]);
  t.is(r.status, 3);
  t.regex(r.stderr, /^pvlab: the program did not stop within its budget of 100 instructions \(--max-insns\); it retired 9; pc = 0x8000000c$/m);
  t.regex(r.stderr, /^ +illegal-instruction +\d+$/m);
});

test('--trace prints each instruction with symbol+offset and its disassembly, the reset ROM\'s six first', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-run-'));
  const r = pvlab(['run', '--bare', '--trace', '--max-insns', '9', build(dir, 'tr', '.globl _start\n_start: li a0, 5\nloop: addi a0, a0, -1\n j loop\n')]);
  t.is(r.status, 3);
  const lines = r.stderr.trim().split('\n');
  t.regex(lines[0], /^00001000 +00000297 +auipc\tt0,0x0$/);
  t.regex(lines[5], /^00001014 +00028067 +jr\tt0$/);
  t.regex(lines[6], /^80000000 <_start> +00500513 +li\ta0,5$/);
  t.regex(lines[8], /^80000008 <loop\+0x4> +ffdff06f +j\t80000004 <loop>$/);
  t.regex(lines[9], /^pvlab: the program did not stop within its budget of 9 instructions \(--max-insns\); it retired 9; pc = 0x80000004$/);
});

test('--trace shows a 16-bit instruction as its halfword and objdump\'s text; on --isa rv32ima the same parcels are one word', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-run-'));
  const elf = build(dir, 'rvc', '.option rvc\n.globl _start\n_start: li a0, 5\nloop: addi a0, a0, -1\n j loop\n');
  const lines = pvlab(['run', '--bare', '--trace', '--max-insns', '9', elf]).stderr.trim().split('\n');
  t.regex(lines[6], /^80000000 <_start> +4515  li\ta0,5$/);
  t.regex(lines[7], /^80000002 <loop> +157d  add\ta0,a0,-1$/);
  t.regex(lines[8], /^80000004 <loop\+0x2> +bffd  j\t80000002 <loop>$/);
  t.regex(lines[9], /it retired 9; pc = 0x80000002$/);
  const noC = pvlab(['run', '--bare', '--isa', 'rv32ima', '--trace', '--max-insns', '7', elf]).stderr.trim().split('\n');
  t.regex(noC[6], /^80000000 <_start> +157d4515  /);
});

test('the console streams as the program writes it: the first line appears while the run goes on', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-run-'));
  // "first", then a spin that never ends (no budget): the line can only be seen if it is streamed.
  const elf = build(dir, 'first', uartProgram('first\\n', '0x5555').replace('3: li t0, 0x100000', '3: j 3b'));
  t.true(await lineWhileRunning([CLI, 'run', '--bare', elf], 'first\n'), 'the line the program wrote first never appeared');
});

test('files it cannot run are one-line errors with exit code 2', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-run-'));
  writeFileSync(join(dir, 'text.elf'), 'not an elf');
  const notElf = pvlab(['run', '--bare', join(dir, 'text.elf')]);
  t.is(notElf.status, 2);
  t.regex(notElf.stderr, /^pvlab: run: .*text\.elf: not a loadable ELF file/);
  const elf64 = new Uint8Array(64);
  elf64.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  writeFileSync(join(dir, 'x64.elf'), elf64);
  const r64 = pvlab(['run', '--bare', join(dir, 'x64.elf')]);
  t.is(r64.status, 2);
  t.regex(r64.stderr, /64-bit ELF/);
  const low = build(dir, 'low', '.globl _start\n_start: j .\n', 'SECTIONS { . = 0x1000; .text : { *(.text) } }');
  const rl = pvlab(['run', '--bare', low]);
  t.is(rl.status, 2);
  t.regex(rl.stderr, /segment at 0x1000 .* is outside RAM/);
  const bad = pvlab(['run', '--bare', '--binary', 'zzz', join(dir, 'text.elf')]);
  t.is(bad.status, 2);
  t.is(bad.stderr, "pvlab: run: --binary needs an address from 0 to 0xffffffff, such as 0x80000000, not 'zzz'\n");
  const big = pvlab(['run', '--bare', '--memory', '3G', low]);
  t.is(big.status, 2);
  t.is(big.stderr, "pvlab: run: --memory needs a size from 4K to 2G in whole 4K pages, such as 64M, not '3G'\n");
  const none = pvlab(['run', '--bare', join(dir, 'nonexistent.elf')]);
  t.is(none.status, 2);
  t.regex(none.stderr, /^pvlab: run: cannot read '.*nonexistent\.elf': no such file or directory\n$/);
  const dtb = pvlab(['run', '--bare', '--dumpdtb', join(dir, 'no/such/dir/board.dtb')]);
  t.is(dtb.status, 2);
  t.regex(dtb.stderr, /^pvlab: run: cannot write '.*board\.dtb': no such file or directory\n$/);
  for (const r of [notElf, r64, rl, bad, big, none, dtb]) t.notRegex(r.stderr, /\n\s+at /);
});
