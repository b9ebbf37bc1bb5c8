// Development aid: the board's benchmark programs (scripts/perf/machine.ts) one at a time, CPU time, best of N.
// usage: npx tsx --conditions=source scripts/dev/board.ts [cpu-bench.elf|core-bench.elf|...] [sv32] [N]
import { readFileSync } from 'node:fs';
import { Machine } from '@pvlab/hypervisor';
import { enterSv32Identity } from '../perf/machine.js';

const [name = 'cpu-bench.elf', paging = '', n = '2'] = process.argv.slice(2);
const elf = readFileSync(new URL(`../../hypervisor/test/machine/_programs/bench/${name}`, import.meta.url));
let best = Infinity, instructions = 0;
for (let k = 0; k < Number(n); k++) {
  const m = new Machine({ output: () => {} });
  const { entry } = m.loadElf(elf);
  if (paging === 'sv32') enterSv32Identity(m, entry);
  const c0 = process.cpuUsage();
  const r = m.run(20e9);
  const c = process.cpuUsage(c0);
  best = Math.min(best, (c.user + c.system) / 1e3);
  instructions = r.instructions;
}
console.log(`${name} ${paging || 'bare'}: ${best.toFixed(0)} ms CPU, ${(instructions / best / 1000).toFixed(0)} MIPS`);
