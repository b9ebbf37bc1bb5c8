/**
 * docs/tutorials/debug-the-kernel.md: every `sh` block runs as printed (from
 * the checkout's root, with the built `pvlab` on the PATH) and prints every
 * line of the `text` block after it (runs of blanks compared as one: gdb
 * separates columns with tabs). Blocks tagged `sh gdb` need gdb-multiarch.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, gdbAvailable } from './_helpers/gdb.js';

const page = readFileSync(join(ROOT, 'docs/tutorials/debug-the-kernel.md'), 'utf8');
const blanks = (s: string) => s.replace(/\s+/g, ' ').trim();

/** (command block, expected output block) pairs, in page order. */
const steps = [...page.matchAll(/```sh( gdb)?\n([\s\S]*?)```\s*\n```text\n([\s\S]*?)```/g)].map((m) => ({
  gdb: Boolean(m[1]), script: m[2], expect: m[3].split('\n').map(blanks).filter(Boolean),
}));

const bin = mkdtempSync(join(tmpdir(), 'pvlab-gdb-tutorial-'));
mkdirSync(join(bin, 'bin'));
writeFileSync(join(bin, 'bin/pvlab'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
const env = { ...process.env, PATH: `${join(bin, 'bin')}:${process.env.PATH}`, NO_COLOR: '1' };

test('the tutorial has its steps: a bug planted, found with gdb in native and trap modes, fixed', (t) => {
  t.is(steps.length, 6);
  t.is(steps.filter((s) => s.gdb).length, 4);
  t.true(steps.some((s) => s.gdb && s.script.includes('--mode trap') && s.script.includes('monitor break-on-exit')));
});

test.serial('every command of the tutorial runs and prints what the page shows', (t) => {
  const haveGdb = gdbAvailable();
  if (!haveGdb) {
    if (process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') t.fail('gdb-multiarch is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
    else t.log('gdb-multiarch is not installed: its steps are skipped');
  }
  for (const [i, s] of steps.entries()) {
    if (s.gdb && !haveGdb) continue;
    const r = spawnSync('/bin/bash', ['-eo', 'pipefail', '-c', s.script.replace(/npx pvlab/g, 'pvlab')], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' });
    const out = r.stdout + r.stderr;
    t.is(r.status, 0, `step ${i + 1}:\n${s.script}\n${out}`);
    const lines = out.split('\n').map(blanks);
    for (const line of s.expect) t.true(lines.some((l) => l.includes(line)), `step ${i + 1}: '${line}' not in:\n${out}`);
  }
});
