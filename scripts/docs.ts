/** `npm run docs`: regenerate the reference pages that come from tables. */
import { writeFileSync } from 'node:fs';
import { assemblerReference } from '@pvlab/assembler';

writeFileSync(new URL('../docs/reference/assembler.md', import.meta.url), assemblerReference());
console.log('wrote docs/reference/assembler.md');
