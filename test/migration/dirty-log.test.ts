/**
 * Dirty-page tracking (migration/dirty-log.ts), against the oracle of a
 * full RAM compare: run the scripted sessions in random slices (a seed;
 * PVLAB_DIRTY_RUNS more), and after each slice every page whose bytes
 * changed must be in the set the log gives — whatever wrote it: the
 * guest's stores (interpreted or compiled), the page walker, a device's
 * DMA, the hypervisor's hypercall results and ring responses. And the log
 * is invisible: the logged run ends with the transcript and every count of
 * an unlogged one.
 */
import test from 'ava';
import { buildKernel } from '@pvlab/guest-kernel';
import { EchoPeer, MemoryDisk, placeDevices, startBoot, type BootHandle, type BootMode, type BootOptions } from '@pvlab/hypervisor';
import { dirtyLogOf, vmRam } from '../../hypervisor/src/migration/vm-memory.js';
import { DISK_BYTES, IO_SCRIPT, SESSION_SCRIPT, images } from '../boot/_helpers/kernel.js';
import { counts, seeded } from '../control/_helpers/counts.js';

const RUNS = Number(process.env.PVLAB_DIRTY_RUNS ?? 1);
const pv = buildKernel({ paravirt: true }).elf;

/** The sessions: the shell session in every mode, and the disk and network session with each mode's devices. */
const SESSIONS: { name: string; mode: BootMode; options: () => BootOptions }[] = [
  { name: 'the shell session, native', mode: 'native', options: () => ({ script: SESSION_SCRIPT, firmware: images().firmware, memory: 16 << 20 }) },
  { name: 'the shell session, trap', mode: 'trap', options: () => ({ script: SESSION_SCRIPT }) },
  { name: 'the shell session, paravirt', mode: 'paravirt', options: () => ({ script: SESSION_SCRIPT }) },
  {
    name: 'disk and network (virtio DMA), trap', mode: 'trap',
    options: () => ({ script: IO_SCRIPT, devices: () => ({ modern: false, devices: placeDevices([{ backend: new MemoryDisk(new Uint8Array(DISK_BYTES)), slot: 7 }], [{ backend: new EchoPeer(), slot: 6 }]) }) }),
  },
  {
    name: 'disk and network (split drivers: grants, rings, events), paravirt', mode: 'paravirt',
    options: () => ({ script: IO_SCRIPT, disks: () => new MemoryDisk(new Uint8Array(DISK_BYTES)), nics: () => ({ backend: new EchoPeer(), mac: new Uint8Array([0x52, 0x54, 0, 0x12, 0x34, 0x56]) }) }),
  },
];

const start = (s: (typeof SESSIONS)[number]): BootHandle => startBoot(s.mode === 'paravirt' ? pv : images().kernel, { mode: s.mode, maxInstructions: 2_000_000_000, ...s.options() });

/** Pages whose bytes differ between two copies of RAM. */
function changed(before: Uint8Array, after: Uint8Array): number[] {
  const a = new Int32Array(before.buffer, before.byteOffset, before.length >>> 2), b = new Int32Array(after.buffer, after.byteOffset, after.length >>> 2);
  const out: number[] = [];
  for (let page = 0; page < a.length >>> 10; page++) {
    for (let i = page << 10, end = i + 1024; i < end; i++) {
      if (a[i] !== b[i]) {
        out.push(page);
        break;
      }
    }
  }
  return out;
}

for (const s of SESSIONS) {
  test(`${s.name}: every page written in a round is in the log's set, and logging changes nothing`, (t) => {
    const plain = start(s);
    plain.run(2_000_000_000);
    const want = counts(plain);
    for (let run = 0; run < RUNS; run++) {
      const random = seeded(0xd1 + run);
      const h = start(s);
      const log = dirtyLogOf(h, 0);
      const ram = vmRam(h, 0);
      let rounds = 0, written = 0, logged = 0;
      for (let guard = 0; guard < 10_000; guard++) {
        const before = ram.slice();
        const r = h.run(1 + Math.floor(random() * 600_000));
        const dirty = new Set(log.take());
        const wrote = changed(before, ram);
        const missed = wrote.filter((p) => !dirty.has(p));
        if (missed.length) return t.fail(`round ${rounds}: pages ${missed.slice(0, 8).map((p) => `0x${p.toString(16)}`).join(', ')} changed but were not logged`);
        rounds++;
        written += wrote.length;
        logged += dirty.size;
        if (r.stop !== 'budget') break;
      }
      log.close();
      t.deepEqual(counts(h), want, `seed run ${run}: logging is invisible`);
      t.true(rounds > 5 && written > 0, `${rounds} rounds, ${written} pages written`);
      t.log(`${rounds} rounds: ${written} pages written, ${logged} logged (the log may say more: a page stored to with the same bytes)`);
    }
  });
}

test('a page the hypervisor writes for its guest is logged, and closing the last log drops the array', (t) => {
  const h = startBoot(pv, { mode: 'paravirt', script: 'halt\n' });
  const log = dirtyLogOf(h, 0);
  const v = h.hypervisor!.vms[0];
  v.guestMemory.write(v.guest.bus.ramBase + 5 * 4096 + 12, new Uint8Array([1, 2, 3]));
  v.guestMemory.writeWord!(v.guest.bus.ramBase + 9 * 4096, 7);
  t.deepEqual(log.take(), [5, 9]);
  t.deepEqual(log.take(), []);
  log.close();
  t.is(h.machine.bus.dirtyPages, undefined);
});
