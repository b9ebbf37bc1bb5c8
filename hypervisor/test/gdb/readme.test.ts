/** The gdb server's README names every file of the folder, and only those. */
import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '../../src/gdb');

test('the README table is the folder', (t) => {
  const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
  const listed = [...readme.matchAll(/^\| `([\w-]+\.ts)` \|/gm)].map((m) => m[1]).sort();
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts').sort();
  t.deepEqual(listed, files);
});
