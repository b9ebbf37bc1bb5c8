/**
 * docs/architecture.md stays true to the tree: every file or folder it names
 * exists, every package folder of the repository is on its map, and every
 * source folder of the hypervisor package is in its table.
 */
import test from 'ava';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const text = readFileSync(join(REPO, 'docs/architecture.md'), 'utf8');

/** Repository paths the page names in backticks or links (`hypervisor/src/vmm/world-switch.ts`, `src/pvops.inc` in its package). */
function namedPaths(): string[] {
  const paths = new Set<string>();
  for (const m of text.matchAll(/`((?:assembler|hypercall-abi|guest-kernel|hypervisor|test|docs|scripts)\/[\w./-]*)`/g)) paths.add(m[1]);
  for (const m of text.matchAll(/\]\(\.\.\/([\w./-]+)\)/g)) paths.add(m[1]);
  return [...paths];
}

test('every path the architecture page names exists', (t) => {
  const paths = namedPaths();
  t.true(paths.length > 20, `${paths.length} paths found`);
  t.deepEqual(paths.filter((p) => !existsSync(join(REPO, p))), []);
});

test('every source folder of the hypervisor package is on the map', (t) => {
  const src = join(REPO, 'hypervisor/src');
  const folders = readdirSync(src).filter((n) => statSync(join(src, n)).isDirectory());
  t.true(folders.length >= 5);
  for (const f of folders) t.true(text.includes(`hypervisor/src/${f}/`), `hypervisor/src/${f}/ is described`);
});

test('both modes of the hypervisor have their room, named on the page', (t) => {
  for (const room of ['vmm/trap', 'vmm/paravirt']) t.true(existsSync(join(REPO, 'hypervisor/src', room)) && text.includes('`trap/`') && text.includes('`paravirt/`'), room);
});
