/**
 * Regenerate the committed golden files from GNU as + GNU ld:
 *
 *   npx tsx assembler/test/link/_helpers/make-golden.ts
 *
 * writes assembler/test/link/_golden/<scenario>.json (layout facts) and
 * assembler/test/elf/_golden/<scenario>.json (ELF file-layout facts).
 */
import { writeFileSync } from 'node:fs';
import { elfGolden } from '../../elf/_helpers/elf-facts.js';
import { assemble, haveBinutils, link, scratch } from '../../elf/_helpers/reference-tools.js';
import { scenarioRegions } from '../../elf/_helpers/linked-scenarios.js';
import { goldenFromTools } from './reference-layout.js';
import { SCENARIOS, sourceText } from './scenarios.js';

if (!haveBinutils()) {
  console.error('riscv64-unknown-elf binutils are required to regenerate goldens');
  process.exit(1);
}
for (const sc of SCENARIOS) {
  const g = goldenFromTools(sc);
  writeFileSync(new URL(`../_golden/${sc.name}.json`, import.meta.url), `${JSON.stringify(g, null, 1)}\n`);
  const tmp = scratch();
  try {
    const objects = Object.entries(sc.sources).map(([base, spec]) => assemble(tmp.dir, base, sourceText(base, spec)));
    const linked = link(tmp.dir, sc.script, objects);
    if (!linked.elf) throw new Error(linked.stderr);
    writeFileSync(new URL(`../../elf/_golden/${sc.name}.json`, import.meta.url), `${JSON.stringify(elfGolden(sc.name, linked.elf, scenarioRegions(sc)), null, 1)}\n`);
  } finally {
    tmp.dispose();
  }
  console.log(`wrote ${sc.name}`);
}
