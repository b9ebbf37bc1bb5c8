/**
 * Live migration, the receiving side (`pvlab receive --listen ADDR`): wait
 * for one sender, check what it sends (identity.ts), take its pages into a
 * staging copy of the VM's RAM, and when everything is there — the last
 * pages and the paused VM's state, its digest checked — boot a fresh VM,
 * give it the RAM and the state, say `restored`, and run it once the
 * sender says `go` (it has destroyed its copy by then).
 *
 * Until `go`, nothing runs here: a sender that goes away, sends garbage,
 * a bad page index or a state over STATE_MAX, or says nothing for
 * WAIT_MS, ends the receive with a one-line error and nothing started.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createHash } from 'node:crypto';
import type { BootHandle } from '../boot/types.js';
import { formatAddress, netOptions, type ControlAddress } from '../control/address.js';
import { Channel, ChannelClosed, WAIT_MS } from './channel.js';
import { RAM_MAX, identityProblem, type Acceptance, type MigrationIdentity } from './identity.js';
import { decodePages } from './pages.js';
import { STATE_MAX, type VmStateCodec } from './vm-state.js';
import { parseJson } from './wire.js';

/** A receive that ended without a VM: the message says why. */
export class ReceiveError extends Error {}

export interface ReceiveOptions {
  readonly address: ControlAddress;
  /** What this receiver takes (default: any mode, RAM up to RAM_MAX). */
  readonly accept?: Partial<Acceptance>;
  readonly codec: VmStateCodec;
  /** The address, once listening (`127.0.0.1:7421`). */
  readonly onListening?: (where: string) => void;
  /** Progress for the user (`receiving from …`, `restoring`). */
  readonly log?: (line: string) => void;
  /** How long to wait for each message of a transfer under way (default WAIT_MS). */
  readonly waitMs?: number;
}

/** What arrived. */
export interface Received {
  readonly handle: BootHandle;
  readonly from: string;
  readonly rounds: number;
  readonly pages: number;
  readonly stateBytes: number;
  readonly mode: string;
}

/** Listen at `o.address` for one VM; resolves with it restored and handed over (ready to run). */
export async function receiveVm(o: ReceiveOptions): Promise<Received> {
  const server = createServer();
  let busy = false;
  const first = new Promise<Socket>((resolve) => {
    server.on('connection', (s) => {
      if (busy) {
        s.end(); // one sender at a time
        return;
      }
      busy = true;
      resolve(s);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(netOptions(o.address), () => (server.off('error', reject), resolve()));
  });
  const a = server.address();
  o.onListening?.(a && typeof a === 'object' ? formatAddress({ kind: 'tcp', host: a.address, port: a.port }) : formatAddress(o.address));
  try {
    const socket = await first;
    return await take(socket, o);
  } finally {
    server.close();
  }
}

async function take(socket: Socket, o: ReceiveOptions): Promise<Received> {
  const from = `${socket.remoteAddress}:${socket.remotePort}`;
  const ch = new Channel(socket, 'the sender');
  const wait = o.waitMs ?? WAIT_MS;
  try {
    const hello = parseJson<MigrationIdentity>(await ch.expect('hello', wait));
    const problem = identityProblem(hello, { mode: o.accept?.mode, ramMax: o.accept?.ramMax ?? RAM_MAX });
    if (problem) {
      await ch.abort(problem);
      throw new ReceiveError(`refused a VM from ${from}: ${problem}`);
    }
    await ch.sendJson('ready', { ok: true });
    o.log?.(`receiving a ${hello.mode} VM from ${from}`);
    const ram = new Uint8Array(hello.ramBytes);
    const state: Uint8Array[] = [];
    let stateBytes = 0, rounds = 0, pages = 0;
    for (;;) {
      const m = await ch.next(wait);
      if (m.type === 'pages') pages += decodePages(m.payload, ram);
      else if (m.type === 'round') rounds++;
      else if (m.type === 'state') {
        stateBytes += m.payload.length;
        if (stateBytes > STATE_MAX) throw new ChannelClosed(`the sender's VM state is over the limit of ${STATE_MAX} bytes`);
        state.push(m.payload);
      } else if (m.type === 'done') {
        const done = parseJson<{ stateBytes: number; sha256: string }>(m);
        const blob = Buffer.concat(state);
        if (blob.length !== done.stateBytes || createHash('sha256').update(blob).digest('hex') !== done.sha256) throw new ChannelClosed('the VM\'s state arrived damaged (length or digest)');
        o.log?.(`restoring (${rounds} rounds, ${pages} pages, ${blob.length} bytes of state)`);
        const handle = o.codec.restore(new Uint8Array(blob), ram); // built, not running: it runs only after go
        await ch.send('restored');
        await ch.expect('go', wait);
        return { handle, from, rounds, pages, stateBytes: blob.length, mode: hello.mode };
      } else throw new ChannelClosed(`the sender sent ${m.type} in the middle of a transfer`);
    }
  } catch (e) {
    if (e instanceof ReceiveError) throw e;
    const why = (e as Error).message ?? String(e);
    await ch.abort(why);
    throw new ReceiveError(`no VM from ${from}: ${why}; nothing was started`);
  } finally {
    ch.close();
  }
}
