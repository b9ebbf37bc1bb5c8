/**
 * The devices from the command line: `pvlab boot --netdev echo` and
 * `--drive` (native, trapped and paravirtualized; `--netdev dgram` is net.test.ts's, with QEMU), `--netdev switch` between the VMs of one
 * run (trapped and paravirtualized), `pvlab run --bare --netdev`, and their bad options, each a one-line
 * error with exit code 2.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '../../hypervisor/dist/cli/main.js');
const pvlab = (args: string[], input = '') => spawnSync(process.execPath, [CLI, ...args], { encoding: 'latin1', input, timeout: 300_000 });

for (const mode of ['native', 'trap', 'paravirt']) {
  test(`pvlab boot --mode ${mode} --netdev echo --append: the kernel takes its address from the command line and pings the peer`, (t) => {
    const r = pvlab(['boot', '--mode', mode, '--netdev', 'echo,mac=02:00:00:00:00:05', '--append', 'ip=10.0.0.5 peer=10.0.0.9'], 'ping 10.0.0.9 2\nhalt 6\n');
    t.is(r.status, 6, r.stderr);
    t.regex(r.stdout, mode === 'paravirt' ? /^netfront: event port 2, tx grant 2, rx grant 3, mac 02:00:00:00:00:05$/m : /^virtio-net: 0x10008000 irq 8 legacy, mac 02:00:00:00:00:05$/m);
    t.regex(r.stdout, /^net: mac 02:00:00:00:00:05, ip 10\.0\.0\.5, mask 255\.255\.255\.0, gw 10\.0\.0\.1, peer 10\.0\.0\.9$/m);
    t.regex(r.stdout, /^10\.0\.0\.9: 2 sent, 2 received$/m);
  });
}

test('pvlab boot --mode trap --drive: the disk is found and written, trapped', (t) => {
  const img = join(mkdtempSync(join(tmpdir(), 'pvlab-boot-drive-')), 'disk.img');
  writeFileSync(img, new Uint8Array(1 << 20));
  const r = pvlab(['boot', '--mode', 'trap', '--drive', `file=${img}`], 'dd 2 3\nhalt 0\n');
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /^virtio-blk: 0x10008000 irq 8 legacy, 256 blocks of 4 KiB, write cache$/m);
  t.regex(r.stdout, /^dd: 2 blocks from block 3 written, synced, read back and checked/m);
});

test('pvlab boot --mode paravirt --drive: the split driver finds the disk and writes it, one evtchn_send a batch', (t) => {
  const img = join(mkdtempSync(join(tmpdir(), 'pvlab-boot-drive-')), 'disk.img');
  writeFileSync(img, new Uint8Array(1 << 20));
  const r = pvlab(['boot', '--mode', 'paravirt', '--drive', `file=${img}`, '--json'], 'dd 2 3\nhalt 0\n');
  t.is(r.status, 0, r.stderr);
  const run = JSON.parse(r.stdout) as { transcript: string; hypercallsByName: Record<string, number> };
  t.regex(run.transcript, /^blkfront: event port 1, ring grant 2, 256 blocks of 4 KiB, write cache$/m);
  t.regex(run.transcript, /^dd: 2 blocks from block 3 written, synced, read back and checked/m);
  t.like(run.hypercallsByName, { blkif_probe: 1, blkif_connect: 1, evtchn_setup: 1, evtchn_send: 3 }, 'dd: a write, a flush and a read, one send each');
  t.is(readFileSync(img).subarray(3 * 4096, 5 * 4096).filter((b) => b !== 0).length > 0, true);
});

for (const mode of ['trap', 'paravirt']) test(`pvlab boot --mode ${mode} --vms 2 --netdev switch: each VM pings the other through the switch, the same on every run`, (t) => {
  const args = ['boot', '--mode', mode, '--vms', '2', '--netdev', 'switch', '--json'];
  const runs = [0, 1].map(() => pvlab(args, 'ping peer 3\nhalt 4\n'));
  const [a, b] = runs.map((r) => JSON.parse(r.stdout) as { vms: { vm: number; exitCode: number; instructions: number; exits: number; transcript: string }[] });
  t.is(runs[0].status, 4, runs[0].stderr);
  for (const [vm, ip, peer, macEnd] of [[0, '10.0.0.2', '10.0.0.3', '56'], [1, '10.0.0.3', '10.0.0.2', '57']] as const) {
    const out = a.vms[vm].transcript;
    t.is(a.vms[vm].exitCode, 4);
    t.regex(out, new RegExp(`^net: mac 52:54:00:12:34:${macEnd}, ip ${ip.replaceAll('.', '\\.')}, mask 255\\.255\\.255\\.0, gw 10\\.0\\.0\\.1, peer ${peer.replaceAll('.', '\\.')}$`, 'm'));
    t.regex(out, new RegExp(`^${peer.replaceAll('.', '\\.')}: 3 sent, 3 received$`, 'm'), out);
  }
  t.deepEqual(
    b.vms.map((v) => [v.instructions, v.exits, v.transcript]),
    a.vms.map((v) => [v.instructions, v.exits, v.transcript]),
    'virtual time: the same instructions, exits and output',
  );
});

for (const mode of ['trap', 'paravirt']) {
  test(`pvlab boot --mode ${mode} --vms 2 with a --drive each: each VM writes and reads back its own image`, (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'pvlab-boot-drives-'));
    const imgs = [join(dir, 'a.img'), join(dir, 'b.img')];
    for (const img of imgs) writeFileSync(img, new Uint8Array(1 << 20));
    const r = pvlab(['boot', '--mode', mode, '--vms', '2', ...imgs.flatMap((img) => ['--drive', `file=${img}`]), '--json'], 'disk write 5 own-disk\ndd 2 3\nhalt 0\n');
    t.is(r.status, 0, r.stderr);
    const run = JSON.parse(r.stdout) as { vms: { transcript: string; exitCode: number }[] };
    for (const vm of run.vms) {
      t.regex(vm.transcript, mode === 'paravirt' ? /^blkfront: event port 1, ring grant 2, 256 blocks of 4 KiB, write cache$/m : /^virtio-blk: 0x10008000 irq 8 legacy, 256 blocks of 4 KiB, write cache$/m);
      t.regex(vm.transcript, /^dd: 2 blocks from block 3 written, synced, read back and checked/m);
    }
    for (const img of imgs) {
      const bytes = readFileSync(img);
      t.is(bytes.subarray(5 * 4096, 5 * 4096 + 8).toString('latin1'), 'own-disk', img);
      t.true(bytes.subarray(3 * 4096, 5 * 4096).some((b) => b !== 0), img);
    }
  });
}

/** An image that exists, for the check that two VMs may not share one. */
const SHARED = join(mkdtempSync(join(tmpdir(), 'pvlab-boot-shared-')), 'disk.img');
writeFileSync(SHARED, new Uint8Array(1 << 16));

