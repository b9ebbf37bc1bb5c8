/**
 * `pvlab boot`, end to end with the built CLI: scripts from a file and
 * stdin, --json, --stats, the exit code, and one-line errors (exit 2) for
 * bad modes and files.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineWhileRunning } from '../cli/_helpers/stream.js';

const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'hypervisor/dist/cli/main.js');
const pvlab = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

test('boot --script FILE runs the session and exits with the kernel\'s code', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-boot-'));
  writeFileSync(join(dir, 's.txt'), 'echo one two\nrun null 50\nhalt 9\n');
  const r = pvlab(['boot', '--script', join(dir, 's.txt')]);
  t.is(r.status, 9, r.stderr);
  t.regex(r.stdout, /^pvlab kernel \(native\)\n/);
  t.regex(r.stdout, /\$ echo one two\none two\n\$ run null 50\nnull: 50 getpid calls ok\n\$ halt 9\ninit exited with status 9: shutting down\n$/);
});

test('boot --script - reads stdin; --stats counts traps and benchmark regions', (t) => {
  const r = pvlab(['boot', '--script', '-', '--stats'], 'run null 100\nhalt\n');
  t.is(r.status, 0, r.stderr);
  t.regex(r.stderr, /^mode +native$/m);
  t.regex(r.stderr, /^ +ecall-from-u +\d+/m);
  t.regex(r.stderr, /^ +region 1: [\d,]+ instructions/m);
});

test('boot --json prints one object with the transcript and the regions', (t) => {
  const r = pvlab(['boot', '--json', '--script', '-'], 'run null 10\nhalt 1\n');
  t.is(r.status, 1);
  const j = JSON.parse(r.stdout);
  t.is(j.mode, 'native');
  t.is(j.stop, 'shutdown');
  t.is(j.exitCode, 1);
  t.is(j.regions.length, 1);
  t.regex(j.transcript, /null: 10 getpid calls ok/);
});

test('a script without halt ends at the prompt with a note, exit code 0', (t) => {
  const r = pvlab(['boot', '--script', '-'], 'echo bye\n');
  t.is(r.status, 0);
  t.regex(r.stderr, /^pvlab: end of input: the kernel waits for console input that cannot come \(end the script with 'halt'\); pc = 0x[0-9a-f]{8} <idle_wfi\+0x4>$/m);
});

test('--max-insns stops the kernel: exit code 3 and where it was', (t) => {
  const r = pvlab(['boot', '--max-insns', '100000', '--script', '-'], 'halt\n');
  t.is(r.status, 3);
  t.regex(r.stderr, /^pvlab: the kernel did not shut down within its budget of 100,000 instructions \(--max-insns\); pc = 0x[0-9a-f]{8}/m);
});

test('bad modes, images and options are one-line errors with exit code 2', (t) => {
  const cases: [string[], RegExp][] = [
    [['boot', '--mode', 'warp'], /^pvlab: boot: unknown mode 'warp' \(modes: native, trap, paravirt\)\n$/],
    [['boot', '/nonexistent.elf'], /^pvlab: boot: cannot read kernel '\/nonexistent\.elf'\n$/],
    [['boot', '--memory', '1K'], /^pvlab: boot: --memory needs a size from 4K to 2G in whole 4K pages, such as 64M, not '1K'\n$/],
    [['boot', '--max-insns', '-5'], /^pvlab: boot: --max-insns needs a whole number from 1 to [\d,]+, not '-5'\n$/],
    [['boot', '--vms', '-1'], /^pvlab: boot: --vms needs a whole number from 1 to 8, not '-1'\n$/],
    [['boot', '--stats=yes'], /^pvlab: boot: --stats takes no value\n$/],
    [['boot', '--fast'], /^pvlab: boot: unknown option '--fast' \(try: pvlab boot --help\)\n$/],
    [['boot', 'package.json', '--script', '-'], /^pvlab: boot: kernel: not a loadable ELF file/],
    [['boot', '--firmware', 'package.json', '--script', '-'], /^pvlab: boot: firmware: not a loadable ELF file/],
    [['boot', '--max-insns', 'lots'], /^pvlab: boot: --max-insns needs a whole number from 1 to [\d,]+, not 'lots'\n$/],
    [['boot', 'a.elf', 'b.elf'], /^pvlab: boot: give at most one kernel/],
  ];
  for (const [args, re] of cases) {
    const r = pvlab(args, '');
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr, re);
    t.notRegex(r.stderr, /\n\s+at /);
  }
});

test('the wrong build of the kernel for the mode is named, with the mode or image to use, exit 2', (t) => {
  const kernel = join(ROOT, 'guest-kernel/dist/kernel.elf');
  const pv = join(ROOT, 'guest-kernel/dist/kernel-pv.elf');
  const cases: [string[], RegExp][] = [
    [['boot', kernel, '--mode', 'paravirt'], /^pvlab: boot: .*\/kernel\.elf: this is the kernel's native build \(kernel\.elf: no PARAVIRT symbol\), which runs in mode native or trap; mode paravirt runs its PARAVIRT build, kernel-pv\.elf\n$/],
    [['boot', pv], /^pvlab: boot: .*\/kernel-pv\.elf: this is the kernel's PARAVIRT build \(kernel-pv\.elf: it asks a hypervisor by hypercall\), which runs only in mode paravirt; mode native runs kernel\.elf\n$/],
    [['boot', pv, '--mode', 'trap'], /^pvlab: boot: .*\/kernel-pv\.elf: this is the kernel's PARAVIRT build .*; mode trap runs kernel\.elf\n$/],
  ];
  for (const [args, re] of cases) {
    const r = pvlab([...args, '--script', '-', '--max-insns', '50000000'], 'halt\n');
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr, re);
    t.is(r.stdout, '');
  }
});

test('--memory: what the board or a VM cannot have, or less than the kernel uses, is one line, exit 2', (t) => {
  const cases: [string[], RegExp][] = [
    [['boot', '--memory', '8M'], /^pvlab: boot: memory: the kernel uses RAM up to 0x81000000 \(its RAM_END\), so it needs at least 16 MiB, not 8 MiB\n$/],
    [['boot', '--mode', 'trap', '--memory', '24M'], /^pvlab: boot: memory: a VM's RAM must be a power of two of at least 1 MiB \(one NAPOT PMP entry fences it\), not 24 MiB\n$/],
    [['boot', '--mode', 'paravirt', '--memory', '1G', '--vms', '2'], /^pvlab: boot: memory: 2 VMs of 1024 MiB \(and 2 MiB of shadow tables each\) need 2052 MiB of the board's at most 2048 MiB\n$/],
  ];
  for (const [args, re] of cases) {
    const r = pvlab([...args, '--script', '-'], 'halt\n');
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr, re);
  }
  // Enough memory boots, natively and in each VM.
  t.is(pvlab(['boot', '--memory', '16M', '--script', '-'], 'halt 5\n').status, 5);
  t.is(pvlab(['boot', '--mode', 'trap', '--memory', '32M', '--script', '-'], 'halt 6\n').status, 6);
});

test('boot --help teaches: modes, options, shell commands, examples', (t) => {
  const r = pvlab(['boot', '--help']);
  t.is(r.status, 0);
  for (const s of ['usage: pvlab boot [KERNEL.elf] [options]', 'native ', 'trap ', 'paravirt ', '--script FILE', '--max-insns N', '--stats', '--json', 'Ctrl-A then x', 'run NAME [ARGS]', 'examples:']) {
    t.true(r.stdout.includes(s), s);
  }
  t.regex(pvlab(['--help']).stdout, /boot\s+boot the teaching kernel: natively, trapped/);
});

test('a scripted boot streams the console: the first line appears while the kernel runs on', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-boot-'));
  // After the echo, a workload that runs for hours: only streamed output can be seen.
  writeFileSync(join(dir, 's.txt'), 'echo streamed\nrun compute 1000000\nhalt\n');
  for (const mode of ['native', 'trap']) {
    t.true(await lineWhileRunning([CLI, 'boot', '--mode', mode, '--script', join(dir, 's.txt')], '\nstreamed\n'), `${mode}: the echo never appeared`);
  }
});

test('boot --help: every example is one command line', (t) => {
  const help = pvlab(['boot', '--help']).stdout;
  const examples = help.slice(help.indexOf('examples:\n') + 'examples:\n'.length).trimEnd().split('\n');
  t.true(examples.length >= 4);
  for (const line of examples) t.regex(line, /^ {2}(printf '[^']*' \| )?pvlab boot\b/, line);
  t.true(help.includes("printf 'run null 100\\nhalt\\n' | pvlab boot --mode trap --script - --stats"));
});
