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
import { BOOT_MODES } from '@pvlab/hypervisor';

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
  t.regex(r.stderr, /^pvlab: the kernel did not shut down within 100,000 instructions \(--max-insns\); pc = 0x[0-9a-f]{8}/m);
});

test('bad modes, images and options are one-line errors with exit code 2', (t) => {
  const cases: [string[], RegExp][] = [
    [['boot', '--mode', 'warp'], /^pvlab: boot: unknown mode 'warp' \(modes: native, trap, paravirt\)\n$/],
    [['boot', '/nonexistent.elf'], /^pvlab: boot: cannot read kernel '\/nonexistent\.elf'\n$/],
    [['boot', 'package.json', '--script', '-'], /^pvlab: boot: kernel: not a loadable ELF file/],
    [['boot', '--firmware', 'package.json', '--script', '-'], /^pvlab: boot: firmware: not a loadable ELF file/],
    [['boot', '--max-insns', 'lots'], /^pvlab: boot: --max-insns needs a positive number, not 'lots'\n$/],
    [['boot', 'a.elf', 'b.elf'], /^pvlab: boot: give at most one kernel/],
  ];
  for (const [args, re] of cases) {
    const r = pvlab(args, '');
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr, re);
    t.notRegex(r.stderr, /\n\s+at /);
  }
});

test('modes not written yet say where they come from', (t) => {
  for (const mode of ['trap', 'paravirt'] as const) {
    if (BOOT_MODES[mode].run) {
      t.pass(`${mode} is available (its own tests cover it)`);
      continue;
    }
    const r = pvlab(['boot', '--mode', mode, '--script', '-'], 'halt\n');
    t.is(r.status, 2);
    t.regex(r.stderr, new RegExp(`^pvlab: boot: boot mode '${mode}' is not available yet \\(issue \\d`));
  }
});

test('boot --help teaches: modes, options, shell commands, examples', (t) => {
  const r = pvlab(['boot', '--help']);
  t.is(r.status, 0);
  for (const s of ['usage: pvlab boot [KERNEL.elf] [options]', 'native ', 'trap ', 'paravirt ', '--script FILE', '--max-insns N', '--stats', '--json', 'Ctrl-A then x', 'run NAME [ARGS]', 'examples:']) {
    t.true(r.stdout.includes(s), s);
  }
  t.regex(pvlab(['--help']).stdout, /boot\s+boot the teaching kernel: natively, trapped/);
});
