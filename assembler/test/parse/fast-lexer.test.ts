/**
 * The lexer's hand-written fast path gives moo's tokens exactly, or gives up:
 * every statement of the corpus, the riscv-tests-style program, the random
 * lines and the benchmark's program, then random strings over an alphabet of
 * the characters where the rules are subtle (PVLAB_LEXER_FUZZ strings, 200,000
 * by default).
 */
import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fastTokenize } from '../../src/parse/fast-lexer.js';
import { mooTokenize, type Token } from '../../src/parse/lexer.js';
import { splitStatements, stripBlockComments } from '../../src/front/source.js';
import { randomProgram } from '../_helpers/random-lines.js';
import { mulberry32 } from '../_helpers/prng.js';
import { generateProgram } from '../../../scripts/perf/assembler.js';

const FIXTURES = join(import.meta.dirname, '../_fixtures');
const FUZZ = Number(process.env.PVLAB_LEXER_FUZZ ?? 200_000);

const plain = (tokens: readonly Token[]) => tokens.map((t) => ({ type: t.type, text: t.text, col: t.col }));

/** Compare one statement: returns whether the fast path took it, or a mismatch message. */
function compare(text: string, col: number): boolean | string {
  const fast = fastTokenize(text, col);
  if (fast === undefined) return false;
  const moo = mooTokenize(text, col);
  const a = JSON.stringify({ tokens: plain(fast) });
  const b = JSON.stringify({ tokens: plain(moo.tokens), badColumn: moo.badColumn });
  return a === b ? true : `${JSON.stringify(text)} at ${col}: fast ${a}, moo ${b}`;
}

/** Every statement of a source text, as the first pass splits it. */
function statements(text: string): { text: string; col: number }[] {
  return stripBlockComments(text).split('\n').flatMap((line) => splitStatements(line));
}

function check(t: { is: (a: unknown, b: unknown, m?: string) => void; true: (a: boolean, m?: string) => void }, what: string, stmts: { text: string; col: number }[], minFast: number): void {
  let fast = 0;
  for (const s of stmts) {
    const r = compare(s.text, s.col);
    if (typeof r === 'string') return t.is(r, '', `${what}: the fast path differs from moo`);
    if (r) fast++;
  }
  t.true(fast >= minFast * stmts.length, `${what}: the fast path took only ${fast} of ${stmts.length} statements`);
}

test('the corpus and the riscv-tests-style program: fast tokens are moo tokens', (t) => {
  const files = [
    ...readdirSync(join(FIXTURES, 'corpus')).filter((f) => f.endsWith('.s')).map((f) => join(FIXTURES, 'corpus', f)),
    join(FIXTURES, 'rvtest/selftest.s'),
  ];
  check(t, 'corpus', files.flatMap((f) => statements(readFileSync(f, 'utf8'))), 0.7);
});

test('random lines (with and without C) and the benchmark program: fast tokens are moo tokens', (t) => {
  check(t, 'random lines', statements(randomProgram(1, 10_000).text), 0.8);
  check(t, 'random lines rvc', statements(randomProgram(2, 10_000, true).text), 0.8);
  check(t, 'benchmark program', statements(generateProgram(20_000)), 0.99);
});

test('random strings over the subtle characters: fast tokens are moo tokens', (t) => {
  // Digits and the letters of 0x/0b/1b/1f, operator pairs, blanks, quotes, % and a non-ASCII letter.
  const alphabet = ['0', '1', '7', '9', 'x', 'X', 'b', 'B', 'f', 'F', 'a', 'e', 'z', '_', '.', '$', ' ', '\t', ',', '(', ')', '<', '>', '=', '!', '&', '|', '-', '+', '*', '/', '~', '^', ':', '@', '\\', '%', "'", '"', '#', ';', 'é', '\v', '?'];
  const rand = mulberry32(0x1e4e5);
  let fast = 0;
  for (let n = 0; n < FUZZ; n++) {
    const len = 1 + Math.floor(rand() * 12);
    let s = '';
    for (let k = 0; k < len; k++) s += alphabet[Math.floor(rand() * alphabet.length)];
    const r = compare(s, Math.floor(rand() * 4));
    if (typeof r === 'string') return t.is(r, '', 'the fast path differs from moo');
    if (r) fast++;
  }
  t.true(fast > FUZZ / 20, `the fast path took only ${fast} of ${FUZZ} strings`);
});
