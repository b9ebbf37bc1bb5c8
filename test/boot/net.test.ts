/**
 * The network on pvlab's own board: kernel.elf with a virtio-net card in
 * slot 7 (where QEMU puts its one -device).
 * - Wired to the built-in echo peer (`--netdev echo`), the network session
 *   prints the transcript QEMU printed against the same peer on a socket
 *   (qemu-net.test.ts's golden), over both transports, and does so to the
 *   instruction on every run: the echo peer answers in virtual time. With
 *   a disk beside the card, the disk-and-network session too.
 * - On a dgram wire (`--netdev dgram`, QEMU 7.2's format) a pvlab guest
 *   (on the bare board, unmodified in a trapped VM: `pvlab boot --mode
 *   trap --netdev dgram`, or kernel-pv.elf with its split driver: `--mode
 *   paravirt`) and a QEMU guest ping each other and echo each
 *   other's datagrams, in both roles, and print the transcripts two QEMU guests print (but for
 *   the frame counters: host time enters through the socket).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { DISK_BYTES, IO_EXIT_CODE, IO_GOLDEN, IO_SCRIPT, NET_EXIT_CODE, NET_GOLDEN, NET_SCRIPT, PAIR, bootNativeEcho, qemuAvailable } from './_helpers/kernel.js';
import { freshDisk } from './_helpers/qemu-io.js';
import { asNative, bootPair, wireTimeless } from './_helpers/net-runs.js';

const golden = readFileSync(NET_GOLDEN, 'latin1');
const pairGolden = { a: readFileSync(PAIR.a.golden, 'latin1'), b: readFileSync(PAIR.b.golden, 'latin1') };

for (const modern of [false, true]) {
  test(`pvlab's board, ${modern ? 'modern' : 'legacy'} virtio-mmio, --netdev echo: the network session prints QEMU's transcript`, (t) => {
    const run = bootNativeEcho({ script: NET_SCRIPT, modern });
    t.is(run.exitCode, NET_EXIT_CODE);
    t.is(run.transcript, modern ? golden.replace(' irq 8 legacy,', ' irq 8 modern,') : golden);
    t.is(run.peer.counts.reflected, 28);
    t.is(run.peer.counts.dropped, 65, 'the stream\'s datagrams to the discard port');
    t.deepEqual({ sent: run.card.counts.sent, received: run.card.counts.received }, { sent: 93, received: 28 });
  });
}

test('pvlab\'s board with a disk and the echo peer: the disk-and-network session prints QEMU\'s transcript, and the image holds the data', (t) => {
  const disk = freshDisk(DISK_BYTES);
  const run = bootNativeEcho({ script: IO_SCRIPT, disk });
  t.is(run.exitCode, IO_EXIT_CODE);
  t.is(run.transcript, readFileSync(IO_GOLDEN, 'latin1'));
  t.is(readFileSync(disk).subarray(3 * 4096, 3 * 4096 + 14).toString('latin1'), 'hello-network-');
});

test('the network session with the echo peer is exactly reproducible: the same instructions', (t) => {
  const a = bootNativeEcho({ script: NET_SCRIPT });
  const b = bootNativeEcho({ script: NET_SCRIPT });
  t.is(a.instructions, b.instructions);
  t.is(a.transcript, b.transcript);
});

for (const [a, b] of [['pvlab', 'qemu'], ['qemu', 'pvlab'], ['pvlab-trap', 'qemu'], ['qemu', 'pvlab-trap'], ['pvlab-paravirt', 'qemu'], ['qemu', 'pvlab-paravirt']] as const) {
  test(`a ${a} guest (A) and a ${b} guest (B) on one dgram wire print the transcripts of two QEMU guests`, async (t) => {
    if (!qemuAvailable()) {
      if (process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') t.fail('qemu-system-riscv32 is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
      else t.pass('qemu-system-riscv32 not installed');
      return;
    }
    const run = await bootPair(a, b);
    // A paravirtual guest prints its own banner and driver line (asNative puts kernel.elf's back), and nothing else differs.
    t.is(wireTimeless(asNative(run.a.transcript)), wireTimeless(pairGolden.a));
    t.is(wireTimeless(asNative(run.b.transcript)), wireTimeless(pairGolden.b));
    for (const [board, r] of [[a, run.a], [b, run.b]] as const) if (board === 'pvlab-paravirt') t.regex(r.transcript, /^netfront: event port 2, /m);
    t.deepEqual([run.a.status, run.b.status], [0, 0]);
  });
}
