/**
 * Whole kernels on RAM reused from the pool (hypervisor/src/machine/ram-pool.ts):
 * a board on the RAM of one that ran the scripted session before does
 * exactly what a fresh board does — the same transcript and the same
 * instruction, cycle, exit and hypercall counts — natively, trapped and
 * paravirtualized (the hypervisor writes shadow tables and frames into its
 * board's RAM by itself); and a boot nobody released keeps its RAM.
 */
import test from 'ava';
import { buildKernel } from '@pvlab/guest-kernel';
import { Machine, boot, drainRamPool, ramPoolStats, releaseBoard, startBoot, type BootMode, type BootRun } from '@pvlab/hypervisor';
import { SESSION_EXIT_CODE, SESSION_SCRIPT, images } from './_helpers/kernel.js';

/** What a run did, counts and all, with nothing of the board in it. */
const facts = (r: BootRun) => ({
  stop: r.stop, exitCode: r.exitCode, instructions: r.instructions, cycles: r.cycles, transcript: r.transcript, regions: r.regions,
  guests: r.guests?.map((g) => ({ instructions: g.instructions, exits: [...g.stats.counts], hypercalls: [...g.stats.hypercalls], regionExits: g.regionExits.map((s) => [...s.counts]) })),
});

const run = (mode: BootMode) => {
  const { kernel, firmware } = images();
  return boot(mode === 'paravirt' ? buildKernel({ paravirt: true }).elf : kernel, {
    mode, firmware: mode === 'native' ? firmware : undefined, script: SESSION_SCRIPT, maxInstructions: 2_000_000_000,
  });
};

test.afterEach.always(() => drainRamPool());

for (const mode of ['native', 'trap', 'paravirt'] as const) {
  test.serial(`${mode}: the session on reused RAM is the session on fresh RAM, count for count`, (t) => {
    drainRamPool();
    const fresh = run(mode);
    t.is(fresh.exitCode, SESSION_EXIT_CODE, fresh.transcript.slice(-300));
    const expected = facts(fresh);
    const buffer = fresh.machine.bus.u8.buffer;
    releaseBoard(fresh.machine);
    // What the session left — the kernel's, the firmware's, the hypervisor's shadow tables and frames — is gone.
    const probe = new Machine({ ramSize: fresh.machine.bus.ramSize });
    t.is(probe.bus.u8.buffer, buffer);
    t.true(Buffer.from(probe.bus.u8.buffer).equals(Buffer.alloc(probe.bus.ramSize)), 'all zeros, as a fresh ArrayBuffer');
    releaseBoard(probe);
    const reused = ramPoolStats.reused;
    const again = run(mode);
    t.is(again.machine.bus.u8.buffer, buffer, 'the second board runs on the first one\'s RAM');
    t.is(ramPoolStats.reused, reused + 1);
    t.deepEqual(facts(again), expected);
  });
}

test.serial('boots nobody released keep their RAM: a later boot never gets it', (t) => {
  const { kernel, firmware } = images();
  const reused = ramPoolStats.reused;
  const first = boot(kernel, { firmware, script: 'run fork 2\nhalt\n' });
  const held = Buffer.from(first.machine.bus.u8.subarray(0, 8 << 20));
  const second = boot(kernel, { firmware, script: 'run pgfault 8\nhalt\n' });
  const third = startBoot(buildKernel({ paravirt: true }).elf, { mode: 'paravirt', script: 'run fork 2\nhalt\n' });
  third.run(500_000_000);
  t.is(ramPoolStats.reused, reused, 'nothing was released, nothing reused');
  t.not(second.machine.bus.u8.buffer, first.machine.bus.u8.buffer);
  t.true(held.equals(first.machine.bus.u8.subarray(0, 8 << 20)), 'the first board\'s RAM is as it left it');
  // A hypervisor's board is released whole, its VMs' windows with it, and runs no more.
  releaseBoard(third.machine);
  t.throws(() => third.run(1000), { message: /released/ });
  const fourth = boot(buildKernel({ paravirt: true }).elf, { mode: 'paravirt', script: 'halt\n' });
  t.is(fourth.machine.bus.u8.buffer, third.machine.bus.u8.buffer);
  t.not(fourth.machine.bus.u8.buffer, first.machine.bus.u8.buffer);
  t.not(fourth.machine.bus.u8.buffer, second.machine.bus.u8.buffer);
});
