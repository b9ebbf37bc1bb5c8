/**
 * The balloon end to end: the paravirtual kernel's driver and `free`
 * (guest-kernel/src/drivers/balloon.s) under the hypervisor's frame pool and
 * p2m (hypervisor/src/vmm/memory/). A VM's `free` shows its pages shrink and
 * grow with the host's target, exactly and repeatably; three VMs of 16 MiB
 * run on a board that holds 32 MiB for them because some boot small and
 * are ballooned down while another grows into the frames they gave back;
 * the trapped kernel, which has no driver, is refused the same board; and
 * the CLI says so in one line.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildKernel } from '@pvlab/guest-kernel';
import { MemoryDisk, boot, restoreBoot, startBoot, type BootRun } from '@pvlab/hypervisor';
import { images } from './_helpers/kernel.js';

const pv = buildKernel({ paravirt: true }).elf;
const MIB = 1 << 20;
const frees = (transcript: string) => [...transcript.matchAll(/^pages: .*$/gm)].map((m) => m[0]);

test("one VM: free shows its pages shrink to the target and grow back, exactly and every time", (t) => {
  const script = 'free\nrun compute 10\nfree\nrun compute 10\nfree\nhalt\n';
  const run = () => boot(pv, { mode: 'paravirt', script, maxInstructions: 100_000_000, balloon: [{ vm: 0, bytes: 6 * MIB, at: 1_000_000 }, { vm: 0, bytes: 16 * MIB, at: 7_500_000 }] });
  const a = run();
  t.is(a.stop, 'shutdown');
  t.deepEqual(frees(a.transcript), [
    'pages: 4096 total, 3518 free, 0 ballooned (target 4096)',
    'pages: 4096 total, 958 free, 2560 ballooned (target 1536)',
    'pages: 4096 total, 3518 free, 0 ballooned (target 4096)',
  ]);
  t.regex(a.transcript, /compute: 10 rounds, .*\n\$ free\n/, 'the workload ran while the balloon inflated');
  const calls = Object.fromEntries(a.exits!.hypercalls);
  t.is(calls.decrease_reservation, 40, '2,560 pages, 64 a batch');
  t.is(calls.increase_reservation, 40);
  const b = run();
  t.is(b.transcript, a.transcript);
  t.is(b.instructions, a.instructions);
  t.deepEqual(b.exits!.byReason(), a.exits!.byReason());
});

test('a VM with an event page (its disk\'s split driver) hears the target on port 31, and its disk works on scattered frames', (t) => {
  const script = 'free\nrun compute 10\nfree\ndd 8\nfree\nhalt\n';
  const run = boot(pv, {
    mode: 'paravirt', script, maxInstructions: 200_000_000, disks: () => new MemoryDisk(new Uint8Array(8 * MIB)),
    balloon: [{ vm: 0, bytes: 8 * MIB, at: 1_500_000 }],
  });
  t.is(run.exitCode, 0);
  t.regex(run.transcript, /^blkfront: event port 1, ring grant 2/m);
  t.deepEqual(frees(run.transcript).map((l) => l.replace(/\d+ free/, 'N free')), [
    'pages: 4096 total, N free, 0 ballooned (target 4096)',
    'pages: 4096 total, N free, 2048 ballooned (target 2048)',
    'pages: 4096 total, N free, 2048 ballooned (target 2048)',
  ]);
  t.regex(run.transcript, /^dd: 8 blocks from block \d+ written, synced, read back and checked: sum 0x[0-9a-f]+$/m);
});

test('three VMs of 16 MiB on a board with 32 MiB for them: the small ones are ballooned down and the big one grows into their frames', (t) => {
  const script = 'free\nrun compute 20\nfree\nrun compute 20\nfree\nhalt\n';
  const run: BootRun = boot(pv, {
    mode: 'paravirt', vms: 3, memoryTotal: 32 * MIB, script, maxInstructions: 500_000_000,
    balloon: [
      { vm: 0, bytes: 10 * MIB }, { vm: 1, bytes: 10 * MIB }, { vm: 2, bytes: 12 * MIB },
      { vm: 0, bytes: 4 * MIB, at: 8_000_000 }, { vm: 1, bytes: 4 * MIB, at: 8_000_000 }, { vm: 2, bytes: 16 * MIB, at: 8_000_000 },
      { vm: 0, bytes: 12 * MIB, at: 20_000_000 }, { vm: 1, bytes: 16 * MIB, at: 20_000_000 },
    ],
  });
  const [g0, g1, g2] = run.guests!;
  for (const g of run.guests!) t.is(g.exitCode, 0, `VM ${g.vm} shut down cleanly`);
  t.deepEqual(frees(g2.transcript), [
    'pages: 4096 total, 2494 free, 1024 ballooned (target 3072)',
    'pages: 4096 total, 3518 free, 0 ballooned (target 4096)',
    'pages: 4096 total, 3518 free, 0 ballooned (target 4096)',
  ], 'VM 2 grew from 12 to 16 MiB into frames the others gave back');
  t.deepEqual(frees(g0.transcript), [
    'pages: 4096 total, 1982 free, 1536 ballooned (target 2560)',
    'pages: 4096 total, 446 free, 3072 ballooned (target 1024)',
    'pages: 4096 total, 1918 free, 1600 ballooned (target 3072)',
  ], 'VM 0 shrank to 4 MiB, then grew as far as the pool allowed');
  t.deepEqual(frees(g1.transcript), [
    'pages: 4096 total, 1982 free, 1536 ballooned (target 2560)',
    'pages: 4096 total, 446 free, 3072 ballooned (target 1024)',
    'pages: 4096 total, 1022 free, 2496 ballooned (target 4096)',
  ], 'VM 1 asked for all of its RAM and got what was left: the board is full');
  for (const g of run.guests!) t.regex(g.transcript, /compute: 20 rounds, 309 primes below 2048, crc32 0x[0-9a-f]{8}\n/);
});

test('the trapped kernel cannot balloon: the same board is refused, and a target too', (t) => {
  const { kernel } = images();
  t.throws(() => boot(kernel, { mode: 'trap', vms: 3, memoryTotal: 32 * MIB, script: 'halt\n' }), { message: /memory: trap mode cannot balloon: the unmodified kernel has no balloon driver, so each VM needs all its RAM \(3 × 16 MiB\) on the board: run --mode paravirt/ });
  t.throws(() => boot(kernel, { mode: 'trap', balloon: [{ vm: 0, bytes: 8 * MIB }], script: 'halt\n' }), { message: /trap mode cannot balloon/ });
  t.throws(() => boot(pv, { mode: 'paravirt', vms: 3, memoryTotal: 32 * MIB, script: 'halt\n' }), { message: /memory: the VMs need 48 MiB at boot but the board holds 32 MiB for them: balloon some down at boot \(--balloon VM=SIZE\)/ });
  t.throws(() => boot(pv, { mode: 'paravirt', balloon: [{ vm: 1, bytes: 8 * MIB }], script: 'halt\n' }), { message: /a balloon target for VM 1, but the VMs are 0..0/ });
});

test('pvlab boot --memory-total and --balloon: the overcommitted board from the command line, its errors one line each', (t) => {
  const ROOT = join(import.meta.dirname, '../..');
  const cli = (args: string[], input = 'free\nhalt\n') => spawnSync(process.execPath, [join(ROOT, 'hypervisor/dist/cli/main.js'), 'boot', ...args, '--script', '-'], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ok = cli(['--mode', 'paravirt', '--vms', '3', '--memory-total', '32M', '--balloon', '0=8M', '--balloon', '1=8M']);
  t.is(ok.status, 0, ok.stderr);
  t.regex(ok.stdout, /^\[vm0\] pages: 4096 total, 1470 free, 2048 ballooned \(target 2048\)$/m);
  t.regex(ok.stdout, /^\[vm2\] pages: 4096 total, 3518 free, 0 ballooned \(target 4096\)$/m);
  const trap = cli(['--mode', 'trap', '--vms', '3', '--memory-total', '32M']);
  t.is(trap.status, 2);
  t.is(trap.stderr, 'pvlab: boot: memory: trap mode cannot balloon: the unmodified kernel has no balloon driver, so each VM needs all its RAM (3 × 16 MiB) on the board: run --mode paravirt\n');
  const bad = cli(['--mode', 'paravirt', '--vms', '2', '--balloon', '2=8M']);
  t.is(bad.status, 2);
  t.regex(bad.stderr, /^pvlab: boot: --balloon VM needs .*, not '2'\n$/);
  const form = cli(['--mode', 'paravirt', '--balloon', '8M']);
  t.is(form.stderr, "pvlab: boot: --balloon needs VM=SIZE or VM=SIZE@INSTRUCTIONS (such as 0=8M or 1=4M@30000000), not '8M'\n");
});

test("the memory README's demonstration runs as printed and prints what the page shows", (t) => {
  const ROOT = join(import.meta.dirname, '../..');
  const page = readFileSync(join(ROOT, 'hypervisor/src/vmm/memory/README.md'), 'utf8');
  const blocks = [...page.matchAll(/```console\n\$ (.*)\n([\s\S]*?)```/g)];
  t.is(blocks.length, 2);
  for (const [, command, output] of blocks) {
    const r = spawnSync('sh', ['-c', command], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', npm_config_offline: 'true' } });
    t.is(r.stdout + r.stderr, output, command);
  }
});

test('a ballooned, overcommitted boot snapshotted between its targets continues exactly after a restore', (t) => {
  const options = {
    mode: 'paravirt' as const, vms: 3, memoryTotal: 32 * MIB, script: 'free\nrun compute 20\nfree\nrun compute 20\nfree\nhalt\n',
    balloon: [
      { vm: 0, bytes: 10 * MIB }, { vm: 1, bytes: 10 * MIB }, { vm: 2, bytes: 12 * MIB },
      { vm: 0, bytes: 4 * MIB, at: 8_000_000 }, { vm: 1, bytes: 4 * MIB, at: 8_000_000 }, { vm: 2, bytes: 16 * MIB, at: 8_000_000 },
      { vm: 0, bytes: 12 * MIB, at: 20_000_000 }, { vm: 1, bytes: 16 * MIB, at: 20_000_000 },
    ],
  };
  const whole = startBoot(pv, options);
  whole.run(Infinity);
  const expected = whole.result();
  const h = startBoot(pv, options);
  h.run(14_000_000); // the first targets set, the second to come
  const r = restoreBoot(h.snapshot('pvlab test'));
  r.run(Infinity);
  const got = r.result();
  got.guests!.forEach((g, i) => {
    t.is(g.transcript, expected.guests![i].transcript, `VM ${i}'s transcript`);
    t.is(g.instructions, expected.guests![i].instructions, `VM ${i}'s instructions`);
    t.deepEqual(g.stats.byReason(), expected.guests![i].stats.byReason());
    t.deepEqual(Object.fromEntries(g.stats.hypercalls), Object.fromEntries(expected.guests![i].stats.hypercalls));
  });
  t.is(frees(got.guests![1].transcript).at(-1), 'pages: 4096 total, 1022 free, 2496 ballooned (target 4096)');
});
