/**
 * The `pvlab` command npm links (package.json "bin"): a committed file, so
 * that `npm install` on a fresh clone links it before anything is built
 * (npm links no bin whose file is missing); it runs the built CLI, or says
 * how to build it.
 */
import test from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = join(import.meta.dirname, '../..');
const bin: string = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')).bin.pvlab;

test('the bin is a committed, executable file outside dist/', (t) => {
  t.false(bin.replace(/^\.\//, '').startsWith('dist/'), bin);
  const tracked = execFileSync('git', ['ls-files', '--stage', bin], { cwd: PACKAGE, encoding: 'utf8' });
  t.regex(tracked, /^100755 /, `${bin} must be committed with its executable bit`);
  t.true((statSync(join(PACKAGE, bin)).mode & 0o111) !== 0);
});

test('it runs the built CLI', (t) => {
  const r = spawnSync(process.execPath, [join(PACKAGE, bin), '--version'], { encoding: 'utf8' });
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /^pvlab \d+\.\d+\.\d+\n$/);
});

test('before a build it says how to build, one line, exit 2', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-bin-'));
  mkdirSync(join(dir, 'hypervisor/bin'), { recursive: true });
  copyFileSync(join(PACKAGE, bin), join(dir, 'hypervisor/bin/pvlab.js'));
  const r = spawnSync(process.execPath, [join(dir, 'hypervisor/bin/pvlab.js'), '--version'], { encoding: 'utf8' });
  t.is(r.status, 2);
  t.is(r.stderr, `pvlab: the command is not built yet: run 'npm run build' in ${dir}/\n`);
});
