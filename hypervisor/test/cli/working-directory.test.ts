/**
 * Where relative paths start (cli/working-directory.ts): `npx pvlab` typed
 * inside a workspace folder runs in the workspace's root with the folder in
 * INIT_CWD, and pvlab goes back there; nothing else moves it.
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userDirectory } from '../../src/cli/working-directory.js';

/** root/package.json, root/ws/package.json, root/ws/src/deep, root/docs. */
function checkout() {
  const root = mkdtempSync(join(tmpdir(), 'pvlab-cwd-'));
  for (const d of ['ws/src/deep', 'docs']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{}');
  writeFileSync(join(root, 'ws/package.json'), '{}');
  return root;
}

test('npx typed in a workspace\'s folder: back to that folder', (t) => {
  const root = checkout();
  const exec = (typedIn: string) => ({ npm_command: 'exec', INIT_CWD: typedIn });
  t.is(userDirectory(exec(join(root, 'ws/src')), join(root, 'ws')), join(root, 'ws/src'));
  t.is(userDirectory(exec(join(root, 'ws/src/deep')), join(root, 'ws')), join(root, 'ws/src/deep'));
});

test('anything else keeps the working directory', (t) => {
  const root = checkout();
  const ws = join(root, 'ws');
  // npm exec -w ws, typed at the root: npm moved down into the workspace on purpose.
  t.is(userDirectory({ npm_command: 'exec', INIT_CWD: root }, ws), ws);
  // npm run / npm start: scripts run in the package's root by design.
  t.is(userDirectory({ npm_command: 'run-script', INIT_CWD: join(ws, 'src') }, ws), ws);
  // Not started by npm at all.
  t.is(userDirectory({}, join(ws, 'src')), join(ws, 'src'));
  // Typed in a folder whose nearest package.json is not the working directory (an inherited INIT_CWD).
  t.is(userDirectory({ npm_command: 'exec', INIT_CWD: join(ws, 'src') }, root), root);
  t.is(userDirectory({ npm_command: 'exec', INIT_CWD: join(root, 'docs') }, join(root, 'docs')), join(root, 'docs'));
  // A folder that no longer exists.
  t.is(userDirectory({ npm_command: 'exec', INIT_CWD: join(ws, 'gone') }, ws), ws);
});
