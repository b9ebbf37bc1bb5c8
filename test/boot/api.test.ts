/**
 * The boot API: modes, errors, markers, slices, end of input.
 */
import test from 'ava';
import { BOOT_MODES, BootError, boot, startBoot } from '@pvlab/hypervisor';
import { bootScript, images } from './_helpers/kernel.js';

test('trap and paravirt modes are in the table but not available yet: a clear error', (t) => {
  const { kernel } = images();
  for (const mode of ['trap', 'paravirt'] as const) {
    if (BOOT_MODES[mode].run) {
      t.pass(`${mode} is available`);
      continue;
    }
    const e = t.throws(() => boot(kernel, { mode }), { instanceOf: BootError });
    t.is(e?.code, 'mode-unavailable');
    t.regex(e!.message, new RegExp(`^boot mode '${mode}' is not available yet \\(issue \\d.*\\); use --mode native$`));
  }
});

test('an unknown mode, a missing firmware and a bad image are BootErrors with one-line messages', (t) => {
  const { kernel, firmware } = images();
  t.is(t.throws(() => boot(kernel, { mode: 'fast' as never }), { instanceOf: BootError })?.code, 'unknown-mode');
  t.is(t.throws(() => boot(kernel, {}), { instanceOf: BootError })?.code, 'no-firmware');
  const bad = t.throws(() => boot(new Uint8Array([1, 2, 3, 4]), { firmware }), { instanceOf: BootError });
  t.is(bad?.code, 'bad-image');
  t.regex(bad!.message, /^kernel: not a loadable ELF file/);
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
