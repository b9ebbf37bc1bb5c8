/**
 * docs/board.md: every `sh` block runs (from the repo root, with the built
 * `pvlab` on the PATH) and prints every line of the `text` block after it.
 * Blocks tagged `sh qemu` need qemu-system-riscv32, `sh dtc` the
 * device-tree compiler.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const page = readFileSync(join(ROOT, 'docs/board.md'), 'utf8');

const steps = [...page.matchAll(/```sh( qemu| dtc)?\n([\s\S]*?)```\s*\n```text\n([\s\S]*?)```/g)].map((m) => ({
  tool: m[1]?.trim(), script: m[2], expect: m[3].split('\n').map((l) => l.trim()).filter(Boolean),
}));
const TOOLS: Record<string, string> = { qemu: 'qemu-system-riscv32', dtc: 'dtc' };
const has = (tool: string) => spawnSync(TOOLS[tool], ['--version']).status === 0;

const dir = mkdtempSync(join(tmpdir(), 'pvlab-board-doc-'));
mkdirSync(join(dir, 'bin'));
writeFileSync(join(dir, 'bin/pvlab'), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'hypervisor/dist/cli/main.js')}" "$@"\n`, { mode: 0o755 });
const env = { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, NO_COLOR: '1', TMPDIR: dir };

test('the page has its steps, some for QEMU and dtc', (t) => {
  t.true(steps.length >= 8);
  t.true(steps.some((s) => s.tool === 'qemu'));
  t.true(steps.some((s) => s.tool === 'dtc'));
});

test.serial('every command of the page runs and prints what the page shows', (t) => {
  for (const [i, s] of steps.entries()) {
    if (s.tool && !has(s.tool)) {
      if (process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') t.fail(`${TOOLS[s.tool]} is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)`);
      continue;
    }
    const script = s.script.replaceAll('/tmp/', `${dir}/`);
    const r = spawnSync('/bin/bash', ['-eo', 'pipefail', '-c', script], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
    const out = (r.stdout + r.stderr).split('\n').map((l) => l.trim()).join('\n');
    t.is(r.status, 0, `step ${i + 1}:\n${s.script}\n${out}`);
    for (const line of s.expect) t.true(out.includes(line), `step ${i + 1}: '${line}' not in:\n${out}`);
  }
});
