/**
 * docs/tutorials/benchmark.md: every `sh` block runs exactly as printed
 * (from the checkout's root, as the page says; `npx pvlab` as npm links it)
 * and prints the lines of the `text` block after it,
 * in shape: the words and the layout must match, the numbers may differ
 * (host times are measured; the exact counts are checked by the other
 * tests). And the "add a workload" recipe works: in a copy of the kernel's
 * sources, the page's program and PROGRAMS line build a kernel whose new
 * workload runs and is measured natively and trapped.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';
import { GUEST_KERNEL_ROOT, KERNEL_SOURCES, buildFirmware } from '@pvlab/guest-kernel';
import { measureRegion } from '@pvlab/hypervisor';
import { DOCS_ENV, ROOT, npxProblem } from '../_helpers/pvlab-command.js';

const page = readFileSync(join(ROOT, 'docs/tutorials/benchmark.md'), 'utf8');

/** (command block, expected output block) pairs, in page order. */
const steps = [...page.matchAll(/```sh\n([\s\S]*?)```\s*\n```text\n([\s\S]*?)```/g)].map((m) => ({
  script: m[1], expect: m[2].split('\n').map((l) => l.trim()).filter(Boolean),
}));

/**
 * A line of the page as a pattern for the start of an output line: numbers match any number, runs of
 * spaces any run, a trailing '...' anything (a version, a date).
 */
const shape = (line: string): RegExp =>
  new RegExp('^' + line.replace(/\.\.\.$/, '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/\d[\d,]*(\\\.\d+)?/g, '[\\d,]+(\\.\\d+)?').replace(/ +/g, ' +'));


test('the tutorial has its steps', (t) => {
  t.is(steps.length, 7);
  t.true(shape('null  getpid  129  4,069  31.5x').test('null getpid 131   14,069 31x'));
  t.false(shape('null  getpid  129  4,069  31.5x').test('null getpid 131 missing 31x'), 'the shape check can fail');
});

test.serial('every command of the tutorial runs as printed and prints what the page shows', (t) => {
  const problem = npxProblem();
  if (problem) return t.fail(problem);
  for (const [i, s] of steps.entries()) {
    const r = spawnSync('/bin/bash', ['-eo', 'pipefail', '-c', s.script], { cwd: ROOT, env: DOCS_ENV, encoding: 'utf8', timeout: 240_000 });
    const out = (r.stdout + r.stderr).split('\n').map((l) => l.trim());
    t.is(r.status, 0, `step ${i + 1}:\n${s.script}\n${r.stdout}${r.stderr}`);
    for (const line of s.expect) t.true(out.some((o) => shape(line).test(o)), `step ${i + 1}: no line like '${line}' in:\n${out.join('\n')}`);
  }
});

test('adding a workload as the page says: the new program builds, runs and is measured', (t) => {
  const program = /```asm guest-kernel\/src\/user\/clock\.s\n([\s\S]*?)```/.exec(page);
  const def = /```text guest-kernel\/src\/programs\.inc\n([\s\S]*?)```/.exec(page);
  t.truthy(program && def, 'the page has the program and its PROGRAMS line');
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-bench-workload-'));
  cpSync(join(GUEST_KERNEL_ROOT, 'src'), join(dir, 'src'), { recursive: true });
  cpSync(join(GUEST_KERNEL_ROOT, 'include'), join(dir, 'include'), { recursive: true });
  const unindent = (s: string) => s.split('\n').map((l) => l.replace(/^ {3}/, '')).join('\n');
  writeFileSync(join(dir, 'src/user/clock.s'), unindent(program![1]));
  const programs = readFileSync(join(dir, 'src/programs.inc'), 'utf8');
  writeFileSync(join(dir, 'src/programs.inc'), programs.replace(/\n\.endm/, `\n${unindent(def![1]).trimEnd()}\n.endm`));
  const src = join(dir, 'src');
  const result = assemble([...KERNEL_SOURCES, 'user/clock.s'].map((s) => ({ path: join(src, s) })), {
    includePaths: [src, join(dir, 'include')],
    layout: readFileSync(join(src, 'link.ld'), 'utf8'),
    layoutFile: join(src, 'link.ld'),
    werror: true,
  });
  t.true(result.ok, result.formatDiagnostics());
  const images = { kernel: result.program!.elf(), firmware: buildFirmware().elf };
  const native = measureRegion(images, 'native', 'clock', 100);
  const trap = measureRegion(images, 'trap', 'clock', 100);
  t.true(native.instructions > 100 * 50, `${native.instructions} instructions`);
  t.is(trap.instructions, native.instructions);
  t.true(trap.exitsByReason['guest-ecall'] >= 100, JSON.stringify(trap.exitsByReason));
});
