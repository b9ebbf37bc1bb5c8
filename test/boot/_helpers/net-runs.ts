/**
 * The network runs the tests compare: the kernel on QEMU with the echo
 * peer on a dgram socket, and two guests — QEMU or pvlab each — on one
 * dgram wire. Ports come from a counter per test process, above a base
 * per ava worker, so parallel runs never share one.
 */
import { PAIR } from './kernel.js';
import { echoPeerSocket } from './echo-peer.js';
import { bootPvlabIo, bootPvlabParavirtIo, bootPvlabTrapIo, bootQemuIo, type QemuIoRun } from './qemu-io.js';

let nextPort = 40_000 + (process.pid % 500) * 40;
/**
 * A transcript with its frame counters blanked, for runs over a socket: a
 * loaded host may delay a frame past a guest's ARP or ping timeout, and the
 * retry that follows (which the transcript's other lines do not show) adds
 * frames. Host time enters there, and only there.
 */
export const wireTimeless = (transcript: string): string => transcript.replace(/^net: \d+ frames in, \d+ out;/gm, 'net: N frames in, N out;');

/** Two fresh loopback ports. */
export const ports = (): [number, number] => [nextPort++, nextPort++];

/** kernel.elf on QEMU, its card on a dgram wire to the echo peer (echo-peer.ts), and a disk if given. */
export async function bootEchoPeerQemu(o: { script: string; modern?: boolean; disk?: string }): Promise<QemuIoRun & { answered: number }> {
  const [guest, peerPort] = ports();
  const peer = await echoPeerSocket(peerPort);
  try {
    const run = await bootQemuIo({ script: o.script, modern: o.modern, disk: o.disk, nic: { mac: '52:54:00:12:34:56', localPort: guest, remotePort: peerPort } });
    return { ...run, answered: peer.counts.answered };
  } finally {
    peer.close();
  }
}

/**
 * Where a guest of a pair runs: QEMU, pvlab's board (run --bare), a trapped VM on pvlab (boot --mode
 * trap), or kernel-pv.elf in a paravirtual VM (boot --mode paravirt: its card the split driver's).
 */
export type PairBoard = 'qemu' | 'pvlab' | 'pvlab-trap' | 'pvlab-paravirt';
const PAIR_BOOTS = { qemu: bootQemuIo, pvlab: bootPvlabIo, 'pvlab-trap': bootPvlabTrapIo, 'pvlab-paravirt': bootPvlabParavirtIo } as const;

/** A paravirtual guest's transcript as kernel.elf prints it: the native banner, virtio-net's line for netfront's. */
export const asNative = (transcript: string): string =>
  transcript
    .replace('pvlab kernel (paravirt)', 'pvlab kernel (native)')
    .replace(/^netfront: event port 2, tx grant 2, rx grant 3, mac (\S+)$/m, 'virtio-net: 0x10008000 irq 8 legacy, mac $1');

/** Guests A and B (kernel.ts's PAIR) on one wire, each on QEMU or pvlab; B starts once A listens. */
export async function bootPair(a: PairBoard, b: PairBoard): Promise<{ a: QemuIoRun; b: QemuIoRun }> {
  const [pa, pb] = ports();
  const boot = (board: PairBoard) => PAIR_BOOTS[board];
  const runA = boot(a)({ script: PAIR.a.script, append: PAIR.a.append, nic: { mac: PAIR.a.mac, localPort: pa, remotePort: pb }, waitFor: '$ ' });
  await runA.printed(PAIR.ready);
  const runB = boot(b)({ script: PAIR.b.script, append: PAIR.b.append, nic: { mac: PAIR.b.mac, localPort: pb, remotePort: pa }, waitFor: '$ ' });
  const [ra, rb] = await Promise.all([runA, runB]);
  return { a: ra, b: rb };
}

