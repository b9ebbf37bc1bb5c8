/** The committed generated files are current: a stale copy fails (regenerate with npm run docs). */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_HYPERCALLS, CATALOGUE, guestInclude, hypercallReference, macroName } from '@pvlab/hypercall-abi';
import { ROOT } from './_helpers/cli.js';

const committed = (path: string) => readFileSync(join(ROOT, path), 'utf8');

test('guest-kernel/include/hypercalls.inc is generated from the current catalogue (npm run docs)', (t) => {
  t.is(committed('guest-kernel/include/hypercalls.inc'), guestInclude(CATALOGUE));
});

test('docs/hypercalls.md is generated from the current catalogue (npm run docs)', (t) => {
  t.is(committed('docs/hypercalls.md'), hypercallReference(CATALOGUE));
});

test('the committed include says it is generated and has a macro for every call', (t) => {
  const inc = committed('guest-kernel/include/hypercalls.inc');
  t.regex(inc.split('\n').slice(0, 2).join('\n'), /generated -- do not edit/);
  for (const c of ALL_HYPERCALLS) t.true(inc.includes(`.macro ${macroName(c)}`), c.name);
});
