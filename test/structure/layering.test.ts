/**
 * The layering of the code base, checked over the real import graph: every
 * arrow points down (design: docs/architecture.md, "Packages and the way
 * data flows"). A rule broken names the file, the import and the rule.
 */
import test from 'ava';
import { fileURLToPath } from 'node:url';
import { LAYER_RULES, readImportGraph, violations } from './_helpers/import-graph.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = ['assembler/src', 'hypercall-abi/src', 'guest-kernel/src', 'hypervisor/src'];

test('no import runs from a lower layer to a higher one', (t) => {
  const edges = readImportGraph(REPO, SOURCES);
  t.true(edges.length > 300, `the graph was read (${edges.length} imports)`);
  t.deepEqual(violations(edges), []);
});

test('the graph is read the way the rules need it: relative paths resolved, type imports and re-exports included', (t) => {
  const edges = readImportGraph(REPO, ['hypervisor/src']);
  const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
  t.true(has('hypervisor/src/vmm/hypervisor.ts', 'hypervisor/src/vmm/trap/mode.ts'));
  t.true(has('hypervisor/src/vmm/hypervisor.ts', 'hypervisor/src/machine/hart/hart.ts'), 'import type { … } counts');
  t.true(has('hypervisor/src/index.ts', 'hypervisor/src/vmm/exit-reasons.ts'), 'export … from counts');
  t.true(has('hypervisor/src/vmm/paravirt/mode.ts', '@pvlab/assembler'));
});

test('each rule catches the import it forbids', (t) => {
  const bad = [
    { from: 'hypervisor/src/machine/hart/hart.ts', to: 'hypervisor/src/vmm/vm.ts' },
    { from: 'hypervisor/src/machine/devices/uart16550.ts', to: 'hypervisor/src/machine/hart/hart.ts' },
    { from: 'hypervisor/src/vmm/hypervisor.ts', to: 'hypervisor/src/boot/session.ts' },
    { from: 'hypervisor/src/boot/boot.ts', to: 'hypervisor/src/bench/harness.ts' },
    { from: 'hypervisor/src/snapshot/bare.ts', to: 'hypervisor/src/boot/boot.ts' },
    { from: 'hypervisor/src/boot/boot.ts', to: 'hypervisor/src/cli/main.ts' },
    { from: 'hypervisor/src/bench/harness.ts', to: 'hypervisor/src/cli/output.ts' },
    { from: 'hypervisor/src/gdb/server.ts', to: 'hypervisor/src/cli/output.ts' },
    { from: 'hypervisor/src/control/server.ts', to: 'hypervisor/src/cli/output.ts' },
    { from: 'hypervisor/src/control/controller.ts', to: 'hypervisor/src/migration/sender.ts' },
    { from: 'hypervisor/src/vmm/paravirt/mode.ts', to: 'hypervisor/src/vmm/trap/mode.ts' },
    { from: 'hypervisor/src/vmm/trap/exits.ts', to: 'hypervisor/src/vmm/paravirt/eager-shadow.ts' },
    { from: 'hypervisor/src/vmm/world-switch.ts', to: 'hypervisor/src/vmm/trap/mode.ts' },
    { from: 'assembler/src/api.ts', to: '@pvlab/hypervisor' },
    { from: 'hypercall-abi/src/index.ts', to: '@pvlab/guest-kernel' },
    { from: 'guest-kernel/src/build.ts', to: '@pvlab/hypervisor' },
    { from: 'guest-kernel/src/build.ts', to: '@pvlab/assembler/src/isa/csrs.js' },
  ];
  for (const edge of bad) t.is(violations([edge]).length, 1, `${edge.from} -> ${edge.to}`);
  t.true(LAYER_RULES.every((rule) => bad.some((edge) => violations([edge], [rule]).length === 1)), 'every rule has a case');
  t.deepEqual(violations([{ from: 'hypervisor/src/vmm/hypervisor.ts', to: 'hypervisor/src/vmm/paravirt/mode.ts' }]), [], 'hypervisor.ts picks the modes');
});
