/**
 * Regenerate the README's benchmark output after a deliberate change to the
 * kernel, the hypervisor or the cost model:
 *   npm run build && npx tsx --conditions=source test/bench/_helpers/update-readme.ts
 * runs `npm start`'s commands after the build (the scripted paravirtual
 * boot, then the default benchmark) and writes their output between the
 * README's `<!-- bench:begin -->` and `<!-- bench:end -->` lines. Review the
 * diff before committing it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { README_BENCH, ROOT, START_AFTER_BUILD, readmeBenchBlock } from './readme.js';

const r = spawnSync('/bin/bash', ['-eo', 'pipefail', '-c', START_AFTER_BUILD], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
if (r.status !== 0) {
  process.stderr.write(r.stderr);
  process.exit(1);
}
const readme = readFileSync(README_BENCH, 'utf8');
const block = readmeBenchBlock(readme);
writeFileSync(README_BENCH, readme.slice(0, block.start) + '```text\n$ npm start\n... (the build: assembler, hypercall ABI, kernels, firmware, hypervisor)\n' + r.stdout + '```\n' + readme.slice(block.end));
console.log(`${README_BENCH}: benchmark output updated (${r.stdout.split('\n').length} lines)`);
