/**
 * docs/tutorials/build-and-boot.md: every `sh` block runs exactly as printed
 * (from the checkout's root, as the page says; `npx pvlab` as npm links it)
 * and prints every line of the `text` block after it. Blocks tagged
 * `sh qemu` need qemu-system-riscv32.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCS_ENV, ROOT, npxProblem } from '../_helpers/pvlab-command.js';
import { qemuAvailable } from './_helpers/kernel.js';

const page = readFileSync(join(ROOT, 'docs/tutorials/build-and-boot.md'), 'utf8');

/** (command block, expected output block) pairs, in page order. */
const steps = [...page.matchAll(/```sh( qemu)?\n([\s\S]*?)```\s*\n```text\n([\s\S]*?)```/g)].map((m) => ({
  qemu: Boolean(m[1]), script: m[2], expect: m[3].split('\n').map((l) => l.trim()).filter(Boolean),
}));

test('the tutorial has its steps, one of them inside a workspace folder', (t) => {
  t.true(steps.length >= 7);
  t.true(steps.some((s) => /^cd guest-kernel\/src\nnpx pvlab asm -T link\.ld /m.test(s.script)));
  t.true(steps.some((s) => s.qemu));
});

test.serial('every command of the tutorial runs as printed and prints what the page shows', (t) => {
  const problem = npxProblem();
  if (problem) return t.fail(problem);
  for (const [i, s] of steps.entries()) {
    if (s.qemu && !qemuAvailable()) {
      if (process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') t.fail('qemu-system-riscv32 is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
      continue;
    }
    const r = spawnSync('/bin/bash', ['-eo', 'pipefail', '-c', s.script], { cwd: ROOT, env: DOCS_ENV, encoding: 'utf8', timeout: 120_000 });
    const out = r.stdout + r.stderr;
    t.is(r.status, 0, `step ${i + 1}:\n${s.script}\n${out}`);
    for (const line of s.expect) t.true(out.includes(line), `step ${i + 1}: '${line}' not in:\n${out}`);
  }
});
