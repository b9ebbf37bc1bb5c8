/**
 * The version a report names: the hypervisor package's version and, in a
 * git checkout, the commit (with `+` when the tree has changes), so that
 * two reports can be told apart.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** `pvlab 0.1.0 (git 0916d83+)`. */
export function pvlabVersion(): string {
  if (cached) return cached;
  // src/bench/version.ts and dist/cli/main.js both sit inside the package; walk up to its package.json.
  let dir = dirname(fileURLToPath(import.meta.url));
  let version = 'unknown';
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const p = join(dir, 'package.json');
    if (!existsSync(p)) continue;
    const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === '@pvlab/hypervisor') {
      version = pkg.version ?? version;
      break;
    }
  }
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  const commit = head.status === 0 ? head.stdout.trim() : '';
  const dirty = commit && git('status', '--porcelain', '--untracked-files=no').stdout.trim() ? '+' : '';
  cached = `pvlab ${version}${commit ? ` (git ${commit}${dirty})` : ''}`;
  return cached;
}
