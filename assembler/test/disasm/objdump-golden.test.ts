/**
 * The disassembler against objdump 2.40's recorded answers (`_golden/`,
 * written by `_golden/generate.ts`): these run without binutils.
 */
import test from 'ava';
import { INSTRUCTIONS, PRIV_SPECS, gnuCsrNames } from '../../src/isa/index.js';
import { aliasRuleOf, disassembleWord, type AliasRule } from '../../src/disasm/index.js';
import { WORD_ALIASES } from './_helpers/random-words.js';
import { GNU_EXTRAS } from '../../src/isa/index.js';
import { listingMismatches, wordMismatches } from './_helpers/compare.js';
import { parseWords, readGolden, type CsrNames, type ImageCase } from './_helpers/golden.js';

const words = parseWords(readGolden('words.txt'));
const image = JSON.parse(readGolden('image.json')) as ImageCase;
const program = JSON.parse(readGolden('program.json')) as ImageCase;
const csrNames = JSON.parse(readGolden('csr-names.json')) as CsrNames;

test('the golden sample has at least 20,000 words', (t) => {
  t.true(words.length >= 20_000, `${words.length} words`);
});

test('raw mode prints what objdump -d -M no-aliases prints, for every golden word', (t) => {
  t.deepEqual(wordMismatches(words, false).slice(0, 20), []);
});

test('alias mode prints what objdump -d prints, for every golden word', (t) => {
  t.deepEqual(wordMismatches(words, true).slice(0, 20), []);
});

test('the golden words cover every INSTRUCTIONS row and every GNU extra', (t) => {
  const seen = new Set(words.map((c) => disassembleWord(c.word, 0, { aliases: false }).spec?.name));
  t.deepEqual(INSTRUCTIONS.map((s) => s.name).filter((n) => !seen.has(n)), [], 'rows without a golden word');
  const mnemonics = new Set(words.map((c) => c.raw.split('\t')[0]));
  t.deepEqual(GNU_EXTRAS.map((e) => e.spec.name).filter((n) => !mnemonics.has(n)), [], 'extras objdump never printed');
});

test('every alias rule is exercised by the golden words, and objdump printed its mnemonic', (t) => {
  const hits = new Map<AliasRule, number>();
  const wrong: string[] = [];
  for (const c of words) {
    const rule = aliasRuleOf(c.word);
    if (!rule) continue;
    hits.set(rule, (hits.get(rule) ?? 0) + 1);
    if (c.alias.split('\t')[0] !== rule.alias) wrong.push(`${c.word.toString(16)}: rule ${rule.alias}, objdump ${c.alias}`);
  }
  t.deepEqual(wrong.slice(0, 10), []);
  t.deepEqual(WORD_ALIASES.filter((r) => !hits.has(r)).map((r) => `${r.alias} (${r.of} ${JSON.stringify(r.when)})`), []);
});

test('the listing of a random image with labels and $x/$d symbols is objdump\'s', (t) => {
  t.deepEqual(listingMismatches(image, false).slice(0, 20), []);
  t.deepEqual(listingMismatches(image, true).slice(0, 20), []);
});

test('the listing of program.s, built by GNU as and ld, is objdump\'s', (t) => {
  t.deepEqual(listingMismatches(program, false), []);
  t.deepEqual(listingMismatches(program, true), []);
});

test('the CSR table names exactly the CSRs objdump names, under every privileged spec', (t) => {
  for (const spec of PRIV_SPECS) {
    const ours = gnuCsrNames(spec);
    const diff: string[] = [];
    for (let n = 0; n < 4096; n++) {
      const theirs = csrNames[spec][n.toString(16).padStart(3, '0')];
      if (ours[n] !== theirs) diff.push(`0x${n.toString(16)}: ours ${ours[n]}, objdump ${theirs}`);
    }
    t.deepEqual(diff, [], `priv-spec ${spec}`);
  }
});
