/**
 * The echo peer (`--netdev echo`'s rules, `reflect`) on a UDP socket, in
 * QEMU's `-netdev dgram` format: a peer for a QEMU guest, answering as the
 * peer built into pvlab's board answers, so the two boards' transcripts of
 * one session compare.
 */
import { createSocket, type Socket } from 'node:dgram';
import { reflect } from '@pvlab/hypervisor';

export interface EchoPeerSocket {
  /** The port the peer receives on (QEMU's remote.port). */
  readonly port: number;
  /** Frames answered, dropped. */
  readonly counts: { answered: number; dropped: number };
  close(): void;
}

/** An echo peer on 127.0.0.1:`port` answering frames to whoever sent them. */
export function echoPeerSocket(port: number): Promise<EchoPeerSocket> {
  const socket: Socket = createSocket('udp4');
  const counts = { answered: 0, dropped: 0 };
  socket.on('message', (msg, from) => {
    const back = reflect(new Uint8Array(msg));
    if (!back) {
      counts.dropped++;
      return;
    }
    counts.answered++;
    socket.send(back, from.port, from.address);
  });
  socket.on('error', () => {});
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => resolve({ port, counts, close: () => socket.close() }));
  });
}
