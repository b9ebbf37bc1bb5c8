/**
 * Regenerate the README's benchmark output after a deliberate change to the
 * kernel, the hypervisor or the cost model:
 *   npm run build && npx tsx --conditions=source test/bench/_helpers/update-readme.ts
 * runs the default benchmark exactly as `npm start` does and writes its
 * table between the README's `<!-- bench:begin -->` and `<!-- bench:end -->`
 * lines. Review the diff before committing it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { README_BENCH, ROOT, START_BENCH_ARGS, readmeBenchBlock } from './readme.js';

const r = spawnSync(process.execPath, [join(ROOT, 'hypervisor/dist/cli/main.js'), ...START_BENCH_ARGS], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
if (r.status !== 0) {
  process.stderr.write(r.stderr);
  process.exit(1);
}
const readme = readFileSync(README_BENCH, 'utf8');
const block = readmeBenchBlock(readme);
writeFileSync(README_BENCH, readme.slice(0, block.start) + '```text\n$ npm start\n...\n' + r.stdout + '```\n' + readme.slice(block.end));
console.log(`${README_BENCH}: benchmark output updated (${r.stdout.split('\n').length} lines)`);
