/**
 * The gdb server: where it listens (the loopback interface only — a
 * debugger reads and writes everything in the machine, so it is never
 * offered to the network), one debugger at a time, and the run it serves
 * from start to end. `stdio` speaks the protocol on stdin and stdout instead,
 * for gdb's `target remote | pvlab …` (QEMU's `-gdb stdio`).
 */
import { createServer, isIPv4, isIPv6, type Server, type Socket } from 'node:net';
import { Connection, type Channel } from './connection.js';
import { RunControl, type RunEnd } from './run-control.js';
import type { DebugTarget } from './target.js';

/** Where the server listens. */
export type GdbAddress = { readonly kind: 'tcp'; readonly host: string; readonly port: number } | { readonly kind: 'stdio' };

/** A `--gdb` argument that cannot be used: the message says why. */
export class GdbAddressError extends Error {}

/**
 * `127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT` (also QEMU's `tcp:` in
 * front), a bare `PORT` (127.0.0.1), or `stdio`. Port 0 picks a free port.
 */
export function parseGdbAddress(text: string): GdbAddress {
  if (text === 'stdio') return { kind: 'stdio' };
  const spec = text.replace(/^tcp:/, '');
  const m = /^(?:(\[[^\]]*\]|[^:]*):)?(\d+)$/.exec(spec);
  if (!m) throw new GdbAddressError(`--gdb needs HOST:PORT on the loopback interface (e.g. 127.0.0.1:1234) or stdio, not '${text}'`);
  const port = Number(m[2]);
  if (port > 65535) throw new GdbAddressError(`--gdb ${text}: port ${port} is out of range (0..65535)`);
  const host = (m[1] ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  const loopback = host === 'localhost' || (isIPv4(host) && host.startsWith('127.')) || (isIPv6(host) && /^(0*:)*:?0*1$/.test(host));
  if (!loopback) {
    throw new GdbAddressError(`--gdb listens on the loopback interface only (127.0.0.1, localhost or [::1]), not '${host || 'every interface'}': a debugger can read and write all of the machine`);
  }
  return { kind: 'tcp', host, port };
}

export interface ServeOptions {
  readonly address: GdbAddress;
  /** Hold the program at reset until a debugger attaches and continues it (QEMU's -S). */
  readonly wait?: boolean;
  /** After every slice of running (write the console out). */
  readonly onSlice?: () => void;
  /** With no debugger attached, an idle program ends the run. */
  readonly endWhenIdle?: boolean;
  /** The address the server listens on, once it does (`host:port`, or `stdio`). */
  readonly onListening?: (where: string) => void;
  /** A message for the user (a pvlab bug caught, a second debugger turned away). */
  readonly log?: (line: string) => void;
  /** Ends the run as a debugger's kill does (Ctrl-A x on the terminal). */
  readonly abort?: AbortSignal;
  /** The streams for `stdio` (default process.stdin and process.stdout). */
  readonly stdio?: { readonly input: NodeJS.ReadableStream; readonly output: NodeJS.WritableStream };
}

/** Serve `target` to debuggers until the run ends; resolves with how it ended. */
export async function serveGdb(target: DebugTarget, options: ServeOptions): Promise<RunEnd> {
  const control = new RunControl(target, { wait: options.wait, onSlice: options.onSlice, endWhenIdle: options.endWhenIdle });
  const log = options.log ?? (() => {});
  options.abort?.addEventListener('abort', () => control.kill());
  let current: Connection | undefined;
  let server: Server | undefined;
  const sockets = new Set<Socket>();

  if (options.address.kind === 'stdio') {
    const input = options.stdio?.input ?? process.stdin;
    const output = options.stdio?.output ?? process.stdout;
    const channel: Channel = { write: (s) => void output.write(Buffer.from(s, 'latin1')), close: () => input.pause() };
    const conn = (current = new Connection(control, channel, log));
    input.on('data', (d: Buffer) => conn.receive(d));
    input.on('end', () => conn.disconnected());
    input.on('error', () => conn.disconnected());
    options.onListening?.('stdio');
  } else {
    const { host, port } = options.address;
    server = createServer((socket) => {
      if (current || control.isEnded) {
        log('gdb: a debugger is attached already: turned another away');
        socket.destroy();
        return;
      }
      sockets.add(socket);
      socket.setNoDelay(true);
      const channel: Channel = { write: (s) => void socket.write(Buffer.from(s, 'latin1')), close: () => socket.end() };
      const conn = (current = new Connection(control, channel, log));
      socket.on('data', (d) => conn.receive(d));
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        sockets.delete(socket);
        conn.disconnected();
        if (current === conn) current = undefined;
      });
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, host, () => resolve());
    });
    const a = server.address();
    const where = a && typeof a === 'object' ? `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}` : `${host}:${port}`;
    options.onListening?.(where);
  }

  const end = await control.ended;
  current?.end();
  if (server) {
    server.close();
    // A debugger that does not close its side is not waited for.
    setTimeout(() => sockets.forEach((s) => s.destroy()), 200).unref();
  }
  return end;
}
