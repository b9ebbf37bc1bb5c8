/**
 * Which instructions touch memory, read off the hart's semantics table:
 * every load, store and AMO of the instruction table is there with its
 * width and direction, and nothing else (a change in how semantics.ts
 * writes them breaks this, not watchpoints in silence).
 */
import test from 'ava';
import { INSTRUCTIONS } from '@pvlab/assembler';
import { DATA_ACCESS } from '../../src/gdb/watchpoints.js';

test('loads read, stores write, AMOs both (LR reads, SC writes), with their widths; nothing else', (t) => {
  const expect = new Map<string, string>([
    ['lb', '1 r'], ['lh', '2 r'], ['lw', '4 r'], ['lbu', '1 r'], ['lhu', '2 r'], ['sb', '1 w'], ['sh', '2 w'], ['sw', '4 w'],
  ]);
  for (const spec of INSTRUCTIONS.filter((s) => s.format === 'R-amo')) {
    expect.set(spec.name, spec.name.startsWith('lr.') ? '4 r' : spec.name.startsWith('sc.') ? '4 w' : '4 rw');
  }
  const got = new Map([...DATA_ACCESS].map(([name, a]) => [name, `${a.width} ${a.reads ? 'r' : ''}${a.writes ? 'w' : ''}`]));
  t.deepEqual(got, expect);
  t.true(expect.size > 40, 'the AMOs in all their orderings');
});
