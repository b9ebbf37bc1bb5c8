/**
 * Snapshot and restore of a boot, with determinism as the oracle: a
 * scripted session run to instruction N, snapshotted (`pvlab boot …
 * --snapshot-at N --snapshot FILE`), restored in a NEW process (`pvlab boot
 * --restore FILE`) and run to its end gives what the session gives when it
 * is never stopped — the same transcript, exit code, instruction and cycle
 * counts, exits by reason and hypercalls by name (`--json`), and the same
 * disk image — in each mode, natively, trapped and paravirtualized, with a
 * disk and the network echo peer, at points chosen inside device I/O (a
 * request or a frame waiting in virtual time). The console printed by the
 * two processes, one after the other, is the console of the one that never
 * stopped.
 *
 * PVLAB_SNAPSHOT_POINTS: how many points per session (default 2, one inside
 * device I/O, so CI's cost stays bounded: each point is two boots).
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBoot, type BootMode } from '@pvlab/hypervisor';
import { buildKernel } from '@pvlab/guest-kernel';
import { bootDevices } from '../../hypervisor/src/cli/boot-devices.js';
import { DISK_BYTES, FIXTURES, IO_EXIT_CODE, SESSION_EXIT_CODE, images } from './_helpers/kernel.js';

const CLI = join(import.meta.dirname, '../../hypervisor/dist/cli/main.js');
const POINTS = Math.max(1, Number(process.env.PVLAB_SNAPSHOT_POINTS ?? 2));
const dir = mkdtempSync(join(tmpdir(), 'pvlab-snap-boot-'));
const SESSION = join(FIXTURES, 'session.txt');
const IO = join(FIXTURES, 'io-session.txt');

const pvlab = (args: string[], input = '') => spawnSync(process.execPath, [CLI, 'boot', ...args], { encoding: 'utf8', input, cwd: dir, maxBuffer: 64 << 20 });

/** A run's --json report: everything but host time (which it does not hold). */
const report = (stdout: string) => JSON.parse(stdout) as { instructions: number; exitCode: number; transcript: string; exitsByReason?: Record<string, number> };

/**
 * Instruction counts at which device work waits in virtual time, from the
 * same boot on the API (the CLI's own device options), spread over the run.
 */
async function ioPoints(mode: BootMode, script: string, disk: string): Promise<number[]> {
  const { firmware } = images();
  const kernel = mode === 'paravirt' ? buildKernel({ paravirt: true }).elf : images().kernel;
  const d = await bootDevices({ drive: [`file=${disk}`], netdev: 'echo', mode }, 1);
  const h = startBoot(kernel, { mode, firmware: mode === 'native' ? firmware : undefined, script: readFileSync(script), devices: d.devices, disks: d.disks, nics: d.nics, bootargs: d.bootargs });
  const busy: number[] = [];
  for (let s = h.run(997); s.stop === 'budget'; s = h.run(997)) if (h.machine.events.size > 0) busy.push(h.machine.hart.retired());
  d.close();
  return busy;
}

/** Pick `n` points spread over a list. */
const spread = (list: readonly number[], n: number) => Array.from({ length: Math.min(n, list.length) }, (_, i) => list[Math.floor(((i + 0.5) * list.length) / n)]);

function oracle(t: import('ava').ExecutionContext, name: string, args: (disk: string | undefined) => string[], points: readonly number[], o: { exitCode: number; disk?: boolean }): void {
  const image = (tag: string) => {
    if (!o.disk) return undefined;
    const path = join(dir, `${name}-${tag}.img`);
    writeFileSync(path, new Uint8Array(DISK_BYTES));
    return path;
  };
  const wholeDisk = image('whole');
  const whole = pvlab([...args(wholeDisk), '--json']);
  t.is(whole.status, o.exitCode, whole.stderr);
  const expected = report(whole.stdout);
  for (const n of points) {
    const disk = image(`at-${n}`);
    const file = join(dir, `${name}-${n}.pvsnap`);
    const first = pvlab([...args(disk), '--snapshot-at', String(n), '--snapshot', file]);
    t.is(first.status, 0, `${name} at ${n}: ${first.stderr}`);
    const rest = pvlab(['--restore', file, '--json']);
    t.is(rest.status, o.exitCode, `${name} at ${n}: ${rest.stderr}`);
    t.deepEqual(report(rest.stdout), expected, `${name} at ${n}: transcript and every count`);
    if (disk) t.deepEqual(readFileSync(disk), readFileSync(wholeDisk!), `${name} at ${n}: the disk`);
  }
}

/** A short session (about a million instructions): boot, a few workloads, halt 7. */
const SHORT = join(dir, 'short.txt');
writeFileSync(SHORT, 'echo snapshot me\nrun null 50\nrun fork 2\nrun pgfault 4\nuptime\nhalt 7\n');

