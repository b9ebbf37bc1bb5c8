/**
 * The hypervisor against the single sources of truth: every privileged or
 * CSR instruction of the instruction table has an emulation, every load and
 * store a device-access row, every exit reason its docs and a mode, and
 * every call of the hypercall catalogue a handler.
 */
import test from 'ava';
import { ALL_HYPERCALLS, createRegistry } from '@pvlab/hypercall-abi';
import { INSTRUCTIONS } from '@pvlab/assembler';
import { EXIT_REASONS } from '../../src/vmm/exit-reasons.js';
import { emulatedRows } from '../../src/vmm/trap/emulate.js';
import { MMIO_ACCESSES } from '../../src/vmm/trap/device-access.js';
import { AMO_IDS } from '../../src/vmm/trap/data-access.js';
import { builtinHandlers, type HypercallHost } from '../../src/vmm/paravirt/hypercalls.js';
import type { Vm } from '../../src/vmm/vm.js';

test('every privileged and CSR instruction of the table has an emulation, and nothing else does', (t) => {
  const wanted = INSTRUCTIONS.filter((s) => s.ext === 'Zicsr' || s.ext === 'Priv').map((s) => s.name).sort();
  t.deepEqual([...emulatedRows()].sort(), wanted);
});

test('every load and store of the table has a device-access row, with its width', (t) => {
  const memory = INSTRUCTIONS.filter((s) => /^[ls][bhw]u?$/.test(s.name)).map((s) => s.name).sort();
  t.deepEqual(Object.keys(MMIO_ACCESSES).sort(), memory);
  const widths: Record<string, number> = { b: 1, h: 2, w: 4 };
  for (const [name, a] of Object.entries(MMIO_ACCESSES)) t.is(a.width as number, widths[name[1]], name);
});

test('every LR/SC and AMO row of the table has an id for the vCPU\'s data path (any ordering suffix)', (t) => {
  const atomics = INSTRUCTIONS.filter((s) => s.ext === 'A').map((s) => s.name.replace(/\.(aq|rl|aqrl)$/, ''));
  t.true(atomics.length >= 11);
  t.deepEqual([...new Set(atomics)].sort(), Object.keys(AMO_IDS).sort());
});

test('every exit reason is documented and belongs to a mode', (t) => {
  const names = new Set<string>();
  for (const r of EXIT_REASONS) {
    t.true(r.doc.length > 20, r.name);
    t.true(r.modes.length > 0, r.name);
    t.false(names.has(r.name), `${r.name} twice`);
    names.add(r.name);
  }
});

test('every call of the catalogue has a handler in the hypervisor', (t) => {
  const host = {} as HypercallHost;
  const registry = createRegistry<Vm>({ handlers: builtinHandlers(host) });
  const missing = ALL_HYPERCALLS.filter((c) => !registry.handlerOf(c)).map((c) => c.name);
  t.deepEqual(missing, []);
});
