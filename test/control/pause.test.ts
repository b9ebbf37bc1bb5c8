/**
 * Pause, resume and destroy through the controller (control/controller.ts),
 * against the scripted session in every mode: a run paused at random
 * points (a seed; PVLAB_PAUSE_RUNS more) and resumed ends with the
 * transcript and every count of an uninterrupted run — pausing is no exit
 * and moves no guest time. With two VMs, the paused one retires nothing
 * while the other runs; a destroyed VM's counts are final and the run ends
 * with its last VM.
 */
import test from 'ava';
import { buildKernel } from '@pvlab/guest-kernel';
import { VmController, startBoot, type BootHandle, type BootMode } from '@pvlab/hypervisor';
import { SESSION_SCRIPT, images, timeless } from '../boot/_helpers/kernel.js';
import { counts, seeded } from './_helpers/counts.js';

const RUNS = Number(process.env.PVLAB_PAUSE_RUNS ?? 2);
const MODES: readonly BootMode[] = ['native', 'trap', 'paravirt'];

function start(mode: BootMode, vms = 1): BootHandle {
  const { kernel, firmware } = images();
  const image = mode === 'paravirt' ? buildKernel({ paravirt: true }).elf : kernel;
  return startBoot(image, { mode, firmware: mode === 'native' ? firmware : undefined, script: SESSION_SCRIPT, vms: mode === 'native' ? undefined : vms });
}

for (const mode of MODES) {
  test(`${mode}: paused and resumed at random points, the session prints and counts exactly what it does uninterrupted`, (t) => {
    const plain = start(mode);
    plain.run(Infinity);
    const want = counts(plain);
    t.is(want.stop, 'shutdown');
    for (let run = 0; run < RUNS; run++) {
      const random = seeded(0x5eed + run);
      const h = start(mode);
      const c = new VmController(h, mode);
      let pauses = 0;
      for (let guard = 0; guard < 100_000 && !c.ended; guard++) {
        if (c.runnable) {
          const r = h.run(1 + Math.floor(random() * 400_000));
          if (r.stop === 'shutdown') break;
          if (random() < 0.5) {
            const before = c.list()[0];
            c.pause(0);
            pauses++;
            t.is(c.list()[0].state, 'paused');
            t.false(c.runnable, 'a paused VM alone: the board does not run');
            t.deepEqual({ ...c.list()[0], state: 'running' }, before, 'pausing changed no count');
          }
        } else c.resume(0);
      }
      t.true(pauses > 3, `paused ${pauses} times`);
      t.deepEqual(counts(h), want, `seed run ${run}`);
    }
  });
}

for (const mode of ['trap', 'paravirt'] as const) {
  test(`${mode}, two VMs: the paused one retires nothing and takes no exit while the other runs, then finishes as it would have`, (t) => {
    const h = start(mode, 2);
    const c = new VmController(h, mode);
    h.run(2_000_000);
    c.pause(0);
    const held = c.list()[0];
    const other = c.list()[1].instructions;
    h.run(2_000_000);
    t.deepEqual(c.list()[0], held, 'VM 0 stood still');
    t.is(c.list()[1].instructions, other + 2_000_000, 'VM 1 ran meanwhile, alone');
    c.resume(0);
    h.run(Infinity);
    const end = c.list();
    t.deepEqual(end.map((r) => [r.state, r.exitCode]), [['halted', 7], ['halted', 7]]);
    const guests = h.result().guests!;
    t.is(timeless(guests[0].transcript), timeless(guests[1].transcript), 'both VMs printed the whole session');
  });

  test(`${mode}: destroy ends a VM, its counts final; the run ends with the last one`, (t) => {
    const h = start(mode, 2);
    const c = new VmController(h, mode);
    h.run(2_000_000);
    const row = c.destroy(1);
    t.is(row.state, 'halted');
    t.is(row.reason, 'destroyed');
    h.run(1_000_000);
    t.deepEqual(c.list()[1], row, 'VM 1 retires nothing after its destroy');
    t.false(c.ended);
    c.destroy(0);
    t.true(c.ended);
    t.is(h.run(1_000_000).stop, 'shutdown');
    t.deepEqual(c.farewells(), ['VM 1 destroyed', 'VM 0 destroyed']);
  });
}

test('native: destroy halts the board', (t) => {
  const h = start('native');
  const c = new VmController(h, 'native');
  h.run(2_000_000);
  c.destroy(0);
  t.true(c.ended);
  const r = h.run(1_000_000);
  t.is(r.stop, 'shutdown');
  t.is(r.instructions, 0);
});

test('requests on a VM that does not exist, or halted, are errors that change nothing', async (t) => {
  const h = start('trap');
  const c = new VmController(h, 'trap');
  t.deepEqual(await c.execute({ command: 'pause', vm: 3 }), { ok: false, error: 'no VM 3 (VMs: 0)' });
  t.deepEqual(await c.execute({ command: 'balloon', vm: 0, size: 8 << 20 }), { ok: false, error: 'balloon: no balloon here: a native boot has no hypervisor to give memory back to' });
  t.true(c.runnable);
  c.destroy(0);
  t.deepEqual(await c.execute({ command: 'resume', vm: 0 }), { ok: false, error: 'resume: VM 0 has halted' });
});

test('one operation at a time per VM: a request on a VM being migrated is refused as busy, and the run does not end under it', async (t) => {
  const h = start('trap');
  const c = new VmController(h, 'trap');
  let finish!: (v: Record<string, unknown>) => void;
  c.provide({ migrate: () => new Promise((resolve) => (finish = resolve)) });
  const migrating = c.execute({ command: 'migrate', vm: 0, to: '127.0.0.1:7999' });
  t.true(c.working);
  t.deepEqual(await c.execute({ command: 'pause', vm: 0 }), { ok: false, error: 'pause: VM 0 is busy (migrate in progress)' });
  t.like(await c.execute({ command: 'list' }), { ok: true });
  finish({ rounds: [] });
  t.deepEqual(await migrating, { ok: true, command: 'migrate', vm: 0, rounds: [] });
  t.false(c.working);
});