test('bad device options are one-line errors with exit code 2', (t) => {
  const cases: [string[], RegExp][] = [
    [['boot', '--drive', 'file=x.img', '--drive', 'file=y.img'], /^pvlab: boot: 2 --drive for 1 VM: the k-th --drive is VM k's disk \(give --mode trap or paravirt and --vms N\)$/],
    [['boot', '--mode', 'paravirt', '--vms', '2', '--drive', 'file=x.img', '--drive', 'file=y.img', '--drive', 'file=z.img'], /^pvlab: boot: 3 --drive for 2 VMs: the k-th --drive is VM k's disk/],
    [['boot', '--mode', 'trap', '--vms', '2', '--drive', `file=${SHARED}`, '--drive', `file=${SHARED.replace('/disk.img', '/./disk.img')}`], /^pvlab: boot: --drive file=.*: '.*disk\.img' is the disk of another VM already \(file=.*\): give each VM its own image$/],
    [['boot', '--mode', 'paravirt', '--drive', 'file=x.img', '--append', 'ip=10.0.0.3'], /^pvlab: boot: --append is the kernel command line of a VM with a network card, in paravirt mode: give --netdev$/],
    [['boot', '--mode', 'trap', '--vms', '2', '--netdev', 'dgram,local=127.0.0.1:1,remote=127.0.0.1:2'], /^pvlab: boot: --netdev dgram is one socket, for one VM: leave out --vms/],
    [['boot', '--netdev', 'dgram,local=127.0.0.1:45999'], /^pvlab: boot: --netdev dgram,local=127\.0\.0\.1:45999: needs remote=127\.0\.0\.1:PORT$/],
    [['boot', '--gdb', '127.0.0.1:0', '--netdev', 'dgram,local=127.0.0.1:45998,remote=127.0.0.1:45997'], /^pvlab: boot: --gdb and a dgram --netdev do not go together/],
    [['boot', '--netdev', 'switch'], /^pvlab: boot: --netdev switch joins the VMs of one run: give --mode trap or paravirt, and --vms N$/],
    [['boot', '--mode', 'trap', '--vms', '2', '--netdev', 'switch,speed=1'], /^pvlab: boot: --netdev switch,speed=1: unknown option 'speed=1' \(mac=\)$/],
    [['boot', '--netdev', 'tap'], /^pvlab: boot: --netdev tap: unknown backend 'tap' \(echo, switch, dgram\)$/],
    [['boot', '--netdev', '__proto__'], /^pvlab: boot: --netdev __proto__: unknown backend '__proto__' \(echo, switch, dgram\)$/],
    [['boot', '--mode', 'paravirt', '--vms', '2', '--netdev', 'dgram,local=127.0.0.1:1,remote=127.0.0.1:2'], /^pvlab: boot: --netdev dgram is one socket, for one VM: leave out --vms/],
    [['boot', '--append', 'ip=10.0.0.3'], /^pvlab: boot: --append is the kernel command line of a board with devices/],
    [['boot', '--netdev', 'echo,mac=01:00:00:00:00:01'], /^pvlab: boot: --netdev echo,mac=01:00:00:00:00:01: 01:00:00:00:00:01 is a group address/],
    [['run', '--bare', '--netdev', 'tap', 'x.elf'], /^pvlab: run: --netdev tap: unknown backend 'tap' \(echo, dgram\)$/],
    [['run', '--bare', '--netdev', 'dgram,local=10.1.1.1:5000,remote=127.0.0.1:5001', 'x.elf'], /^pvlab: run: --netdev .*: local: '10\.1\.1\.1' is not a loopback address/],
    [['run', '--bare', '--netdev', 'dgram,local=127.0.0.1:5000', 'x.elf'], /^pvlab: run: --netdev dgram,local=127\.0\.0\.1:5000: needs remote=127\.0\.0\.1:PORT$/],
    [['run', '--bare', '--netdev', 'echo,speed=1', 'x.elf'], /^pvlab: run: --netdev echo,speed=1: unknown option 'speed=1' \(mac=, slot=\)$/],
  ];
  for (const [args, message] of cases) {
    const r = pvlab(args);
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr.trim(), message, args.join(' '));
    t.is(r.stderr.trim().split('\n').length, 1, args.join(' '));
  }
});
