/**
 * The network under paravirtualization: kernel-pv.elf drives the VM's card
 * through its split driver (netfront: a tx and an rx ring in granted pages,
 * one evtchn_send per batch, received frames by event channel) and the
 * hypervisor's netif back end serves it against the same backends a
 * virtio-net card uses (the echo peer, the virtual switch).
 * - The network session, and the disk-and-network session, print what
 *   kernel.elf prints trapped (and on QEMU) but for the banner and the
 *   drivers' lines, frame for frame.
 * - Exits per operation, exactly: one per UDP request/response (the notify;
 *   the answer is an event, and polled for rather than idled for), an eighth
 *   per datagram streamed 8 a system call.
 * - Two VMs on the switch ping each other, trapped and paravirtualized, with
 *   the exits per ping of each.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { buildKernel } from '@pvlab/guest-kernel';
import { DEFAULT_MAC, EchoPeer, MemoryDisk, VirtualSwitch, boot, placeDevices, type BootRun, type ExitStats } from '@pvlab/hypervisor';
import { DISK_BYTES, IO_EXIT_CODE, IO_GOLDEN, IO_SCRIPT, NET_EXIT_CODE, NET_GOLDEN, NET_SCRIPT, images } from './_helpers/kernel.js';

const pv = buildKernel({ paravirt: true }).elf;
const NET_LINE = (grants: string) => `netfront: event port 2, ${grants}, mac 52:54:00:12:34:56`;

/** The trapped (QEMU) transcript as the paravirtual kernel prints it: its banner, and its drivers' lines for virtio's. */
const asParavirt = (t: string, grants: string) =>
  t.replace('pvlab kernel (native)', 'pvlab kernel (paravirt)')
    .replace(/^virtio-blk: .*$/m, 'blkfront: event port 1, ring grant 2, 2048 blocks of 4 KiB, write cache')
    .replace(/^virtio-net: .*$/m, NET_LINE(grants));

const echo = (peer: EchoPeer) => () => ({ backend: peer, mac: DEFAULT_MAC });

test('paravirt, --netdev echo: the network session prints the trapped transcript, frame for frame', (t) => {
  const peer = new EchoPeer();
  const run = boot(pv, { mode: 'paravirt', script: NET_SCRIPT, nics: echo(peer), maxInstructions: 2_000_000_000 });
  t.is(run.exitCode, NET_EXIT_CODE);
  t.is(run.transcript, asParavirt(readFileSync(NET_GOLDEN, 'latin1'), 'tx grant 2, rx grant 3'));
  t.deepEqual(peer.counts, { reflected: 28, dropped: 65 }, 'the frames virtio-net sends trapped (net.test.ts)');
});

test('paravirt with a disk and the echo peer: the disk-and-network session prints the trapped transcript; 24 grants', (t) => {
  const disk = new MemoryDisk(new Uint8Array(DISK_BYTES));
  const run = boot(pv, { mode: 'paravirt', script: IO_SCRIPT, nics: echo(new EchoPeer()), disks: () => disk, maxInstructions: 2_000_000_000 });
  t.is(run.exitCode, IO_EXIT_CODE);
  // The disk takes the event page (1), its ring (2) and 8 data pages; the card its rings (11, 12) and 4 + 8 buffer pages.
  t.is(run.transcript, asParavirt(readFileSync(IO_GOLDEN, 'latin1'), 'tx grant 11, rx grant 12'));
  t.is(Buffer.from(disk.bytes.subarray(3 * 4096, 3 * 4096 + 14)).toString('latin1'), 'hello-network-');
  t.is(run.exits?.hypercalls.get('grant_access'), 24);
});

/** Exits per operation: a workload's two regions (N/2 and N), their difference over N/2 operations. */
function perOp(run: BootRun, ops: number): { total: number; hypercalls: Record<string, number> } {
  const [a, b] = run.regionExits ?? [];
  const hypercalls: Record<string, number> = {};
  for (const name of new Set([...a.hypercalls.keys(), ...b.hypercalls.keys()])) {
    const d = ((b.hypercalls.get(name) ?? 0) - (a.hypercalls.get(name) ?? 0)) / ops;
    if (d !== 0) hypercalls[name] = d;
  }
  return { total: (b.total - a.total) / ops, hypercalls };
}

