/**
 * Which exits the host clock times (exit-timing.ts): the first of each
 * trap cause and every one under a trace; past that a sample whose weights
 * add up to the exits they stand for, drawn so that exits in a pattern are
 * sampled alike.
 */
import test from 'ava';
import { EXC, interruptCause, IRQ } from '@pvlab/assembler';
import { ExitTiming, SAMPLE } from '../../src/vmm/exit-timing.js';

const ECALL = EXC.ecallS, ILLEGAL = EXC.illegal, TIMER = interruptCause(IRQ.mti);

test('a run\'s first exits of each cause are all timed, each for itself; then that cause is sampled', (t) => {
  const timing = new ExitTiming();
  for (let i = 0; i < 64; i++) t.is(timing.weight(false, ECALL), 1);
  let timed = 0;
  for (let i = 0; i < 64; i++) timed += timing.weight(false, ECALL) === 0 ? 0 : 1;
  t.true(timed < 32, `${timed} of the next 64 timed`);
  // A rare cause after many of another is still timed every time, as an interrupt is after exceptions of its number.
  for (let i = 0; i < 64; i++) t.is(timing.weight(false, ILLEGAL), 1);
  for (let i = 0; i < 64; i++) t.is(timing.weight(false, TIMER), 1);
});

test('under a trace every exit is timed (the trace prints each one\'s time)', (t) => {
  const timing = new ExitTiming();
  for (let i = 0; i < 5000; i++) t.is(timing.weight(true, ECALL), 1);
});

test('past the first, one exit in SAMPLE is timed and stands for SAMPLE: the weights add up to the exits', (t) => {
  const timing = new ExitTiming();
  for (let i = 0; i < 64; i++) timing.weight(false, ECALL);
  const n = 400_000;
  let sum = 0, timed = 0;
  for (let i = 0; i < n; i++) {
    const w = timing.weight(false, ECALL);
    t.true(w === 0 || w === SAMPLE);
    sum += w;
    if (w) timed++;
  }
  t.true(Math.abs(sum - n) / n < 0.02, `weights add up to ${sum} for ${n} exits`);
  t.true(timed < n / 4, `${timed} of ${n} timed`);
});

test('exits that alternate in a pattern are sampled alike (not by a stride)', (t) => {
  const timing = new ExitTiming();
  for (let i = 0; i < 64; i++) timing.weight(false, ECALL);
  // A guest whose exits come in a period that divides SAMPLE: each phase gets its share.
  for (const period of [2, 4, 8]) {
    const sums = new Array<number>(period).fill(0);
    const rounds = 50_000;
    for (let i = 0; i < rounds * period; i++) sums[i % period] += timing.weight(false, ECALL);
    for (const s of sums) t.true(Math.abs(s - rounds) / rounds < 0.05, `period ${period}: a phase's weights ${s} for ${rounds} exits`);
  }
});
