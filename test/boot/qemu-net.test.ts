/**
 * The network on the reference board: kernel.elf on QEMU's virt board with
 * a virtio-net card on a `-netdev dgram` wire. The committed transcripts
 * (regenerate with _helpers/update-goldens.ts) mean something without
 * QEMU; with QEMU the runs are made again, and compared but for the frame
 * counters (net-runs.ts's wireTimeless: a socket brings host time in):
 * - the network session against the echo peer (pvlab's `--netdev echo`
 *   rules, on a UDP socket here), on the legacy and the modern transport;
 * - a session with a disk and the network together (writes, pings, dd,
 *   datagrams, sync, a read back);
 * - two QEMU guests on one wire ping each other and echo each other's
 *   datagrams.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { DISK_BYTES, IO_EXIT_CODE, IO_GOLDEN, IO_SCRIPT, NET_EXIT_CODE, NET_GOLDEN, NET_SCRIPT, PAIR, qemuAvailable } from './_helpers/kernel.js';
import { freshDisk } from './_helpers/qemu-io.js';
import { bootEchoPeerQemu, bootPair, wireTimeless } from './_helpers/net-runs.js';

const golden = readFileSync(NET_GOLDEN, 'latin1');
const pairGolden = { a: readFileSync(PAIR.a.golden, 'latin1'), b: readFileSync(PAIR.b.golden, 'latin1') };

function qemuOrSkip(t: { pass: (m: string) => void; fail: (m: string) => void }): boolean {
  if (qemuAvailable()) return true;
  if (process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') t.fail('qemu-system-riscv32 is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
  else t.pass('qemu-system-riscv32 not installed: the committed transcripts are checked on their own only');
  return false;
}

const commands = (script: string) => script.trim().split('\n');
const echoed = (transcript: string) => [...transcript.matchAll(/^\$ (.*)$/gm)].map((m) => m[1]);

test('the committed session: the card found, every command run, every request answered', (t) => {
  t.regex(golden, /^virtio-net: 0x10008000 irq 8 legacy, mac 52:54:00:12:34:56$/m);
  t.regex(golden, /^net: mac 52:54:00:12:34:56, ip 10\.0\.0\.2, mask 255\.255\.255\.0, gw 10\.0\.0\.1, peer 10\.0\.0\.1$/m);
  t.deepEqual(echoed(golden), commands(NET_SCRIPT));
  t.regex(golden, /^10\.0\.0\.1: 3 sent, 3 received$/m);
  t.regex(golden, /^udpecho: 3 of 3 datagrams echoed by 10\.0\.0\.1 port 7$/m);
  t.regex(golden, /^net-rr: 20 request\/responses with 10\.0\.0\.1 port 7 ok$/m);
  t.regex(golden, /^net-stream: 64 datagrams of 1024 bytes to 10\.0\.0\.1 port 9, 8 a call, ok$/m);
  // ARP 1 + ping 3 + udpecho 3 + net-rr 21 in; the same out, plus the stream's 65
  t.regex(golden, /^net: 28 frames in, 93 out; dropped: 0 not ours, 0 bad, 0 IP fragments, 0 to closed ports, 0 queues full; 0 not sent \(no buffer\)$/m);
  t.regex(golden, /^arp: 10\.0\.0\.1 is 02:70:76:6c:61:62$/m);
  t.regex(golden, /init exited with status 3: shutting down\n$/);
});

test('the committed pair: each guest answered the other\'s pings, A echoed B\'s datagrams', (t) => {
  t.deepEqual(echoed(pairGolden.a), commands(PAIR.a.script));
  t.deepEqual(echoed(pairGolden.b), commands(PAIR.b.script));
  t.is((pairGolden.a.match(/^udpechod: 9 bytes from 10\.0\.0\.2 port 49152, echoed$/gm) ?? []).length, 3);
  t.regex(pairGolden.a, /^10\.0\.0\.2: 2 sent, 2 received$/m);
  t.regex(pairGolden.b, /^10\.0\.0\.1: 3 sent, 3 received$/m);
  t.regex(pairGolden.b, /^udpecho: 3 of 3 datagrams echoed by 10\.0\.0\.1 port 7$/m);
  t.regex(pairGolden.a, /^arp: 10\.0\.0\.2 is 52:54:00:12:34:02$/m);
  t.regex(pairGolden.b, /^arp: 10\.0\.0\.1 is 52:54:00:12:34:01$/m);
});

for (const modern of [false, true]) {
  test(`QEMU, ${modern ? 'modern' : 'legacy'} virtio-mmio, the echo peer on a dgram socket: the session prints the committed transcript`, async (t) => {
    if (!qemuOrSkip(t)) return;
    const run = await bootEchoPeerQemu({ script: NET_SCRIPT, modern });
    t.is(run.status, NET_EXIT_CODE);
    t.is(wireTimeless(run.transcript), wireTimeless(modern ? golden.replace(' irq 8 legacy,', ' irq 8 modern,') : golden));
    t.true(run.answered >= 28, 'the peer answered every request (and any retry)');
  });
}

const io = readFileSync(IO_GOLDEN, 'latin1');

test('the committed disk-and-network session: both devices found, every command answered', (t) => {
  t.regex(io, /^virtio-blk: 0x10008000 irq 8 legacy, 2048 blocks of 4 KiB, write cache\nvirtio-net: 0x10007000 irq 7 legacy, mac 52:54:00:12:34:56$/m);
  t.deepEqual(echoed(io), commands(IO_SCRIPT));
  t.regex(io, /^dd: 4 blocks from block 10 written, synced, read back and checked: sum 0x[0-9a-f]{8}$/m);
  t.regex(io, /^10\.0\.0\.1: 2 sent, 2 received$/m);
  t.regex(io, /^udpecho: 2 of 2 datagrams echoed by 10\.0\.0\.1 port 7$/m);
  t.regex(io, /^disk: block 3: 'hello-network-hello-network-hell', sum 0x[0-9a-f]{8}$/m);
});

test('QEMU with a disk and the echo peer: the session prints the committed transcript, and the image holds what was written', async (t) => {
  if (!qemuOrSkip(t)) return;
  const disk = freshDisk(DISK_BYTES);
  const run = await bootEchoPeerQemu({ script: IO_SCRIPT, disk });
  t.is(run.status, IO_EXIT_CODE);
  t.is(wireTimeless(run.transcript), wireTimeless(io));
  t.is(readFileSync(disk).subarray(3 * 4096, 3 * 4096 + 14).toString('latin1'), 'hello-network-');
});

test('two QEMU guests on one dgram wire print the committed transcripts', async (t) => {
  if (!qemuOrSkip(t)) return;
  const { a, b } = await bootPair('qemu', 'qemu');
  t.is(wireTimeless(a.transcript), wireTimeless(pairGolden.a));
  t.is(wireTimeless(b.transcript), wireTimeless(pairGolden.b));
  t.deepEqual([a.status, b.status], [0, 0]);
});
