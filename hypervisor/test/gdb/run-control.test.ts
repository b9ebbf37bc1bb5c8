/**
 * The run control (run-control.ts) on the kernel, in every mode, without a
 * socket: a session that stops at every system call, steps, watches a
 * kernel variable and breaks on exits ends with exactly the counts, exits
 * and transcript of the same boot run without a debugger; a step is one
 * instruction the guest sees (an exit it cannot see is not one); every exit
 * asked for stops the guest once.
 */
import test from 'ava';
import { buildFirmware, buildKernel } from '@pvlab/guest-kernel';
import { startBoot, type BootMode } from '../../src/boot/index.js';
import { bootTarget } from '../../src/gdb/boot-target.js';
import { RunControl, type Stop } from '../../src/gdb/run-control.js';
import type { DebugThread } from '../../src/gdb/target.js';

const SCRIPT = 'run null 3\nrun timer 2\nhalt\n';
const firmware = buildFirmware().elf;
const kernels = { native: buildKernel(), trap: buildKernel(), paravirt: buildKernel({ paravirt: true }) };
const sym = (mode: BootMode, name: string) => kernels[mode].program.symbols.find((s) => s.name === name)!.value >>> 0;

function boot(mode: BootMode) {
  return startBoot(kernels[mode].elf, { mode, firmware, script: SCRIPT });
}

function plain(mode: BootMode) {
  const h = boot(mode);
  h.run(Infinity);
  return summary(h.result());
}

const summary = (r: ReturnType<ReturnType<typeof boot>['result']>) => ({
  stop: r.stop, exitCode: r.exitCode, instructions: r.instructions, cycles: r.cycles, transcript: r.transcript, exits: r.exits?.byReason(), hypercalls: r.exits && [...r.exits.hypercalls],
});

const resume = (c: RunControl, step?: DebugThread) => new Promise<Stop>((resolve) => c.resume(step, resolve));

for (const mode of ['native', 'trap', 'paravirt'] as const) {
  test(`${mode}: stopping at every system call, stepping and watching change nothing`, async (t) => {
    const h = boot(mode);
    const c = new RunControl(bootTarget(h, mode), { wait: true });
    c.breakpoints.add(sym(mode, 'syscall'));
    c.addWatchpoint({ kind: 'write', addr: sym(mode, 'ticks'), length: 4 });
    let calls = 0, ticks = 0, steps = 0;
    for (;;) {
      const s = await resume(c);
      if (s.kind === 'exited') break;
      const th = c.target.threads[s.thread - 1];
      if (s.watch) ticks++;
      else {
        t.is(th.register(32), sym(mode, 'syscall'));
        calls++;
      }
      // Step off the stop, one instruction the guest sees each time.
      for (let i = 0; i < 3; i++) {
        const [pc, retired] = [th.register(32), th.retired()];
        const r = await resume(c, th);
        t.is(r.kind, 'signal');
        t.true(th.retired() === retired + 1 || th.register(32) !== pc, 'a step is a step');
        steps++;
      }
    }
    t.true(calls > 10 && ticks >= 2, `${calls} system calls, ${ticks} ticks seen`);
    t.deepEqual(summary(h.result()), plain(mode));
    t.deepEqual(await c.ended, { kind: 'exited', code: 0, budget: undefined });
    t.log(`${calls} system calls, ${ticks} ticks, ${steps} steps`);
  });
}

for (const mode of ['trap', 'paravirt'] as const) {
  test(`${mode}: break-on-exit stops after every exit of its reason, and only those`, async (t) => {
    const reason = mode === 'trap' ? 'sfence-vma' : 'hypercall';
    const h = boot(mode);
    const c = new RunControl(bootTarget(h, mode), { wait: true });
    c.exitBreaks.add(reason);
    let stops = 0;
    for (;;) {
      const s = await resume(c);
      if (s.kind === 'exited') break;
      stops++;
      const notes = c.takeNotes().join('');
      t.regex(notes, new RegExp(`stopped after the exit ${reason}: ${reason} +pc=0x`));
    }
    const p = plain(mode);
    // The paravirtual kernel's last hypercall, shutdown, ends the run: gdb hears the exit code instead.
    t.is(stops, (p.exits as Record<string, number>)[reason] - (mode === 'paravirt' ? 1 : 0));
    t.deepEqual(summary(h.result()), p);
  });
}

test('Ctrl-C stops a running guest between slices; it runs on after', async (t) => {
  const h = startBoot(kernels.trap.elf, { mode: 'trap', script: 'run compute 3\nhalt\n' });
  const c = new RunControl(bootTarget(h, 'trap'), { wait: true });
  const stop = resume(c);
  await new Promise((r) => setTimeout(r, 200));
  c.interrupt();
  const s = await stop;
  t.like(s, { kind: 'signal', signal: 2, thread: 1 });
  const [retired] = [h.result().instructions];
  t.true(retired > 0);
  t.like(await resume(c), { kind: 'exited', code: 0 });
});

test('the trace: every exit as a note while the guest runs, bounded', async (t) => {
  const h = startBoot(kernels.trap.elf, { mode: 'trap', script: 'halt\n' });
  const c = new RunControl(bootTarget(h, 'trap'), { wait: true });
  c.tracing = true;
  c.listen();
  t.like(await resume(c), { kind: 'exited' });
  const notes = c.takeNotes();
  t.true(notes.length >= 2000, `${notes.length} notes`);
  t.regex(notes[0], /^(csr-read|csr-write|sret|shadow-fault|mmio-read|mmio-write) +pc=0x[0-9a-f]{8}/);
  t.regex(notes[notes.length - 1], /^pvlab: \d+ more exits not shown\n$/);
});
