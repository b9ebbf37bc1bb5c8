/**
 * The README's example commands run and do what it says (in a scratch
 * directory, with the workspace's `pvlab` on the PATH).
 */
import test from 'ava';
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

test('the README quickstart example assembles and disassembles hello.s', (t) => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /```sh\nnpx pvlab asm --help\n([^`]*)```/.exec(readme);
  t.truthy(block, 'the README has the pvlab asm example block');
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-readme-'));
  // `pvlab` as npm links it: the built CLI (npm test builds it first).
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin/pvlab'), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'hypervisor/dist/cli/main.js')}" "$@"\n`, { mode: 0o755 });
  const env = { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` };
  const out = execSync(block![1].replace(/npx pvlab/g, 'pvlab'), { cwd: dir, env, encoding: 'utf8', shell: '/bin/bash' });
  t.regex(out, /li\s+a0,42/);
  t.regex(out, /j\s+80000004/);
});
