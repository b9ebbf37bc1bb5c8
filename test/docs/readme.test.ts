/**
 * The README's commands run as printed. Every `sh` block is run and checked
 * for what the README says it does, except the quickstart's (`npm install &&
 * npm start`, `npm test`: CI runs the suite itself, and
 * test/bench/readme.test.ts checks what `npm start` prints). A new block
 * fails here until this test knows what it should print.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCS_ENV, ROOT, checkoutScratch, npxProblem } from '../_helpers/pvlab-command.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);

const bash = (script: string, cwd: string, env: NodeJS.ProcessEnv) =>
  spawnSync('/bin/bash', ['-eo', 'pipefail', '-c', script], { cwd, env, encoding: 'utf8', timeout: 240_000 });

/** The quickstart: not run here (it is the suite itself; test/bench/readme.test.ts checks what npm start prints). */
const isQuickstart = (b: string) => b.includes('npm install && npm start');

/** What each block must do, by a line that names it. */
const checks: { name: string; is: (block: string) => boolean; run: (block: string, t: import('ava').ExecutionContext) => void }[] = [
  {
    name: 'pvlab on the PATH',
    is: (b) => b.startsWith('npm install -g ./hypervisor'),
    run: (block, t) => {
      // From the checkout's root, into a temporary global prefix.
      const prefix = mkdtempSync(join(tmpdir(), 'pvlab-global-'));
      const env = { ...DOCS_ENV, npm_config_prefix: prefix, npm_config_global_prefix: prefix, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` };
      const r = bash(block, ROOT, env);
      t.is(r.status, 0, r.stdout + r.stderr);
      t.regex(r.stdout, /^pvlab \d+\.\d+\.\d+$/m);
      // And it works outside the checkout, on relative paths there.
      const away = mkdtempSync(join(tmpdir(), 'pvlab-away-'));
      const asm = bash("echo '_start: li a0, 7; j .' > seven.s && pvlab asm seven.s -o seven.elf && pvlab objdump seven.elf", away, env);
      t.is(asm.status, 0, asm.stderr);
      t.regex(asm.stdout, /li\s+a0,7/);
    },
  },
  {
    name: 'assemble and disassemble hello.s',
    is: (b) => b.includes('npx pvlab asm --help'),
    run: (block, t) => {
      const r = bash(block, checkoutScratch('readme-'), DOCS_ENV);
      t.is(r.status, 0, r.stderr);
      t.regex(r.stdout, /^usage: pvlab asm /m);
      t.regex(r.stdout, /li\s+a0,42/);
      t.regex(r.stdout, /j\s+80000004/);
    },
  },
  {
    name: 'boot trapped and paravirtualized with --stats',
    is: (b) => b.includes('npx pvlab boot --mode trap'),
    run: (block, t) => {
      const r = bash(block, checkoutScratch('readme-'), DOCS_ENV);
      t.is(r.status, 0, r.stderr);
      t.regex(r.stdout, /^null: 100 getpid calls ok$/m);
      t.regex(r.stdout, /^fork: 4 forks ok$/m);
      t.regex(r.stderr, /^mode +trap$/m);
      t.regex(r.stderr, /^mode +paravirt$/m);
      t.regex(r.stderr, /^hypercalls$/m);
    },
  },
];

test('every sh block of the README is known here', (t) => {
  t.true(blocks.length >= 4);
  for (const b of blocks) t.is(checks.filter((c) => c.is(b)).length + (isQuickstart(b) ? 1 : 0), 1, `a README block this test does not know:\n${b}`);
});

for (const check of checks) {
  test.serial(`README: ${check.name}`, (t) => {
    const problem = npxProblem();
    if (problem) return t.fail(problem);
    const block = blocks.find(check.is);
    if (!block) return t.fail('the README has no such block');
    check.run(block, t);
  });
}
