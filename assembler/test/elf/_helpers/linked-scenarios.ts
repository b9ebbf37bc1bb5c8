/**
 * The link scenarios, assembled and linked by GNU ld, for tests that compare
 * the ELF writer with ld's own output.
 */
import { readFileSync } from 'node:fs';
import { layoutSections } from '../../../src/link/index.js';
import { scenarioLayout, type Golden } from '../../link/_helpers/reference-layout.js';
import { SCENARIOS, sourceText, type Scenario } from '../../link/_helpers/scenarios.js';
import { assemble, link, scratch } from './reference-tools.js';

/** A scenario's executable as GNU ld writes it. */
export function linkScenario(sc: Scenario): Uint8Array {
  const tmp = scratch();
  try {
    const objects = Object.entries(sc.sources).map(([base, spec]) => assemble(tmp.dir, base, sourceText(base, spec)));
    const r = link(tmp.dir, sc.script, objects);
    if (!r.elf) throw new Error(`ld failed for ${sc.name}: ${r.stderr}`);
    return r.elf;
  } finally {
    tmp.dispose();
  }
}

export { SCENARIOS };

/** Section name to MEMORY region, from laying out the scenario's committed inputs. */
export function scenarioRegions(sc: Scenario): Record<string, string> {
  const g = JSON.parse(readFileSync(new URL(`../../link/_golden/${sc.name}.json`, import.meta.url), 'utf8')) as Golden;
  const r = layoutSections(g.inputs, scenarioLayout(sc));
  return Object.fromEntries(r.outputs.flatMap((o) => (o.region !== undefined ? [[o.name, o.region]] : [])));
}
