/**
 * Where a control socket or a migration receiver listens, and where a
 * client connects: the loopback interface only (`127.0.0.1:PORT`,
 * `localhost:PORT`, `[::1]:PORT`), or a Unix socket path (`unix:PATH`, or
 * any PATH with a `/`). Control pauses, destroys and copies whole VMs, and a
 * migration stream carries all of a guest's memory: neither is ever offered
 * to the network.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** A loopback TCP address or a Unix socket. */
export type ControlAddress = { readonly kind: 'tcp'; readonly host: string; readonly port: number } | { readonly kind: 'unix'; readonly path: string };

/** An address that cannot be used: the message says why. */
export class ControlAddressError extends Error {}

/** A Unix socket path is at most this long (sockaddr_un's sun_path, with its NUL). */
const UNIX_PATH_MAX = 107;

/** Is `host` the loopback interface? */
export const isLoopback = (host: string): boolean =>
  host === 'localhost' || (isIPv4(host) && host.startsWith('127.')) || (isIPv6(host) && /^(0*:)*:?0*1$/.test(host));

/**
 * Parse `text` for `what` (`--control`, `--listen`, a migration's
 * destination). Port 0 (any free port, printed) only where a server
 * listens (`listening`). Unix sockets where `unix` allows them.
 */
export function parseControlAddress(text: string, what: string, o: { listening: boolean; unix: boolean }): ControlAddress {
  if (o.unix && (text.startsWith('unix:') || text.includes('/'))) {
    const path = text.replace(/^unix:/, '');
    if (!path) throw new ControlAddressError(`${what}: unix: needs a socket path`);
    if (Buffer.byteLength(path) > UNIX_PATH_MAX) throw new ControlAddressError(`${what}: a Unix socket path is at most ${UNIX_PATH_MAX} bytes, not ${Buffer.byteLength(path)}`);
    return { kind: 'unix', path };
  }
  const m = /^(\[[^\]]*\]|[^:]*):(\d+)$/.exec(text);
  const forms = `HOST:PORT on the loopback interface (e.g. 127.0.0.1:${o.listening ? '0' : '7420'})${o.unix ? ' or a Unix socket path' : ''}`;
  if (!m) throw new ControlAddressError(`${what} needs ${forms}, not '${text}'`);
  const port = Number(m[2]);
  if (port > 65535 || (port === 0 && !o.listening)) throw new ControlAddressError(`${what} ${text}: port ${port} is out of range (${o.listening ? 0 : 1}..65535)`);
  const host = m[1].replace(/^\[(.*)\]$/, '$1');
  if (!isLoopback(host)) {
    throw new ControlAddressError(`${what}: the loopback interface only (127.0.0.1, localhost or [::1]), not '${host || 'every interface'}': whoever reaches it can pause, copy and destroy VMs`);
  }
  return { kind: 'tcp', host, port };
}

/** `127.0.0.1:7420`, `[::1]:7420`, `unix:/tmp/pvlab.sock`: as the user writes it. */
export const formatAddress = (a: ControlAddress): string =>
  a.kind === 'unix' ? `unix:${a.path}` : `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;

/** The options of `net.connect` / `server.listen` for an address. */
export const netOptions = (a: ControlAddress): { path: string } | { host: string; port: number } =>
  a.kind === 'unix' ? { path: a.path } : { host: a.host, port: a.port };