test('a UDP request/response costs one exit paravirtualized (the notify), a datagram streamed 8 at a time 1/8; exactly reproducible', (t) => {
  const go = () => boot(pv, { mode: 'paravirt', script: 'net-rr 10\nnet-rr 20\nnet-stream 32 8\nnet-stream 64 8\nhalt 0\n', nics: echo(new EchoPeer()), maxInstructions: 1_000_000_000 });
  const run = go();
  t.is(run.exitCode, 0);
  t.is(run.regionExits?.length, 4);
  const rr = perOp({ ...run, regionExits: run.regionExits!.slice(0, 2) }, 10);
  const stream = perOp({ ...run, regionExits: run.regionExits!.slice(2) }, 32);
  t.log('paravirt net-rr: exits per exchange', rr, 'net-stream: exits per datagram', stream);
  t.deepEqual(rr, { total: 1, hypercalls: { evtchn_send: 1 } });
  t.deepEqual(stream, { total: 0.125, hypercalls: { evtchn_send: 0.125 } });
  t.deepEqual(go().regionExits?.map((e) => e.total), run.regionExits?.map((e) => e.total));
});

/** Two VMs on one switch, each pinging the other `n` times: each VM's exits. */
function pingPair(mode: 'trap' | 'paravirt', n: number): { exits: number[]; transcripts: string[] } {
  const sw = new VirtualSwitch();
  const ports = [sw.port(), sw.port()];
  const mac = (vm: number) => Uint8Array.of(0x52, 0x54, 0, 0x12, 0x34, 0x56 + vm);
  const run = boot(mode === 'trap' ? images().kernel : pv, {
    mode, vms: 2, script: `ping peer ${n}\nhalt 0\n`, maxInstructions: 1_000_000_000,
    bootargs: (vm) => `ip=10.0.0.${2 + vm} peer=10.0.0.${3 - vm}`,
    ...(mode === 'trap'
      ? { devices: (vm: number) => ({ modern: false, devices: placeDevices([], [{ backend: ports[vm], mac: mac(vm), slot: 7 }]) }) }
      : { nics: (vm: number) => ({ backend: ports[vm], mac: mac(vm) }) }),
  });
  const guests = run.guests!;
  return { exits: guests.map((g) => (g.stats as ExitStats).total), transcripts: guests.map((g) => g.transcript) };
}

test('two VMs on the switch ping each other, trapped and paravirtualized: exits per ping of each VM', (t) => {
  const perPing: Record<string, number[]> = {};
  for (const mode of ['trap', 'paravirt'] as const) {
    const [few, many] = [pingPair(mode, 2), pingPair(mode, 6)];
    for (const [vm, peer] of [[0, '10.0.0.3'], [1, '10.0.0.2']] as const) {
      t.regex(many.transcripts[vm], new RegExp(`^${peer.replaceAll('.', '\\.')}: 6 sent, 6 received$`, 'm'), `${mode} VM ${vm}`);
    }
    // Each ping: its request out and its reply in, and the other VM's request in and the reply out.
    perPing[mode] = many.exits.map((e, vm) => (e - few.exits[vm]) / 4);
    t.log(`${mode}: exits per ping (4 packets through the VM's card)`, perPing[mode]);
  }
  for (const vm of [0, 1]) {
    t.true(perPing.paravirt[vm] <= 4, `paravirt VM ${vm}: ${perPing.paravirt[vm]}`);
    t.true(perPing.trap[vm] >= 10 * perPing.paravirt[vm], `trap ${perPing.trap[vm]} vs paravirt ${perPing.paravirt[vm]}`);
  }
  t.deepEqual(pingPair('paravirt', 2).exits, pingPair('paravirt', 2).exits, 'exactly reproducible');
});

test('paravirt without a network: netif_probe is asked once and says no, and the kernel says nothing about a card', (t) => {
  const none = boot(pv, { mode: 'paravirt', script: 'netstat\nhalt 2\n', maxInstructions: 100_000_000 });
  t.is(none.exitCode, 2);
  t.false(none.transcript.includes('netfront'));
  t.false(none.exits?.hypercalls.has('netif_connect'));
  t.is(none.exits?.hypercalls.get('netif_probe'), 1, 'asked once, NOT_SUPPORTED');
});
