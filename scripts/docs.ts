/** `npm run docs`: regenerate the reference pages and includes that come from tables (the kernel's: scripts/kernel-includes.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { assemblerReference } from '@pvlab/assembler';
import { CATALOGUE, guestInclude, hypercallReference } from '@pvlab/hypercall-abi';
import { KERNEL_INCLUDES } from './kernel-includes.js';

const write = (path: string, text: string) => {
  const url = new URL(`../${path}`, import.meta.url);
  mkdirSync(new URL('.', url), { recursive: true });
  writeFileSync(url, text);
  console.log(`wrote ${path}`);
};

write('docs/reference/assembler.md', assemblerReference());
write('docs/hypercalls.md', hypercallReference(CATALOGUE));
write('guest-kernel/include/hypercalls.inc', guestInclude(CATALOGUE));
for (const [path, generate] of Object.entries(KERNEL_INCLUDES)) write(path, generate());
