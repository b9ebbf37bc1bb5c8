/**
 * layoutSections against GNU ld on realistic scripts (riscv-tests, xv6,
 * SiFive-style MEMORY scripts, orphans, expression quirks). With binutils
 * installed each scenario is assembled and linked live; the committed
 * goldens (from make-golden.ts) are checked either way.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { readElf } from '../../src/elf/index.js';
import { layoutSections, outputSectionBytes, parseLinkerScript } from '../../src/link/index.js';
import { assemble, haveBinutils, link, REQUIRE_TOOLS, scratch } from '../elf/_helpers/reference-tools.js';
import { collectInputs, goldenFromTools, layoutFacts, scenarioLayout, type Golden } from './_helpers/reference-layout.js';
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

test('live: outputSectionBytes gives ld\'s bytes for data statements, FILL and =fill', (t) => {
  if (!live) {
    if (REQUIRE_TOOLS) t.fail('binutils required');
    else t.pass('binutils missing: skipped');
    return;
  }
  const script = 'SECTIONS { .t 0x100 : { *(.a) . = ALIGN(8); LONG(0x11223344) *(.b) SHORT(0xbeef) QUAD(end) FILL(0x1234) . += 5; BYTE(7) } =0xa5 end = .; }';
  const tmp = scratch();
  try {
    const obj = assemble(tmp.dir, 'f', '.section .a,"aw"\n.byte 1,2,3\n.section .b,"aw"\n.balign 4\n.byte 9,9\n');
    const objElf = readElf(tmp.read(obj));
    const { inputs } = collectInputs([{ file: obj, elf: objElf }]);
    const contents = inputs.map((s) => objElf.sections.find((x) => x.name === s.name)!.data);
    const r = layoutSections(inputs, parseLinkerScript(script, 'f.ld').layout);
    const linked = link(tmp.dir, script, [obj]);
    const expected = readElf(linked.elf!).sections.find((s) => s.name === '.t')!.data;
    t.deepEqual(outputSectionBytes(r.outputs[0], r.placements, (i) => contents[i]), expected);
  } finally {
    tmp.dispose();
  }
});
