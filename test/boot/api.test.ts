/**
 * The boot API: modes, errors, markers, slices, end of input.
 */
import test from 'ava';
import { buildKernel } from '@pvlab/guest-kernel';
import { BootError, boot, kernelImageInfo, startBoot } from '@pvlab/hypervisor';
import { bootScript, images } from './_helpers/kernel.js';

test('input typed at an idle kernel wakes it, in every mode: natively, trapped and paravirtualized', (t) => {
  const { kernel, firmware } = images();
  const runs = {
    native: startBoot(kernel, { firmware }),
    trap: startBoot(kernel, { mode: 'trap' }),
    paravirt: startBoot(buildKernel({ paravirt: true }).elf, { mode: 'paravirt' }),
    'trap, two VMs': startBoot(kernel, { mode: 'trap', vms: 2 }),
  };
  const typed: Record<string, number> = {};
  for (const [name, h] of Object.entries(runs)) {
    t.is(h.run(50_000_000).stop, 'idle', `${name}: at the prompt, waiting`);
    const before = h.result().transcript;
    t.regex(before, /\$ $/, name);
    h.feed(Buffer.from('echo hi\n'));
    const slice = h.run(50_000_000);
    t.is(slice.stop, 'idle', name);
    t.is(h.result().transcript.slice(before.length), 'echo hi\nhi\n$ ', `${name}: the typed line is echoed and run`);
    typed[name] = slice.instructions;
  }
  // Popek and Goldberg: the trapped kernel does exactly what the native one does.
  t.is(typed.trap, typed.native);
});

test('an unknown mode, a missing firmware and a bad image are BootErrors with one-line messages', (t) => {
  const { kernel, firmware } = images();
  t.is(t.throws(() => boot(kernel, { mode: 'fast' as never }), { instanceOf: BootError })?.code, 'unknown-mode');
  t.is(t.throws(() => boot(kernel, {}), { instanceOf: BootError })?.code, 'no-firmware');
  const bad = t.throws(() => boot(new Uint8Array([1, 2, 3, 4]), { firmware }), { instanceOf: BootError });
  t.is(bad?.code, 'bad-image');
  t.regex(bad!.message, /^kernel: not a loadable ELF file/);
});

test('each build of the kernel boots only in its modes: the image says which it is', (t) => {
  const { kernel, firmware } = images();
  const pv = buildKernel({ paravirt: true }).elf;
  for (const [image, options] of [[kernel, { mode: 'paravirt' }], [pv, { firmware }], [pv, { mode: 'trap' }]] as const) {
    const e = t.throws(() => startBoot(image, options), { instanceOf: BootError });
    t.is(e?.code, 'wrong-image');
  }
  // Each in its own modes boots; an image that is not pvlab's kernel is not judged.
  for (const [image, options] of [[kernel, { firmware }], [kernel, { mode: 'trap' }], [pv, { mode: 'paravirt' }]] as const) {
    t.is(boot(image, { ...options, script: 'halt 2\n' }).exitCode, 2);
  }
  t.is(kernelImageInfo(new Uint8Array([1, 2, 3])).build, 'unknown');
  t.deepEqual(kernelImageInfo(kernel), { build: 'native', ramEnd: 0x8100_0000 });
  t.deepEqual(kernelImageInfo(pv), { build: 'paravirt', ramEnd: 0x8100_0000 });
});

test('memory the board or a VM cannot have, or less than the kernel uses, is a BootError', (t) => {
  const { kernel, firmware } = images();
  for (const [options, message] of [
    [{ firmware, memory: 8 << 20 }, 'memory: the kernel uses RAM up to 0x81000000 (its RAM_END), so it needs at least 16 MiB, not 8 MiB'],
    [{ firmware, memory: 1000 }, "memory: the board's RAM is a whole number of 4 KiB pages, at most 2 GiB, not 1000 bytes"],
    [{ mode: 'trap', memory: 24 << 20 }, "memory: a VM's RAM must be a power of two of at least 1 MiB (one NAPOT PMP entry fences it), not 24 MiB"],
  ] as const) {
    const e = t.throws(() => startBoot(kernel, options), { instanceOf: BootError });
    t.is(e?.code, 'bad-memory');
    t.is(e?.message, message);
  }
  t.is(boot(kernel, { mode: 'trap', memory: 64 << 20, script: 'halt 3\n' }).exitCode, 3);
});

test('the benchmark markers carry instruction counts; regions pair them', (t) => {
  const seen: string[] = [];
  const { kernel, firmware } = images();
  const run = boot(kernel, { firmware, script: 'run null 100\nrun null 200\nhalt\n', onMarker: (m) => seen.push(m.kind) });
  t.deepEqual(seen, ['begin', 'end', 'begin', 'end']);
  t.is(run.regions.length, 2);
  // 100 more getpid round trips cost the same every time: the per-call cost is exact
  const perCall = (run.regions[1].instructions - run.regions[0].instructions) / 100;
  t.true(Number.isInteger(perCall));
  t.true(perCall < 150, `${perCall} instructions per null system call`);
});

test('without halt the run ends idle: every process waits for input that cannot come', (t) => {
  const run = bootScript('echo no halt\n');
  t.is(run.stop, 'idle');
  t.regex(run.transcript, /no halt\n\$ $/);
});

test('a handle runs in slices and takes input between them', (t) => {
  const { kernel, firmware } = images();
  const h = startBoot(kernel, { firmware });
  t.is(h.run(50_000_000).stop, 'idle'); // at the prompt, no input
  h.feed(Buffer.from('echo typed\nhalt 4\n'));
  t.is(h.run(50_000_000).stop, 'shutdown');
  const r = h.result();
  t.is(r.exitCode, 4);
  t.regex(r.transcript, /\$ echo typed\ntyped\n\$ halt 4\n/);
});

test('the instruction budget stops a run', (t) => {
  const run = bootScript('run compute 1000\n', 2_000_000);
  t.is(run.stop, 'budget');
  t.is(run.instructions, 2_000_000);
});
