/**
 * The `pvlab` command the way the docs tell a person to get it, for the tests
 * that run the docs' commands exactly as printed:
 * - inside the checkout, `npx pvlab`: npm links node_modules/.bin/pvlab at
 *   `npm install` (hypervisor/bin/pvlab.js);
 * - elsewhere, the README's `npm install -g ./hypervisor`, run here into a
 *   temporary global prefix so that the machine's own is never touched.
 * npm runs offline in these tests: a `pvlab` that is not linked must fail,
 * never be fetched from the registry.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

/** The environment of a shell that runs the docs' commands: colours off, npm offline and quiet. */
export const DOCS_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  NO_COLOR: '1',
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

/** Why `npx pvlab` cannot run in this checkout, or undefined when it can. */
export function npxProblem(): string | undefined {
  const link = join(ROOT, 'node_modules/.bin/pvlab');
  if (!existsSync(link)) return 'node_modules/.bin/pvlab is missing: run npm install (it links hypervisor/bin/pvlab.js)';
  if (realpathSync(link) !== realpathSync(join(ROOT, 'hypervisor/bin/pvlab.js'))) return `node_modules/.bin/pvlab is ${realpathSync(link)}: run npm install again (it links hypervisor/bin/pvlab.js)`;
  return undefined;
}

/** The README's command that puts `pvlab` on the PATH. */
export const GLOBAL_INSTALL = (() => {
  const m = /^(npm install -g \.\/hypervisor)\b/m.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  if (!m) throw new Error('README.md does not say how to put pvlab on the PATH (npm install -g ./hypervisor)');
  return m[1];
})();

let installed: { bin: string; env: NodeJS.ProcessEnv } | undefined;

/**
 * Run the README's global install from the checkout's root into a temporary prefix (once per
 * process): the folder it put `pvlab` in, and an environment with that folder first on the PATH.
 */
export function globallyInstalled(): { bin: string; env: NodeJS.ProcessEnv } {
  if (installed) return installed;
  const prefix = mkdtempSync(join(tmpdir(), 'pvlab-global-'));
  const env = { ...DOCS_ENV, npm_config_prefix: prefix, npm_config_global_prefix: prefix };
  const r = spawnSync('/bin/bash', ['-c', GLOBAL_INSTALL], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${GLOBAL_INSTALL} failed:\n${r.stdout}${r.stderr}`);
  const bin = join(prefix, 'bin');
  if (!existsSync(join(bin, 'pvlab'))) throw new Error(`${GLOBAL_INSTALL} put no pvlab in ${bin}`);
  installed = { bin, env: { ...env, PATH: `${bin}:${process.env.PATH}` } };
  return installed;
}

/** A new folder inside the checkout, under out/ (which git ignores), for commands that write files. */
export function checkoutScratch(prefix: string): string {
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  return mkdtempSync(join(ROOT, 'out', prefix));
}
