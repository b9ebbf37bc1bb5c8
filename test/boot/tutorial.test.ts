/**
 * docs/tutorials/build-and-boot.md: every `sh` block runs (from the repo
 * root, with the built `pvlab` on the PATH) and prints every line of the
 * `text` block after it. Blocks tagged `sh qemu` need qemu-system-riscv32.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qemuAvailable } from './_helpers/kernel.js';

const ROOT = join(import.meta.dirname, '../..');
const page = readFileSync(join(ROOT, 'docs/tutorials/build-and-boot.md'), 'utf8');

/** (command block, expected output block) pairs, in page order. */
const steps = [...page.matchAll(/```sh( qemu)?\n([\s\S]*?)```\s*\n```text\n([\s\S]*?)```/g)].map((m) => ({
  qemu: Boolean(m[1]), script: m[2], expect: m[3].split('\n').map((l) => l.trim()).filter(Boolean),
}));

const bin = mkdtempSync(join(tmpdir(), 'pvlab-tutorial-'));
mkdirSync(join(bin, 'bin'));
writeFileSync(join(bin, 'bin/pvlab'), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'hypervisor/dist/cli/main.js')}" "$@"\n`, { mode: 0o755 });
const env = { ...process.env, PATH: `${join(bin, 'bin')}:${process.env.PATH}`, NO_COLOR: '1' };

test('the tutorial has its steps', (t) => {
  t.true(steps.length >= 7);
  t.true(steps.some((s) => s.qemu));
});

test.serial('every command of the tutorial runs and prints what the page shows', (t) => {
  for (const [i, s] of steps.entries()) {
    if (s.qemu && !qemuAvailable()) {
      if (process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') t.fail('qemu-system-riscv32 is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
      continue;
    }
    const r = spawnSync('/bin/bash', ['-eo', 'pipefail', '-c', s.script.replace(/npx pvlab/g, 'pvlab')], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
    const out = r.stdout + r.stderr;
    t.is(r.status, 0, `step ${i + 1}:\n${s.script}\n${out}`);
    for (const line of s.expect) t.true(out.includes(line), `step ${i + 1}: '${line}' not in:\n${out}`);
  }
});
