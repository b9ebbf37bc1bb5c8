/**
 * A tutorial's console steps: each ```sh block and the ```text block after
 * it, run as printed from the checkout's root (`npx pvlab` as npm links it),
 * each line of the text block expected somewhere in the output.
 */
import type { ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { DOCS_ENV, ROOT, npxProblem } from './pvlab-command.js';

export interface TutorialStep {
  readonly script: string;
  readonly expect: readonly string[];
}

/** The page's (command, expected output) pairs, in page order. */
export function tutorialSteps(page: string): TutorialStep[] {
  return [...page.matchAll(/```sh\n([\s\S]*?)```\s*\n```text\n([\s\S]*?)```/g)].map((m) => ({
    script: m[1], expect: m[2].split('\n').map((l) => l.trim()).filter(Boolean),
  }));
}

/** Run every step; each must exit 0 and print each expected line (trimmed) somewhere. */
export function runTutorialSteps(t: ExecutionContext, steps: readonly TutorialStep[], timeout = 240_000): void {
  const problem = npxProblem();
  if (problem) return void t.fail(problem);
  for (const [i, s] of steps.entries()) {
    const r = spawnSync('/bin/bash', ['-eo', 'pipefail', '-c', s.script], { cwd: ROOT, env: DOCS_ENV, encoding: 'utf8', timeout });
    const out = r.stdout + r.stderr;
    t.is(r.status, 0, `step ${i + 1}:\n${s.script}\n${out}`);
    for (const line of s.expect) t.true(out.split('\n').some((o) => o.trim().includes(line)), `step ${i + 1}: '${line}' not in:\n${out}`);
  }
}
