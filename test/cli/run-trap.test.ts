/**
 * `pvlab run --mode trap`, end to end: a bare program virtualized prints
 * what it prints with --bare and exits with the same code (finisher and
 * HTIF), --stats shows the same instruction count and the exits, --trace
 * one line per exit, and the options that make no sense for a VM are clear
 * one-line errors with exit code 2.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, uartProgram } from './_helpers/programs.js';

const CLI = join(import.meta.dirname, '../../hypervisor/dist/cli/main.js');
const C_PROGRAMS = join(import.meta.dirname, '../../hypervisor/test/machine/_programs/c');
/** A program that ends through HTIF with exit code 5 (run.test.ts runs it bare). */
const HTIF_FAIL = join(import.meta.dirname, '_fixtures/htif-fail.s');
// A trace of thousands of exits is more than spawnSync's default 1 MiB.
const pvlab = (args: string[], input = '') => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, maxBuffer: 64 << 20 });


/** Reads its hart id (an M-mode CSR), prints a line on the UART, and ends through the finisher with `code`. */
const program = (code: string) => uartProgram('hello from virtual M-mode\\n', code, '  csrr s2, mhartid\n');

test('a bare program virtualized prints what it prints bare, with the same exit code and instruction count', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-run-trap-'));
  const elf = build(dir, 'hello', program('0x5555'));
  const bare = pvlab(['run', '--bare', '--stats', elf]);
  const trap = pvlab(['run', '--mode', 'trap', '--stats', elf]);
  t.is(bare.status, 0, bare.stderr);
  t.is(trap.status, 0, trap.stderr);
  t.is(trap.stdout, 'hello from virtual M-mode\n');
  t.is(trap.stdout, bare.stdout);
  const count = (s: string) => /instructions\s+([\d,]+)/.exec(s)?.[1];
  t.truthy(count(bare.stderr));
  t.is(count(trap.stderr), count(bare.stderr));
  t.regex(trap.stderr, /^mode\s+trap/m);
  t.regex(trap.stderr, /^ {2}m-csr\s+2\s/m); // the reset ROM's csrr a0, mhartid and the program's
  t.regex(trap.stderr, /^ {2}mmio-write\s+[\d,]+/m);
  t.is(pvlab(['run', '--mode', 'trap', build(dir, 'fail', program('(7 << 16) | 0x3333'))]).status, 7);
});

test('an HTIF program on the page of its code ends with its code, virtualized', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-run-trap-'));
  const failing = build(dir, 'htif-fail', readFileSync(HTIF_FAIL, 'utf8'));
  const r = pvlab(['run', '--mode', 'trap', '--stats', failing]);
  t.is(r.status, 5, r.stderr);
  t.regex(r.stderr, /emulated-access/);
});

test('--trace prints one line per exit with what the hypervisor did; the C programs run as bare', (t) => {
  const elf = join(C_PROGRAMS, 'dt-walk.rvc.elf');
  const r = pvlab(['run', '--mode', 'trap', '--trace', '--memory', '16M', elf]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stderr, /^m-csr\s+pc=0x00001008 f1402573 csrr a0,mhartid\s+csr 0xf14 = 0x0/m);
  t.regex(r.stderr, /^shadow-fault\s+pc=0x00001000\s+shadow 0x1000 → guest 0x1000 rx/m);
  t.is(r.stdout, pvlab(['run', '--bare', '--memory', '16M', elf]).stdout);
});

test('two programs side by side: each prints what it prints alone, a line at a time, prefixed with its VM', (t) => {
  const a = join(C_PROGRAMS, 'pmp-off.elf'), b = join(C_PROGRAMS, 'dt-walk.rvc.elf');
  const two = pvlab(['run', '--mode', 'trap', '--memory', '16M', a, b]);
  t.is(two.status, 0, two.stderr);
  for (const [i, elf] of [a, b].entries()) {
    const alone = pvlab(['run', '--mode', 'trap', '--memory', '16M', elf]);
    const mine = two.stdout.split('\n').filter((l) => l.startsWith(`[vm${i}] `)).map((l) => l.slice(6) + '\n').join('');
    t.is(mine, alone.stdout);
  }
});

test('pvlab run --help teaches --mode trap', (t) => {
  const r = pvlab(['run', '--help']);
  t.is(r.status, 0);
  t.regex(r.stdout, /pvlab run --mode trap \[options\] PROGRAM\.elf \[PROGRAM\.elf …\]/);
  t.regex(r.stdout, /--mode trap {10}run it virtualized, under trap and emulate/);
  t.regex(r.stdout, /pvlab run --mode trap --stats rv32ui-p-add/);
});

test('what a VM cannot do is a one-line error with exit code 2', (t) => {
  const elf = join(C_PROGRAMS, 'dt-walk.elf');
  const cases: [string[], RegExp][] = [
    [['run', '--mode', 'paravirt', elf], /^pvlab: run: --mode paravirt: a program runs bare \(--bare\) or virtualized \(--mode trap\)\n$/],
    [['run', '--bare', '--mode', 'trap', elf], /^pvlab: run: --bare and --mode trap do not go together/],
    [['run', '--mode', 'trap', '--gdb', '127.0.0.1:1234', elf], /^pvlab: run: --gdb is not available with --mode trap \(yet\)/],
    [['run', '--mode', 'trap', '--memory', '3M', elf], /^pvlab: run: --memory: a VM's RAM must be a power of two of at least 1 MiB/],
    [['run', '--mode', 'trap', '--isa', 'rv64gc', elf], /^pvlab: run: unknown ISA 'rv64gc'/],
    [['run', '--mode', 'trap'], /^pvlab: run: give one program, or several to run side by side/],
    [['run', '--mode', 'trap', join(C_PROGRAMS, 'cases.ts')], /^pvlab: run: .*cases\.ts: not a loadable ELF file/],
    [['run', elf], /^pvlab: run: say how to run the program: --bare \(on the board alone\) or --mode trap \(virtualized\)/],
  ];
  for (const [args, message] of cases) {
    const r = pvlab(args);
    t.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    t.regex(r.stderr, message, args.join(' '));
    t.is(r.stderr.split('\n').length, 2, r.stderr);
  }
});
