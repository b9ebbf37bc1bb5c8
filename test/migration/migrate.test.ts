/**
 * Live migration's proof, with determinism as the oracle: the scripted
 * session, migrated at a random point (a seed; PVLAB_MIGRATION_RUNS more)
 * and then back and forth (PVLAB_MIGRATION_HOPS hops in all), ends with the
 * transcript and every count — instructions, cycles, exits by reason,
 * hypercalls by name — of an uninterrupted run, in every mode. Sender and
 * receivers are in this process, over loopback sockets; cli.test.ts does it
 * between processes.
 */
import test from 'ava';
import { VmController, snapshotCodec, startBoot, type BootHandle, type BootMode } from '@pvlab/hypervisor';
import { SESSION_SCRIPT, images } from '../boot/_helpers/kernel.js';
import { counts, seeded } from '../control/_helpers/counts.js';
import { kernelOf, migrateHere, runLoop } from './_helpers/loop.js';

const RUNS = Number(process.env.PVLAB_MIGRATION_RUNS ?? 1);
const HOPS = Number(process.env.PVLAB_MIGRATION_HOPS ?? 3);
const MODES: readonly BootMode[] = ['native', 'trap', 'paravirt'];

/** The shell session, after a computation long enough for several migrations while it runs. */
const SCRIPT = 'run compute 60\n' + SESSION_SCRIPT;

const start = (mode: BootMode): BootHandle =>
  startBoot(kernelOf(mode), { mode, script: SCRIPT, ...(mode === 'native' ? { firmware: images().firmware, memory: 32 << 20 } : {}) });

for (const mode of MODES) {
  test(`${mode}: migrated at a random point and back and forth ${HOPS} times, the session ends exactly as uninterrupted`, async (t) => {
    const plain = start(mode);
    plain.run(Infinity);
    const want = counts(plain);
    for (let run = 0; run < RUNS; run++) {
      const random = seeded(0x319 + run);
      let h = start(mode);
      h.run(Math.floor(random() * 3_000_000));
      const codec = snapshotCodec({ pvlab: 'test' });
      const hops: string[] = [];
      for (let hop = 0; hop < HOPS; hop++) {
        const c = new VmController(h, mode);
        if (c.ended) break;
        const loop = runLoop(h, c, 5_000 + Math.floor(random() * 35_000));
        const { report, received } = await migrateHere(c, mode, codec);
        await loop.done;
        t.true(c.ended, 'the sender\'s VM is gone');
        hops.push(`hop ${hop}: paused at ${report.pausedAt}, ${report.rounds.length} rounds (${report.rounds.map((r) => r.pages).join(', ')} pages), ${report.bytes} bytes, down ${report.downtime.hostMs.toFixed(0)} ms`);
        h = received.handle;
        h.run(Math.floor(random() * 500_000));
      }
      h.run(Infinity);
      t.log(hops.join('\n'));
      t.deepEqual(counts(h), want, `seed run ${run}`);
    }
  });
}
