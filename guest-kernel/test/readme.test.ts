/**
 * guest-kernel/README.md stays true to the sources: its seam table has a
 * row for every macro of pvops.inc and none more, its file table names every
 * source of the build, its system call table every row of syscalls.inc.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUEST_KERNEL_ROOT, KERNEL_SOURCES } from '../src/index.js';

const readme = readFileSync(join(GUEST_KERNEL_ROOT, 'README.md'), 'utf8');
const src = (f: string) => readFileSync(join(GUEST_KERNEL_ROOT, 'src', f), 'utf8');

test('the seam table lists every pv-op macro, with its arguments', (t) => {
  const macros = [...src('pvops.inc').matchAll(/^\.macro (pv_\w+)([^#\n]*)/gm)].map((m) => `${m[1]} ${m[2].trim()}`.trim());
  const rows = [...readme.matchAll(/^\| `(pv_[^`]+)` \|/gm)].map((m) => m[1]);
  t.deepEqual(rows, macros);
});

test('the file table names every source file of the build', (t) => {
  for (const f of KERNEL_SOURCES) {
    const base = f.replace(/\.s$/, '');
    t.true(readme.includes(`src/${f}`) || readme.includes(base.split('/').pop()!), f);
  }
});

test('the system call table follows syscalls.inc', (t) => {
  const calls = [...src('syscalls.inc').matchAll(/^\s+\\def (\w+),\s+(\d+),/gm)].map((m) => `${m[2]} ${m[1]}`);
  const rows = [...readme.matchAll(/^\| (\d+) \| `(\w+)\(/gm)].map((m) => `${m[1]} ${m[2]}`);
  t.deepEqual(rows, calls);
});
