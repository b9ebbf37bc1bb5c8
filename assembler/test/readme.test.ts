/**
 * assembler/README.md stays true to the package: its file table names every
 * source file and folder under src/ and every test folder, and everything it
 * names exists.
 */
import test from 'ava';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Paths in the first column of the file table (`| \`src/api.ts\` | … |`). */
const listed = [...readme.matchAll(/^\| `((?:src|test)\/[^`]*)`(?:, `[^`]*`)* \|/gm)].map((m) => m[1].replace(/\/$/, ''));

function walk(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir).filter(keep).flatMap((name) => {
    const path = join(dir, name);
    const rel = relative(ROOT, path);
    return statSync(path).isDirectory() ? [rel, ...walk(path, keep)] : [rel];
  });
}

test('the file table lists every source file and folder', (t) => {
  const sources = walk(join(ROOT, 'src'), () => true);
  t.true(sources.length > 80);
  t.deepEqual(sources.filter((p) => !listed.includes(p)), []);
});

test('the file table lists every test folder (helpers and fixtures as such)', (t) => {
  const folders = readdirSync(join(ROOT, 'test')).filter((n) => statSync(join(ROOT, 'test', n)).isDirectory()).map((n) => `test/${n}`);
  t.deepEqual(folders.filter((p) => !listed.includes(p)), []);
});

test('everything the file table names exists', (t) => {
  t.true(listed.length > 80);
  t.deepEqual(listed.filter((p) => !existsSync(join(ROOT, p))), []);
});

test('no path is listed twice', (t) => {
  t.deepEqual(listed.filter((p, i) => listed.indexOf(p) !== i), []);
});