for (const mode of ['native', 'trap', 'paravirt'] as const) {
  test(`${mode}: a scripted session, snapshotted and restored in a new process, is the session never stopped`, (t) => {
    const total = report(pvlab(['--mode', mode, '--script', SHORT, '--json']).stdout).instructions;
    t.true(total > 300_000);
    const points = spread([Math.floor(total * 0.13), Math.floor(total * 0.41), Math.floor(total * 0.77), total - 1], POINTS);
    oracle(t, `session-${mode}`, () => ['--mode', mode, '--script', SHORT], points, { exitCode: 7 });
  });

  test(`${mode}, with a disk and the network echo peer: restored inside device I/O, the session and the image are the uninterrupted ones`, async (t) => {
    const scan = join(dir, `scan-${mode}.img`);
    writeFileSync(scan, new Uint8Array(DISK_BYTES));
    const busy = await ioPoints(mode, IO, scan);
    t.true(busy.length > 0, 'device work waits at some points');
    oracle(t, `io-${mode}`, (disk) => ['--mode', mode, '--drive', `file=${disk}`, '--netdev', 'echo', '--script', IO], spread(busy, Math.max(1, POINTS - 1)), { exitCode: IO_EXIT_CODE, disk: true });
  });
}

test('the console printed before the snapshot and after the restore is the console of the run never stopped (native, --stats)', (t) => {
  const whole = pvlab(['--script', SESSION, '--stats']);
  const file = join(dir, 'console.pvsnap');
  // Inside the timer workload's measured region: the region's markers straddle the snapshot.
  const first = pvlab(['--script', SESSION, '--snapshot-at', '2222700', '--snapshot', file]);
  const rest = pvlab(['--restore', file, '--stats']);
  t.is(rest.status, SESSION_EXIT_CODE);
  t.is(first.stdout + rest.stdout, whole.stdout);
  t.is(rest.stderr, whole.stderr, 'instructions, cycles, traps and regions from reset');
});

test('console input given to the restore is typed after what the snapshot still held', (t) => {
  const file = join(dir, 'typed.pvsnap');
  t.is(pvlab(['--snapshot-at', '200000', '--snapshot', file], 'echo one\n').status, 0);
  const rest = pvlab(['--restore', file, '--json'], 'echo two\nhalt 9\n');
  t.is(rest.status, 9);
  t.regex(report(rest.stdout).transcript, /one[\s\S]*two/);
});

test('snapshots of boots that cannot be restored here: one line, exit code 1, nothing started', (t) => {
  const file = join(dir, 'pv.pvsnap');
  t.is(pvlab(['--mode', 'paravirt', '--script', SHORT, '--snapshot-at', '300000', '--snapshot', file]).status, 0);
  const wrongMode = pvlab(['--restore', file, '--mode', 'trap']);
  t.is(wrongMode.status, 1);
  t.is(wrongMode.stdout, '');
  t.is(wrongMode.stderr, `pvlab: error: ${file}: this is a snapshot of a paravirt boot; --mode trap does not match it (leave --mode out: the mode comes from the file)\n`);
  const bare = spawnSync(process.execPath, [CLI, 'run', '--restore', file], { encoding: 'utf8' });
  t.is(bare.status, 1);
  t.regex(bare.stderr, /this is a snapshot of a paravirtual boot, not of a bare-board run: restore it with pvlab boot --restore\n$/);
  const good = readFileSync(file);
  for (let k = 1; k < 8; k++) {
    const cut = join(dir, 'cut.pvsnap');
    writeFileSync(cut, good.subarray(0, Math.floor((good.length * k) / 8)));
    const r = pvlab(['--restore', cut]);
    t.is(r.status, 1);
    t.is(r.stdout, '');
    t.regex(r.stderr, /^pvlab: error: .*cut\.pvsnap: truncated: [\d,]+ bytes of the [\d,]+ its header declares\n$/);
  }
  const disk = join(dir, 'changed.img');
  writeFileSync(disk, new Uint8Array(DISK_BYTES));
  const withDisk = join(dir, 'disk.pvsnap');
  t.is(pvlab(['--mode', 'trap', '--drive', `file=${disk}`, '--script', IO, '--snapshot-at', '1000000', '--snapshot', withDisk]).status, 0);
  copyFileSync(disk, `${disk}.kept`);
  writeFileSync(disk, Uint8Array.of(1), { flag: 'r+' });
  const changed = pvlab(['--restore', withDisk]);
  t.is(changed.status, 1);
  t.is(changed.stdout, '');
  t.regex(changed.stderr, /^pvlab: error: .*disk\.pvsnap: disk image '.*changed\.img' changed since the snapshot was taken \(its SHA-256 differs\)\n$/);
});
