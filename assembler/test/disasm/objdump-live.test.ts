/**
 * The disassembler against objdump 2.40 run now, when binutils is installed:
 * the golden files must still be objdump's answers, and fresh random samples
 * must agree too. The fresh seed changes daily (set PVLAB_DISASM_SEED to
 * replay one). Without binutils these tests are skipped, unless
 * PVLAB_REQUIRE_REFERENCE_TOOLS=1 (CI), where that is a failure.
 */
import test from 'ava';
import { PRIV_SPECS } from '../../src/isa/index.js';
import { binutilsAvailable } from './_helpers/binutils.js';
import { listingMismatches, wordMismatches } from './_helpers/compare.js';
import {
  GOLDEN, formatWords, goldenWords, readGolden, referenceCsrNames, referenceImage, referenceProgram, referenceWords,
} from './_helpers/golden.js';
import { randomWords } from './_helpers/random-words.js';

const available = binutilsAvailable();
const required = process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1';
const live = available ? test : test.skip;
const seed = Number(process.env.PVLAB_DISASM_SEED ?? Math.floor(Date.now() / 86_400_000)) >>> 0;

if (!available && required) {
  test('the reference tools are installed', (t) => {
    t.fail('PVLAB_REQUIRE_REFERENCE_TOOLS=1 but riscv64-unknown-elf-objdump 2.40 is not on PATH');
  });
}

live('the golden files are still what objdump prints', (t) => {
  t.is(formatWords(referenceWords(goldenWords())), readGolden('words.txt'), 'regenerate with _golden/generate.ts');
  t.deepEqual(JSON.parse(readGolden('image.json')), referenceImage(GOLDEN.imageSeed, GOLDEN.imageWords, GOLDEN.imageSymbols));
  t.deepEqual(JSON.parse(readGolden('program.json')), referenceProgram());
  t.deepEqual(JSON.parse(readGolden('csr-names.json')), referenceCsrNames());
});

live(`a fresh random sample agrees with objdump under every privileged spec (seed ${seed})`, (t) => {
  const words = randomWords(seed, 40);
  for (const spec of PRIV_SPECS) {
    const cases = referenceWords(words, spec);
    t.deepEqual(wordMismatches(cases, false, spec).slice(0, 10), [], `no-aliases, priv-spec ${spec}`);
    t.deepEqual(wordMismatches(cases, true, spec).slice(0, 10), [], `aliases, priv-spec ${spec}`);
  }
});

live(`a fresh random image with labels and mapping symbols lists as objdump lists it (seed ${seed})`, (t) => {
  const image = referenceImage(seed, 1000, 30);
  t.deepEqual(listingMismatches(image, false).slice(0, 10), []);
  t.deepEqual(listingMismatches(image, true).slice(0, 10), []);
});
