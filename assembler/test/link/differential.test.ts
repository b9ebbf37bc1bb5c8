/**
 * layoutSections against GNU ld on realistic scripts (riscv-tests, xv6,
 * SiFive-style MEMORY scripts, orphans, expression quirks). With binutils
 * installed each scenario is assembled and linked live; the committed
 * goldens (from make-golden.ts) are checked either way.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { haveBinutils, REQUIRE_TOOLS } from '../elf/_helpers/reference-tools.js';
import { goldenFromTools, layoutFacts, scenarioLayout, type Golden } from './_helpers/reference-layout.js';
import { SCENARIOS } from './_helpers/scenarios.js';

const live = haveBinutils();

function committed(name: string): Golden {
  return JSON.parse(readFileSync(new URL(`./_golden/${name}.json`, import.meta.url), 'utf8')) as Golden;
}

test('reference tools are present when required', (t) => {
  if (REQUIRE_TOOLS) t.true(live, 'PVLAB_REQUIRE_REFERENCE_TOOLS=1 but riscv64-unknown-elf binutils are missing');
  else t.pass(live ? 'binutils present: live comparisons run' : 'binutils missing: goldens only');
});

for (const sc of SCENARIOS) {
  test(`golden layout: ${sc.name}`, (t) => {
    const g = committed(sc.name);
    const { diagnostics, ...facts } = layoutFacts(g, scenarioLayout(sc));
    t.deepEqual(diagnostics, []);
    t.deepEqual(facts, g.expected);
  });

  test(`live layout vs GNU ld: ${sc.name}`, (t) => {
    if (!live) {
      if (REQUIRE_TOOLS) t.fail('binutils required');
      else t.pass('binutils missing: skipped');
      return;
    }
    const g = goldenFromTools(sc);
    const { diagnostics, ...facts } = layoutFacts(g, scenarioLayout(sc));
    t.deepEqual(diagnostics, []);
    t.deepEqual(facts, g.expected);
    // a stale golden would make the no-tools run meaningless
    t.deepEqual(g, committed(sc.name), `golden for ${sc.name} is stale: run make-golden.ts`);
  });
}
