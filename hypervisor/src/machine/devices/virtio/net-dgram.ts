/**
 * `--netdev dgram,local=127.0.0.1:P,remote=127.0.0.1:Q`: the card's frames
 * in UDP datagrams on loopback, one Ethernet frame per datagram and
 * nothing else, as QEMU 7.2's `-netdev dgram` sends and expects them
 * (net/dgram.c: `sendto` of the frame, `recv` into a frame), so a pvlab
 * guest and a QEMU guest started with
 *
 *   -netdev dgram,id=n0,local.type=inet,local.host=127.0.0.1,local.port=Q,
 *           remote.type=inet,remote.host=127.0.0.1,remote.port=P
 *
 * are on one wire. Datagrams from anywhere but `remote` are ignored (as a
 * connected socket would). Loopback only: a lab's guests do not reach the
 * network outside this machine.
 *
 * Timing: frames arrive when the host delivers them, so a run with a socket
 * is not reproducible the way one with the echo peer is; the board must
 * not let an idle guest's time run ahead of the host's (Machine's
 * `realTimeIdle`), or the guest would give up waiting before the peer
 * could answer.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { NetBackend, NetWire } from './net-backend.js';

/** One end: a loopback address and a port. */
export interface DgramEnd {
  readonly host: string;
  readonly port: number;
}

/** The addresses a dgram end may use. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost'] as const;

/** `127.0.0.1:5555` or `localhost:5555` as an end; an Error saying what is wrong otherwise. */
export function parseDgramEnd(text: string): DgramEnd {
  const m = /^([^:]+):(\d+)$/.exec(text);
  if (!m) throw new Error(`'${text}' is not HOST:PORT`);
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(m[1])) throw new Error(`'${m[1]}' is not a loopback address (127.0.0.1): frames stay on this machine`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new Error(`port ${port} is not 1..65535`);
  return { host: '127.0.0.1', port };
}

export class DgramSocket implements NetBackend {
  readonly external = true;
  readonly name: string;
  /** Datagrams sent, received, and ignored (from another sender). */
  readonly counts = { sent: 0, received: 0, ignored: 0 };
  private wire: NetWire | undefined;

  private constructor(private readonly socket: Socket, readonly local: DgramEnd, readonly remote: DgramEnd) {
    this.name = `dgram ${local.host}:${local.port} -> ${remote.host}:${remote.port}`;
    socket.on('message', (msg, from) => {
      if (from.port !== remote.port || from.address !== remote.host) {
        this.counts.ignored++;
        return;
      }
      this.counts.received++;
      this.wire?.receive(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength));
    });
  }

  /** Bind `local`; rejects with an Error naming the port when it cannot (in use, not allowed). */
  static open(local: DgramEnd, remote: DgramEnd): Promise<DgramSocket> {
    const socket = createSocket('udp4');
    return new Promise((resolve, reject) => {
      socket.once('error', (e: NodeJS.ErrnoException) => {
        socket.close();
        reject(new Error(`cannot bind ${local.host}:${local.port}${e.code === 'EADDRINUSE' ? ': the port is in use' : `: ${e.message}`}`));
      });
      socket.bind(local.port, local.host, () => {
        socket.removeAllListeners('error');
        socket.on('error', () => {}); // later errors (the peer not there: ECONNREFUSED) lose a frame, as a wire would
        socket.unref(); // the run, not the socket, keeps the process alive
        resolve(new DgramSocket(socket, local, remote));
      });
    });
  }

  connect(wire: NetWire): void {
    this.wire = wire;
  }

  send(frame: Uint8Array): void {
    this.counts.sent++;
    this.socket.send(frame, this.remote.port, this.remote.host);
  }

  close(): void {
    try {
      this.socket.close();
    } catch {
      // closed already
    }
  }
}
