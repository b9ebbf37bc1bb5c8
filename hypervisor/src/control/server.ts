/**
 * The control socket: line-delimited JSON requests in, one reply line out
 * for each (protocol.ts), on the loopback interface or a Unix socket only
 * (address.ts). Bounded under any client: at most CLIENTS_MAX connections,
 * a line of at most LINE_MAX bytes (a longer one is answered with an error
 * and the connection closed), at most QUEUE_MAX requests waiting on one
 * connection, and a connection idle for IDLE_MS closed. A request counts
 * only once its newline arrives: a client that goes away in the middle of
 * one changes nothing. Requests run one at a time per connection, in order.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { formatAddress, netOptions, type ControlAddress } from './address.js';
import { ControlRequestError, LINE_MAX, errorReply, parseRequestLine, type ControlReply, type ControlRequest } from './protocol.js';

/** Connections served at once; one more is answered with an error and closed. */
export const CLIENTS_MAX = 16;
/** Complete requests waiting on one connection. */
export const QUEUE_MAX = 8;
/** A connection with nothing in flight closes after this long without a byte (ms). */
export const IDLE_MS = 5 * 60_000;

export interface ControlServerOptions {
  readonly address: ControlAddress;
  /** Carry out a checked request (the controller). */
  readonly execute: (request: ControlRequest) => Promise<ControlReply>;
}

export class ControlServer {
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server, readonly where: string) {}

  /** Listen on `o.address`; rejects with the system's error (EADDRINUSE, …) when it cannot. */
  static async listen(o: ControlServerOptions): Promise<ControlServer> {
    let self: ControlServer | undefined;
    const server = createServer((socket) => self?.accept(socket, o.execute));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(netOptions(o.address), () => {
        server.off('error', reject);
        resolve();
      });
    });
    const a = server.address();
    const where = a && typeof a === 'object' ? formatAddress({ kind: 'tcp', host: a.address, port: a.port }) : formatAddress(o.address);
    self = new ControlServer(server, where);
    return self;
  }

  /** Stop listening and close every connection. */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket, execute: (r: ControlRequest) => Promise<ControlReply>): void {
    const send = (reply: ControlReply) => {
      if (!socket.destroyed) socket.write(JSON.stringify(reply) + '\n');
    };
    if (this.sockets.size >= CLIENTS_MAX) {
      send(errorReply(`too many control connections (at most ${CLIENTS_MAX})`));
      socket.end();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(IDLE_MS, () => {
      if (!serving) socket.destroy();
    });
    let held: Buffer = Buffer.alloc(0);
    const queue: string[] = [];
    let serving = false;
    const serveNext = async () => {
      if (serving) return;
      serving = true;
      while (queue.length && !socket.destroyed) {
        const line = queue.shift()!;
        let reply: ControlReply;
        try {
          reply = await execute(parseRequestLine(line));
        } catch (e) {
          reply = errorReply(e instanceof ControlRequestError ? e.message : `internal error: ${(e as Error).message}`);
        }
        send(reply);
      }
      serving = false;
    };
    socket.on('data', (d: Buffer) => {
      held = held.length ? Buffer.concat([held, d]) : d;
      for (let nl = held.indexOf(10); nl >= 0; nl = held.indexOf(10)) {
        const line = held.subarray(0, nl).toString('utf8').replace(/\r$/, '');
        held = held.subarray(nl + 1);
        if (line.trim() === '') continue;
        if (line.length > LINE_MAX) return refuse(`a request is one line of at most ${LINE_MAX} bytes`);
        if (queue.length >= QUEUE_MAX) return refuse(`at most ${QUEUE_MAX} requests may wait on one connection`);
        queue.push(line);
      }
      if (held.length > LINE_MAX) return refuse(`a request is one line of at most ${LINE_MAX} bytes`);
      void serveNext();
    });
    const refuse = (why: string) => {
      queue.length = 0;
      send(errorReply(why));
      socket.end();
      socket.pause();
    };
  }
}
