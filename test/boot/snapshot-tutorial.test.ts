/**
 * docs/tutorials/save-restore-migrate.md: every `sh` block runs exactly as
 * printed (from the checkout's root, as the page says) and prints every
 * line of the `text` block after it.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../_helpers/pvlab-command.js';
import { runTutorialSteps, tutorialSteps } from '../_helpers/tutorial-steps.js';

const steps = tutorialSteps(readFileSync(join(ROOT, 'docs/tutorials/save-restore-migrate.md'), 'utf8'));

test('the tutorial has its steps: a run, a snapshot, a restore, the comparison, a damaged file', (t) => {
  t.true(steps.length >= 5);
  t.true(steps.some((s) => s.script.includes('--snapshot-at')));
  t.true(steps.some((s) => s.script.includes('--restore')));
});

test.serial('every command of the tutorial runs as printed and prints what the page shows', (t) => {
  runTutorialSteps(t, steps);
});
