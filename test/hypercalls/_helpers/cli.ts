/** Running the built `pvlab` (npm test builds it first) as a user would, from a scratch directory. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export const ROOT = join(import.meta.dirname, '../../..');
export const CLI = join(ROOT, 'hypervisor/dist/cli/main.js');

/** A scratch directory with a `pvlab` shim on PATH; run(cmd) runs a shell command in it. */
export function scratch(prefix = 'pvlab-hc-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, '.bin'));
  writeFileSync(join(dir, '.bin/pvlab'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  const env = { ...process.env, PATH: `${join(dir, '.bin')}:${process.env.PATH}`, NO_COLOR: '1' };
  return {
    dir,
    write: (name: string, text: string) => writeFileSync(join(dir, name), text),
    run: (command: string) => spawnSync('/bin/bash', ['-c', command], { cwd: dir, env, encoding: 'utf8' }),
    pvlab: (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env, encoding: 'utf8' }),
  };
}
