/**
 * The control socket over a real connection (server.ts): replies in order,
 * an error reply for a malformed or oversized line (and the connection
 * closed for the latter), nothing executed for a request cut off by its
 * client, and no more than CLIENTS_MAX connections.
 */
import test from 'ava';
import { connect, type Socket } from 'node:net';
import { ControlServer, CLIENTS_MAX } from '../../src/control/server.js';
import { request } from '../../src/control/client.js';
import { LINE_MAX, type ControlRequest } from '../../src/control/protocol.js';
import type { ControlAddress } from '../../src/control/address.js';

async function serve(t: import('ava').ExecutionContext) {
  const seen: ControlRequest[] = [];
  const server = await ControlServer.listen({
    address: { kind: 'tcp', host: '127.0.0.1', port: 0 },
    execute: async (r) => (seen.push(r), { ok: true, command: r.command, n: seen.length }),
  });
  t.teardown(() => server.close());
  const [host, port] = [server.where.replace(/:\d+$/, ''), Number(server.where.split(':').pop())];
  const address: ControlAddress = { kind: 'tcp', host, port };
  return { server, seen, address };
}

/** Lines the server sends on a raw connection until it closes (or `count` arrive). */
function raw(address: ControlAddress & { kind: 'tcp' }, send: (s: Socket) => void, count = Infinity): Promise<string[]> {
  return new Promise((resolve) => {
    const s = connect(address.port, address.host);
    let text = '';
    const done = () => resolve(text.split('\n').filter(Boolean));
    s.on('connect', () => send(s));
    s.on('data', (d) => {
      text += d;
      if (text.split('\n').filter(Boolean).length >= count) {
        s.destroy();
        done();
      }
    });
    s.on('close', done);
    s.on('error', done);
  });
}

test('a client gets one reply per request, in order, on one connection', async (t) => {
  const { address, seen } = await serve(t);
  const lines = await raw(address as ControlAddress & { kind: 'tcp' }, (s) => s.write('{"command":"list"}\n{"command":"pause","vm":2}\r\n\n{"command":"list"}\n'), 3);
  t.deepEqual(lines.map((l) => JSON.parse(l)), [{ ok: true, command: 'list', n: 1 }, { ok: true, command: 'pause', n: 2 }, { ok: true, command: 'list', n: 3 }]);
  t.deepEqual(seen[1], { command: 'pause', vm: 2 });
  t.deepEqual(await request(address, { command: 'list' }), { ok: true, command: 'list', n: 4 });
});

test('a malformed request is answered with an error and the connection goes on', async (t) => {
  const { address, seen } = await serve(t);
  const lines = await raw(address as ControlAddress & { kind: 'tcp' }, (s) => s.write('garbage\n{"command":"destroy","vm":99}\n{"command":"list"}\n'), 3);
  t.deepEqual(JSON.parse(lines[0]), { ok: false, error: 'a request is one JSON object per line, such as {"command":"list"}' });
  t.deepEqual(JSON.parse(lines[1]), { ok: false, error: 'destroy: a VM is a number from 0 to 63, not 99' });
  t.like(JSON.parse(lines[2]), { ok: true, command: 'list' });
  t.is(seen.length, 1, 'only the good request ran');
});

test('an oversized line is refused and the connection closed; nothing runs', async (t) => {
  const { address, seen } = await serve(t);
  const lines = await raw(address as ControlAddress & { kind: 'tcp' }, (s) => s.write('x'.repeat(LINE_MAX * 3)));
  t.deepEqual(lines.map((l) => JSON.parse(l)), [{ ok: false, error: `a request is one line of at most ${LINE_MAX} bytes` }]);
  t.is(seen.length, 0);
});

test('a client that goes away in the middle of a request changes nothing', async (t) => {
  const { address, seen } = await serve(t);
  await raw(address as ControlAddress & { kind: 'tcp' }, (s) => {
    s.write('{"command":"destroy","vm":0');
    setTimeout(() => s.destroy(), 50);
  });
  await new Promise((r) => setTimeout(r, 50));
  t.is(seen.length, 0);
  t.like(await request(address, { command: 'list' }), { ok: true }, 'the server is still there');
});

test(`at most ${CLIENTS_MAX} connections; one more is told so`, async (t) => {
  const { address } = await serve(t);
  const a = address as ControlAddress & { kind: 'tcp' };
  const held: Socket[] = [];
  t.teardown(() => held.forEach((s) => s.destroy()));
  for (let i = 0; i < CLIENTS_MAX; i++) {
    const s = connect(a.port, a.host);
    held.push(s);
    await new Promise((r) => s.on('connect', r));
  }
  await new Promise((r) => setTimeout(r, 50));
  const lines = await raw(a, () => {});
  t.deepEqual(lines.map((l) => JSON.parse(l)), [{ ok: false, error: `too many control connections (at most ${CLIENTS_MAX})` }]);
  held.pop()!.destroy();
  await new Promise((r) => setTimeout(r, 50));
  t.like(await request(address, { command: 'list' }), { ok: true });
});

test('a Unix socket works the same; a client finds nothing listening and says so', async (t) => {
  const path = `/tmp/pvlab-ctl-test-${process.pid}.sock`;
  const server = await ControlServer.listen({ address: { kind: 'unix', path }, execute: async (r) => ({ ok: true, command: r.command }) });
  t.deepEqual(await request({ kind: 'unix', path }, { command: 'list' }), { ok: true, command: 'list' });
  await server.close();
  await t.throwsAsync(request({ kind: 'unix', path }, { command: 'list' }), { message: `nothing listens on unix:${path} (start it with: pvlab boot … --control unix:${path})` });
});
