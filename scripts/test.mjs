#!/usr/bin/env node
// `npm test`: build what the tests need, type-check everything, run every
// test with ava, and end with the plain line `N passed, N failed` that CI reads.
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';

function run(cmd, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['inherit', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'], env: process.env });
    let out = '';
    if (capture) {
      for (const s of [child.stdout, child.stderr]) s.on('data', (d) => { out += d; (s === child.stdout ? process.stdout : process.stderr).write(d); });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

const extra = process.argv.slice(2);
const step = (name) => console.log(`\n== ${name}`);

step('build');
const build = await run('npm', ['run', '--silent', 'build']);
if (build.code !== 0) { console.log('\n0 passed, 1 failed'); process.exit(1); }

// The tutorials' tests run `npx pvlab` as printed: npm links hypervisor/bin/pvlab.js as
// node_modules/.bin/pvlab at install time. A checkout installed before that file existed has no
// link, or one into dist/; relink it as npm install would (no download, the lockfile untouched).
const link = 'node_modules/.bin/pvlab';
if (!existsSync(link) || realpathSync(link) !== realpathSync('hypervisor/bin/pvlab.js')) {
  step('link the pvlab command');
  await run('npm', ['rebuild', '--ignore-scripts', '@pvlab/hypervisor']);
}

step('type-check (tsc, including type tests)');
const tsc = await run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json']);

step('tests (ava)');
const ava = await run('npx', ['--no-install', 'ava', ...extra], { capture: true });
const count = (re) => { const m = ava.out.match(re); return m ? Number(m[1]) : 0; };
// ava prints "N tests passed" only when all pass; count the ✔ lines otherwise.
const ticks = (ava.out.match(/^\s*✔/gm) ?? []).length;
let passed = Math.max(count(/(\d+) tests? passed/), ticks);
let failed = count(/(\d+) tests? failed/) + count(/(\d+) uncaught exceptions?/) + count(/(\d+) unhandled rejections?/);
const skipped = count(/(\d+) tests? skipped/);
if (ava.code !== 0 && failed === 0) failed = 1; // ava failed for a reason it did not count (timeout, crash)
if (tsc.code !== 0) failed += 1; else passed += 1; // the type-check counts as one test
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
