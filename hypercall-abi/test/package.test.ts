/** The package's boundaries: it depends on no other pvlab package, and is used only through its index. */
import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const SRC = join(import.meta.dirname, '../src');
const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));

test('no source file imports another @pvlab package (the hypervisor implements our interfaces, not the reverse)', (t) => {
  t.true(files.length > 20);
  for (const f of files) t.notRegex(readFileSync(join(SRC, f), 'utf8'), /^\s*(import|export)\b[^\n]*from '@pvlab\//m, f);
});

test('no default exports', (t) => {
  for (const f of files) t.notRegex(readFileSync(join(SRC, f), 'utf8'), /export default/, f);
});
