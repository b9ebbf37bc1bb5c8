/**
 * A control client: connect, send one request line, read one reply line
 * (protocol.ts). Bounded: a reply longer than REPLY_MAX, or none within
 * `timeoutMs`, is an error, as is a refused or broken connection.
 */
import { connect } from 'node:net';
import { formatAddress, netOptions, type ControlAddress } from './address.js';
import type { ControlReply, ControlRequest } from './protocol.js';

/** A reply line's limit: `list` of many VMs, a migration's report with its rounds (bytes). */
export const REPLY_MAX = 1 << 20;

/** The control socket could not be reached or did not answer. */
export class ControlClientError extends Error {}

/** Send `request` to the control socket at `address`; resolves with its reply. */
export function request(address: ControlAddress, req: ControlRequest, timeoutMs = 10 * 60_000): Promise<ControlReply> {
  return new Promise((resolve, reject) => {
    const where = formatAddress(address);
    const socket = connect(netOptions(address));
    let held: Buffer = Buffer.alloc(0);
    let done = false;
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      f();
    };
    const timer = setTimeout(() => finish(() => reject(new ControlClientError(`no reply from ${where} within ${Math.round(timeoutMs / 1000)} s`))), timeoutMs);
    socket.on('connect', () => socket.write(JSON.stringify(req) + '\n'));
    socket.on('data', (d: Buffer) => {
      held = Buffer.concat([held, d]);
      const nl = held.indexOf(10);
      if (nl < 0) {
        if (held.length > REPLY_MAX) finish(() => reject(new ControlClientError(`the reply from ${where} is longer than ${REPLY_MAX} bytes`)));
        return;
      }
      const line = held.subarray(0, nl).toString('utf8');
      finish(() => {
        try {
          const reply = JSON.parse(line) as ControlReply;
          if (typeof reply !== 'object' || reply === null || typeof reply.ok !== 'boolean') throw new Error('not a reply');
          resolve(reply);
        } catch {
          reject(new ControlClientError(`${where} answered something that is not a control reply`));
        }
      });
    });
    socket.on('error', (e: NodeJS.ErrnoException) => finish(() => reject(new ControlClientError(
      e.code === 'ECONNREFUSED' || e.code === 'ENOENT' ? `nothing listens on ${where} (start it with: pvlab boot … --control ${where})` : `${where}: ${e.code ?? e.message}`,
    ))));
    socket.on('close', () => finish(() => reject(new ControlClientError(`${where} closed the connection without a reply`))));
  });
}
