#!/usr/bin/env node
// The `pvlab` command as npm links it (package.json "bin"). It is a committed file of its own,
// not the built CLI itself, because npm links a bin only if its file exists at `npm install`
// time, and dist/ exists only after `npm run build`: with the built file as the bin, a fresh
// clone had no `pvlab` to run (and `npx pvlab` would look for it in the registry).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(`pvlab: the command is not built yet: run 'npm run build' in ${fileURLToPath(new URL('../..', import.meta.url))}\n`);
  process.exit(2);
}
await import(main.href);
