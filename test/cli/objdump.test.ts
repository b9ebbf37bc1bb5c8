/**
 * `pvlab objdump` against GNU objdump: every differential-corpus program,
 * assembled by pvlab, disassembles to exactly the text objdump prints, in
 * both the default and the `-M no-aliases` mode. Committed golden text keeps
 * the test meaningful where binutils is absent.
 */
import test from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';
import { corpusPrograms, rvtestProgram } from '../../assembler/test/_helpers/programs.js';

const CLI = join(import.meta.dirname, '../../hypervisor/dist/cli/main.js');
const GOLDEN = join(import.meta.dirname, '_golden');

function hasObjdump(): boolean {
  try {
    execFileSync('riscv64-unknown-elf-objdump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const live = hasObjdump();

/** A program whose -T script lays out two code sections (objdump's lui memory crosses them). */
const FIXTURES = join(import.meta.dirname, '_fixtures');
const twoSections = {
  name: 'two-sections',
  files: [{ path: 'two-sections.s', text: readFileSync(join(FIXTURES, 'two-sections.s'), 'utf8') }],
  script: readFileSync(join(FIXTURES, 'two-sections.ld'), 'utf8'),
  includePaths: [] as string[],
  defsym: {},
};

for (const program of [...corpusPrograms(), rvtestProgram(), twoSections]) {
  for (const mode of [[], ['-M', 'no-aliases']]) {
    const label = `${program.name}${mode.length ? ' (no-aliases)' : ''}`;
    test(`pvlab objdump equals objdump -d: ${label}`, (t) => {
      if (!live && process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') return t.fail('riscv64-unknown-elf-objdump is required but not installed');
      const r = assemble(program.files, { layout: program.script, includePaths: program.includePaths, defsym: program.defsym, march: (program as { march?: string }).march });
      t.true(r.ok, r.formatDiagnostics());
      const dir = mkdtempSync(join(tmpdir(), 'pvlab-objdump-'));
      writeFileSync(join(dir, 'prog.elf'), r.program!.elf());
      const ours = spawnSync(process.execPath, [CLI, 'objdump', ...mode, 'prog.elf'], { cwd: dir, encoding: 'utf8' });
      t.is(ours.status, 0, ours.stderr);
      const golden = join(GOLDEN, `${program.name}${mode.length ? '.raw' : ''}.txt`);
      if (live) {
        const gnu = execFileSync('riscv64-unknown-elf-objdump', ['-d', ...mode, 'prog.elf'], { cwd: dir, encoding: 'utf8' });
        t.is(ours.stdout, gnu);
        if (process.env.PVLAB_UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, gnu);
      }
      t.is(ours.stdout, readFileSync(golden, 'utf8'), 'differs from the committed golden text (regenerate with PVLAB_UPDATE_GOLDEN=1)');
    });
  }
}

test('pvlab objdump rejects a file that is not ELF with a one-line error', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-objdump-'));
  writeFileSync(join(dir, 'x.txt'), 'hello');
  const r = spawnSync(process.execPath, [CLI, 'objdump', 'x.txt'], { cwd: dir, encoding: 'utf8' });
  t.is(r.status, 2);
  t.is(r.stderr, 'pvlab: objdump: x.txt: not an ELF file (bad magic)\n');
});

test('-j naming no section of the file: GNU objdump\'s warning, in its order, and its exit status', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-objdump-'));
  const r = assemble([{ path: 'h.s', text: '.globl _start\n_start: li a0, 42\n j .\n' }]);
  writeFileSync(join(dir, 'h.elf'), r.program!.elf());
  const warning = (name: string) => `section '${name}' mentioned in a -j option, but not found in any input file`;
  const cases: [string[], number, string[]][] = [
    [['-j', '.nosuch'], 1, [warning('.nosuch')]],
    [['-j', '.nosuch', '-j', '.other'], 1, [warning('.other'), warning('.nosuch')]],
    [['-j', '.nosuch', '-j', '.text'], 0, []],
  ];
  for (const [args, status, warnings] of cases) {
    const ours = spawnSync(process.execPath, [CLI, 'objdump', ...args, 'h.elf'], { cwd: dir, encoding: 'utf8' });
    t.is(ours.status, status, args.join(' '));
    t.is(ours.stderr, warnings.map((w) => `pvlab: objdump: ${w}\n`).join(''), args.join(' '));
    if (!live) continue;
    const gnu = spawnSync('riscv64-unknown-elf-objdump', ['-d', ...args, 'h.elf'], { cwd: dir, encoding: 'utf8' });
    t.is(ours.status, gnu.status, `exit status of ${args.join(' ')}`);
    t.is(ours.stderr.replaceAll('pvlab: objdump: ', ''), gnu.stderr.replaceAll('riscv64-unknown-elf-objdump: ', ''));
    t.is(ours.stdout, gnu.stdout);
  }
});
