/**
 * The kernel's scripted session (every workload, faults, an attack) gives
 * the same transcript, benchmark markers and instruction and cycle counts
 * interpreted only, compiled once hot (after 1,000 instructions; the default,
 * a million, leaves most of a session interpreted) and with every entry
 * compiled at once: natively, and under the hypervisor in both modes. (The
 * ISA programs: hypervisor/test/machine/hart/compiler.test.ts.)
 */
import test from 'ava';
import { boot, useCompiler, type BootRun } from '@pvlab/hypervisor';
import { buildKernel } from '@pvlab/guest-kernel';
import { SESSION_SCRIPT, images } from './_helpers/kernel.js';

const ways: [string, () => void][] = [
  ['interpreter only', () => useCompiler(false)],
  ['compiled when hot (1,000 instructions)', () => useCompiler(true, { hot: 1000 })],
  ['compiled at once', () => useCompiler(true, { hot: 1 })],
];
const seen = (r: BootRun) => ({ transcript: r.transcript, instructions: r.instructions, cycles: r.cycles, exitCode: r.exitCode, markers: r.markers, exits: r.regionExits?.map((e) => [...e.counts]), hypercalls: r.regionExits?.map((e) => [...e.hypercalls]) });

for (const mode of ['native', 'trap', 'paravirt'] as const) {
  test.serial(`${mode}: the session runs identically interpreted and compiled`, (t) => {
    const { kernel, firmware } = images();
    const image = mode === 'paravirt' ? buildKernel({ paravirt: true }).elf : kernel;
    const runs = ways.map(([, set]) => {
      set();
      return seen(boot(image, { mode, firmware: mode === 'native' ? firmware : undefined, script: SESSION_SCRIPT, maxInstructions: 500_000_000 }));
    });
    useCompiler(true);
    t.is(runs[0].exitCode, 7);
    for (let i = 1; i < runs.length; i++) t.deepEqual(runs[i], runs[0], ways[i][0]);
  });
}
