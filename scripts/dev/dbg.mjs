import { readFileSync } from 'node:fs';
import { Machine } from '../../hypervisor/dist/index.js';
const m = new Machine({ output: (b) => process.stdout.write(String.fromCharCode(b)) });
m.loadElf(readFileSync(process.argv[2]));
const h = m.hart;
let last = -1;
for (let i = 0; i < 40; i++) {
  const r = m.run(100000);
  console.log('\n[run]', r.stop, r.instructions, 'pc', h.pc.toString(16), 'cycles', h.cycles(), 'waiting', h.waiting, 'mip', h.mip().toString(16), 'mie', h.mie.toString(16), 'dl', m.clint.nextDeadline());
  if (r.stop !== 'budget') break;
}
