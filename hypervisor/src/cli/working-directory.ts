/**
 * The directory the user typed the command in. `npx pvlab …` typed inside a
 * workspace of the checkout (`cd guest-kernel/src && npx pvlab asm -T link.ld …`)
 * runs with the workspace's root as its working directory — npm moves to the
 * nearest folder with a package.json — and leaves the folder it was typed in
 * in INIT_CWD. The user's relative paths mean that folder, so pvlab goes back
 * there. Only that move is undone: `npm exec -w guest-kernel` from the root
 * moves down into the workspace on purpose, and any other way of starting
 * pvlab keeps its working directory.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where relative paths on the command line start from. */
export function userDirectory(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const typedIn = env.INIT_CWD;
  if (env.npm_command !== 'exec' || !typedIn || resolve(typedIn) === resolve(cwd) || !existsSync(typedIn)) return cwd;
  // npm's move: from where it was typed up to the nearest folder with a package.json.
  for (let dir = resolve(typedIn); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir === resolve(cwd) ? resolve(typedIn) : cwd;
    if (dirname(dir) === dir) return cwd;
  }
}
