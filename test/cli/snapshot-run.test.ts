/**
 * `pvlab run --bare … --snapshot-at N --snapshot FILE`, then `pvlab run
 * --restore FILE` in a new process: the two outputs together, the exit
 * code, the counts (--stats) and the disk equal the run that was never
 * stopped — at points chosen inside device I/O (a virtio request notified
 * and not yet served) as well as elsewhere. And a snapshot that cannot be
 * restored (truncated, damaged, another version or kind, its disk changed)
 * is one line, exit code 1, and nothing runs.
 *
 * PVLAB_SNAPSHOT_POINTS sets how many points of the disk program are tried
 * (default 3: CI's cost stays bounded).
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Machine, MemoryDisk, placeDrives } from '@pvlab/hypervisor';
import { encodeSnapshot } from '../../hypervisor/src/snapshot/index.js';

const CLI = join(import.meta.dirname, '../../hypervisor/dist/cli/main.js');
const C_DIR = join(import.meta.dirname, '../../hypervisor/test/machine/_programs/c');
const XV6 = join(C_DIR, 'virtio-xv6.elf');
const POINTS = Number(process.env.PVLAB_SNAPSHOT_POINTS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'pvlab-snap-run-'));

const pvlab = (args: string[], input = '') => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, cwd: dir });
const disk = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(1 << 20));
  return path;
};
const board = (image: string) => ['run', '--bare', '--isa', 'rv32ima', '--drive', `file=${image}`, XV6, '--stats'];

/** Instruction counts at which a virtio request waits in virtual time (found on an in-process board), and the run's length. */
function ioPoints(): { busy: number[]; total: number } {
  const m = new Machine({ isa: 'rv32ima', virtioDevices: placeDrives([{ backend: new MemoryDisk(new Uint8Array(1 << 20)) }]) });
  m.loadElf(readFileSync(XV6));
  const busy: number[] = [];
  for (let r = m.run(31); r.stop === 'budget'; r = m.run(31)) if (m.events.size > 0) busy.push(m.hart.retired());
  return { busy, total: m.hart.retired() };
}

test('virtio-xv6 with a disk: snapshot at N, restore in a new process = the run never stopped', (t) => {
  const whole = disk('whole.img');
  const full = pvlab(board(whole));
  t.is(full.status, 0, full.stderr);
  t.regex(full.stdout, /disk interrupts taken: 40/);
  const { busy, total } = ioPoints();
  t.true(busy.length > 5, `the program has requests in flight at ${busy.length} points`);
  const points = [busy[Math.floor(busy.length / 2)], 1, Math.floor(total / 3), busy[1], total - 1, ...busy.filter((_, i) => i % 7 === 3)].slice(0, Math.max(2, POINTS));
  for (const n of points) {
    const image = disk(`at-${n}.img`);
    const file = join(dir, `at-${n}.pvsnap`);
    const first = pvlab([...board(image), '--snapshot-at', String(n), '--snapshot', file]);
    t.is(first.status, 0, first.stderr);
    t.true(existsSync(file));
    const rest = pvlab(['run', '--restore', file, '--stats']);
    t.is(rest.status, full.status, `${n}: ${rest.stderr}`);
    t.is(first.stdout + rest.stdout, full.stdout, `output at ${n}`);
    t.is(rest.stderr, full.stderr, `--stats at ${n}: instructions, cycles, traps from reset`);
    t.deepEqual(readFileSync(image), readFileSync(whole), `the disk at ${n}`);
  }
});

test('a riscv-tests style program: HTIF\'s exit code survives a restore', (t) => {
  const elf = join(dir, 'htif.elf');
  const r = spawnSync(process.execPath, [CLI, 'asm', join(import.meta.dirname, '_fixtures/htif-fail.s'), '-o', elf], { encoding: 'utf8' });
  t.is(r.status, 0, r.stderr);
  const file = join(dir, 'htif.pvsnap');
  t.is(pvlab(['run', '--bare', elf, '--snapshot-at', '8', '--snapshot', file]).status, 0);
  const rest = pvlab(['run', '--restore', file, '--stats']);
  t.is(rest.status, 5);
  t.regex(rest.stderr, /instructions {2}11\n/);
});

test('a snapshot that cannot be restored: one line, exit code 1, nothing runs', (t) => {
  const image = disk('fault.img');
  const file = join(dir, 'fault.pvsnap');
  t.is(pvlab([...board(image), '--snapshot-at', '150000', '--snapshot', file]).status, 0);
  const good = readFileSync(file);
  const refused = (bytes: Uint8Array, message: RegExp, what: string) => {
    const bad = join(dir, 'bad.pvsnap');
    writeFileSync(bad, bytes);
    const r = pvlab(['run', '--restore', bad]);
    t.is(r.status, 1, what);
    t.is(r.stdout, '', `${what}: nothing ran`);
    t.regex(r.stderr, new RegExp(`^pvlab: error: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${message.source}\n$`), what);
  };
  for (let k = 0; k < 8; k++) refused(good.subarray(0, Math.floor((good.length * k) / 8)), /(truncated: .*|not a pvlab snapshot .*)/, `truncated at ${k}/8`);
  for (const at of [3, 9, 13, 17, 30, Math.floor(good.length / 2), good.length - 33, good.length - 1]) {
    const flipped = Uint8Array.from(good);
    flipped[at] ^= 0x10;
    refused(flipped, /(not a pvlab snapshot|snapshot format version|truncated|corrupt|checksum mismatch).*/, `bit flip at ${at}`);
  }
  const v = Uint8Array.from(good);
  v[8] = 9;
  refused(v, /snapshot format version 9; this pvlab reads version 1/, 'version');
  refused(encodeSnapshot({ kind: 'native', pvlab: 'test', instructions: 5 }, []), /this is a snapshot of a native boot, not of a bare-board run: restore it with pvlab boot --restore/, 'kind');
  writeFileSync(image, new Uint8Array(1 << 20).fill(1, 0, 1));
  refused(good, /disk image '.*fault\.img' changed since the snapshot was taken \(its SHA-256 differs\)/, 'changed disk');
});

test('--snapshot-at past the end, and the options a restore takes from the file', (t) => {
  const file = join(dir, 'late.pvsnap');
  const late = pvlab([...board(disk('late.img')), '--snapshot-at', '99999999', '--snapshot', file]);
  t.is(late.status, 1);
  t.regex(late.stderr, /^pvlab: error: run: the guest stopped after 279,660 instructions, before --snapshot-at 99,999,999: no snapshot written\n$/);
  t.false(existsSync(file));
  t.is(pvlab(['run', '--bare', XV6, '--snapshot-at', '5']).status, 2);
  const mixed = pvlab(['run', '--restore', file, '--memory', '1M']);
  t.is(mixed.status, 2);
  t.is(mixed.stderr, 'pvlab: run: --memory does not go with --restore: the machine comes from the snapshot\n');
});
