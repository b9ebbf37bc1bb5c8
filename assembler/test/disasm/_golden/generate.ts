/**
 * Regenerate the golden files from GNU binutils 2.40 (riscv64-unknown-elf):
 *
 *   npx tsx --conditions=source assembler/test/disasm/_golden/generate.ts
 *
 * words.txt       objdump's text for ~22,000 random words (every table row)
 * image.json      objdump's listing of a random image with labels and $x/$d
 * program.json    objdump's listing of program.s, assembled and linked
 * csr-names.json  the CSR names objdump prints under each privileged spec
 */
import { writeFileSync } from 'node:fs';
import { binutilsAvailable } from '../_helpers/binutils.js';
import {
  GOLDEN, GOLDEN_DIR, formatWords, goldenWords, referenceCsrNames, referenceImage, referenceProgram, referenceWords,
} from '../_helpers/golden.js';

if (!binutilsAvailable()) {
  console.error('generate.ts: riscv64-unknown-elf binutils 2.40 not found on PATH');
  process.exit(1);
}
const write = (name: string, text: string) => {
  writeFileSync(GOLDEN_DIR + name, text);
  console.log(`wrote ${name} (${text.length} bytes)`);
};
write('words.txt', formatWords(referenceWords(goldenWords())));
write('image.json', `${JSON.stringify(referenceImage(GOLDEN.imageSeed, GOLDEN.imageWords, GOLDEN.imageSymbols), null, 1)}\n`);
write('program.json', `${JSON.stringify(referenceProgram(), null, 1)}\n`);
write('csr-names.json', `${JSON.stringify(referenceCsrNames(), null, 1)}\n`);
