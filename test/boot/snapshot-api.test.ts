/**
 * The boot API's snapshots: `handle.snapshot(pvlab)` between runs and
 * `restoreBoot(bytes, options)` continue a boot exactly (its `result()`
 * holds the whole run: transcript, counts, exits by reason, hypercalls), in
 * every mode; a snapshot taken without RAM (`{ ram: false }`, for a caller
 * that moves RAM itself, as live migration does) restores with the RAM given.
 */
import test from 'ava';
import { EXIT_REASONS, SnapshotError, restoreBoot, startBoot, type BootMode, type BootRun } from '@pvlab/hypervisor';
import { buildKernel } from '@pvlab/guest-kernel';
import { images } from './_helpers/kernel.js';

const SCRIPT = 'echo api\nrun null 20\nrun fork 2\nhalt 6\n';

const counts = (r: BootRun) => ({
  stop: r.stop, exitCode: r.exitCode, instructions: r.instructions, cycles: r.cycles, transcript: r.transcript, regions: r.regions,
  exits: r.exits && EXIT_REASONS.map((x) => r.exits!.byReason()[x.name] ?? 0), hypercalls: r.exits && Object.fromEntries(r.exits.hypercalls),
});

function start(mode: BootMode) {
  const { kernel, firmware } = images();
  return startBoot(mode === 'paravirt' ? buildKernel({ paravirt: true }).elf : kernel, { mode, firmware: mode === 'native' ? firmware : undefined, script: SCRIPT });
}

for (const mode of ['native', 'trap', 'paravirt'] as const) {
  test(`${mode}: restoreBoot continues a snapshot exactly; without RAM, with the RAM given`, (t) => {
    const whole = start(mode);
    whole.run(Infinity);
    const expected = counts(whole.result());
    t.is(expected.exitCode, 6);
    const h = start(mode);
    h.run(Math.floor(expected.instructions / 2));
    const withRam = h.snapshot('pvlab test');
    const withoutRam = h.snapshot('pvlab test', { ram: false });
    t.true(withoutRam.length < withRam.length);
    const ram = h.machine.bus.u8.slice();
    for (const r of [restoreBoot(withRam), restoreBoot(withoutRam, { ram })]) {
      r.run(Infinity);
      t.deepEqual(counts(r.result()), expected);
    }
    const missing = t.throws(() => restoreBoot(withoutRam), { instanceOf: SnapshotError });
    t.is(missing?.message, 'corrupt: no ram section: it was taken without RAM, which must be given again (restoreBoot\'s ram option)');
    t.throws(() => restoreBoot(withoutRam, { ram: ram.subarray(4096) }), { instanceOf: SnapshotError, message: /^corrupt: RAM of \d+ bytes given for a board of \d+$/ });
  });
}

test('two VMs side by side (trap and paravirt): the schedule, both VMs and both consoles continue exactly', (t) => {
  const { kernel } = images();
  const pv = buildKernel({ paravirt: true }).elf;
  for (const mode of ['trap', 'paravirt'] as const) {
    const boot2 = () => startBoot(mode === 'paravirt' ? pv : kernel, { mode, vms: 2, script: SCRIPT });
    const whole = boot2();
    whole.run(Infinity);
    const guests = (r: BootRun) => r.guests!.map((g) => ({ transcript: g.transcript, instructions: g.instructions, exitCode: g.exitCode, exits: g.stats.byReason(), hypercalls: Object.fromEntries(g.stats.hypercalls) }));
    const expected = guests(whole.result());
    t.is(expected.length, 2);
    for (const at of [0.3, 0.7]) {
      const h = boot2();
      h.run(Math.floor(whole.result().machine.hart.retired() * at));
      const r = restoreBoot(h.snapshot('pvlab test'));
      r.run(Infinity);
      t.deepEqual(guests(r.result()), expected, `${mode} at ${at}`);
    }
  }
});
