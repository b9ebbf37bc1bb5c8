/**
 * Heat decays (jit/code-cache.ts, HEAT_HALF_LIFE): a place becomes hot for
 * landing there often now, not for having been landed on now and then
 * since the process began. Each arrival counts ARRIVAL_SHARE of HOT; heat
 * halves every HEAT_HALF_LIFE steps of the process's harts.
 */
import test from 'ava';
import { useCompiler } from '@pvlab/hypervisor';
import { runSnippet } from '../_helpers/hart-run.js';

const PROGRAM = `
  li s0, 100
a:
  addi s1, s1, 1
  addi s0, s0, -1
  bnez s0, a
  li s0, 100
b:
  addi s1, s1, 2
  addi s0, s0, -1
  bnez s0, b
  ebreak
`;

/** Arrive at `place` `times` times, `every` steps apart; the arrival that compiled it (1-based), or 0. */
function arrive(name: string, every: number, times: number): number {
  const run = runSnippet(PROGRAM); // interpreted (too short to be hot): decoded, nothing compiled
  const h = run.hart, place = run.sym(name) | 0;
  for (let k = 1; k <= times; k++) {
    h.steps += every; // as if the hart had run that long elsewhere
    if (h.code.find(place >>> 0, place, 0) !== undefined) return k;
  }
  return 0;
}

test.serial('a place landed on once every 100,000 steps never becomes hot; once every 20,000 it does', (t) => {
  useCompiler(true);
  try {
    t.is(arrive('a', 100_000, 5_000), 0, 'rare: interpreted for good');
    const at = arrive('b', 20_000, 5_000);
    t.true(at > 0 && at <= 1_100, `frequent: compiled after about HOT / ARRIVAL_SHARE arrivals (at ${at})`);
  } finally {
    useCompiler(true);
  }
});
