/**
 * The migration stream without the VM's state (migration/: wire, pages,
 * channel, sender, receiver): a guest busy writing memory is migrated in
 * this process; the receiver's RAM at the end equals the sender's at the
 * moment it was paused, byte for byte, after pre-copy rounds that shrink;
 * the sender's VM is destroyed only once the receiver has it. A receiver
 * that goes away at any point leaves the sender's VM running and, run to
 * its end, printing and counting exactly what it would have.
 * (The state's own capture and restore are snapshot/'s; the whole-VM
 * determinism proof is in migrate.test.ts.)
 */
import test from 'ava';
import { createServer } from 'node:net';
import { VmController, boardRam, migrate, senderHostOf, startBoot, frame, MessageReader, WireError, type BootHandle, type VmStateCodec } from '@pvlab/hypervisor';
import { counts } from '../control/_helpers/counts.js';
import { freshBoot, kernelOf, migrateHere, runLoop } from './_helpers/loop.js';

const BUSY = 'run fork 8\nrun pgfault 64\nrun compute 100\nrun ctxsw 200\nrun pgfault 64\nrun compute 100\nhalt 5\n';

/** A codec that carries the sender's RAM as it was at the pause, so the receiver can compare: RAM only, no state. */
function ramChecker() {
  let atPause: Uint8Array | undefined, received: Uint8Array | undefined;
  const codec: VmStateCodec = {
    capture: (h) => ((atPause = boardRam(h).slice()), new Uint8Array([1, 2, 3])),
    restore: (state, ram) => {
      if (state.join() !== '1,2,3') throw new Error('state damaged');
      received = ram.slice();
      return freshBoot('trap')();
    },
  };
  return { codec, atPause: () => atPause!, received: () => received! };
}

const start = (script = BUSY): BootHandle => startBoot(kernelOf('trap'), { mode: 'trap', script });

test('a busy guest: pre-copy rounds, then the receiver\'s RAM is the sender\'s at the pause, byte for byte', async (t) => {
  const h = start();
  const c = new VmController(h, 'trap');
  const loop = runLoop(h, c);
  h.run(3_000_000);
  const check = ramChecker();
  const { report, received } = await migrateHere(c, 'trap', check.codec);
  await loop.stop();
  t.log(report.rounds.map((r) => `round ${r.round}: ${r.pages} pages (${r.zeroPages} zero), ${r.bytes} bytes, ${r.instructions} instructions`).join('\n'), report.converged, report.downtime);
  t.true(Buffer.from(check.atPause()).equals(Buffer.from(check.received())), 'RAM equal');
  t.is(report.rounds[0].pages, (18 << 20) / 4096, 'round 0: every page of the board (the VM and its shadow pool)');
  t.true(report.rounds[0].zeroPages > 0, 'pages of zeros go as their index');
  t.true(report.rounds[0].bytes < (report.rounds[0].pages - report.rounds[0].zeroPages + 1) * 4096 + 4096 * 6, `round 0 sent ${report.rounds[0].bytes} bytes`);
  t.true(report.rounds.length >= 2);
  t.true(report.rounds.slice(0, -1).some((r) => r.instructions > 0), 'the guest ran during pre-copy');
  t.is(report.rounds.at(-1)!.instructions, 0, 'and not during the stop-and-copy');
  t.is(received.pages, report.pages);
  t.deepEqual(c.list()[0].state, 'halted');
  t.regex(c.list()[0].reason!, /^migrated to 127\.0\.0\.1:\d+$/);
  t.is(c.list()[0].instructions, report.pausedAt, 'the sender\'s VM retired nothing after the pause');
});

test('few rounds when asked (maxRounds), and the dirty set is what is left for the stop-and-copy', async (t) => {
  const h = start();
  const c = new VmController(h, 'trap');
  const loop = runLoop(h, c, 50_000);
  const check = ramChecker();
  const { report } = await migrateHere(c, 'trap', check.codec, { maxRounds: 1, stopPages: 0 });
  await loop.stop();
  t.is(report.rounds.length, 2);
  t.is(report.converged, 'rounds');
  t.true(Buffer.from(check.atPause()).equals(Buffer.from(check.received())));
});

/**
 * A receiver that reads the stream and hangs up at the first message `kill`
 * picks (or refuses at once): the sender must give the VM back. `reply`
 * answers hello.
 */
async function dyingReceiver(kill: (type: string, n: number) => boolean, reply: 'ready' | 'refuse' | 'garbage' = 'ready') {
  const server = createServer((s) => {
    const reader = new MessageReader();
    let n = 0;
    s.on('data', (d) => {
      for (const m of reader.push(d)) {
        n++;
        if (m.type === 'hello') {
          if (reply === 'refuse') s.write(frame('error', Buffer.from(JSON.stringify({ error: 'not today' }))));
          else if (reply === 'garbage') s.write(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
          else s.write(frame('ready', Buffer.from('{"ok":true}')));
        }
        if (kill(m.type, n)) return void s.destroy();
      }
    });
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port };
}

const GONE = /the receiver at 127\.0\.0\.1:\d+ (closed the connection|went away \(\w+\)); VM 0 runs on here/;
for (const [name, kill, reply, message] of [
  ['refuses the VM', () => false, 'refuse', /^the receiver at 127\.0\.0\.1:\d+: not today; VM 0 runs on here$/],
  ['answers garbage', () => false, 'garbage', /^the receiver at 127\.0\.0\.1:\d+: not a pvlab migration stream \(bad magic\); VM 0 runs on here$/],
  ['goes away in round 0', (_: string, n: number) => n === 20, 'ready', GONE],
  ['goes away after round 0', (type: string) => type === 'round', 'ready', GONE],
  ['goes away in the stop-and-copy', (type: string) => type === 'state', 'ready', GONE],
  ['goes away before it restores', (type: string) => type === 'done', 'ready', GONE],
] as const) {
  test(`a receiver that ${name}: the migration fails in one line, and the VM runs on to exactly its uninterrupted end`, async (t) => {
    const plain = start();
    plain.run(Infinity);
    const h = start();
    const c = new VmController(h, 'trap');
    const loop = runLoop(h, c);
    const { server, port } = await dyingReceiver(kill, reply);
    t.teardown(() => server.close());
    const codec: VmStateCodec = { capture: () => new Uint8Array(10), restore: () => freshBoot('trap')() };
    const e = await t.throwsAsync(migrate(senderHostOf(c, 0), { to: { kind: 'tcp', host: '127.0.0.1', port }, mode: 'trap', codec }));
    t.regex(e!.message, message);
    t.is(c.list()[0].state, 'running', 'given back, running');
    await loop.done;
    t.deepEqual(counts(h), counts(plain), 'nothing lost');
  });
}

test('nothing listening: a clear error, the VM untouched', async (t) => {
  const h = start();
  const c = new VmController(h, 'trap');
  await t.throwsAsync(migrate(senderHostOf(c, 0), { to: { kind: 'tcp', host: '127.0.0.1', port: 1 }, mode: 'trap', codec: { capture: () => new Uint8Array(), restore: () => freshBoot('trap')() } }), {
    message: 'nothing listens on 127.0.0.1:1 (start one with: pvlab receive --listen 127.0.0.1:1); the VM runs on here',
  });
  t.is(c.list()[0].state, 'running');
});

test('the framing refuses what is not its own: magic, version, type, length, checksum', (t) => {
  const good = frame('round', Buffer.from('{"round":1}'));
  t.deepEqual(new MessageReader().push(good).map((m) => m.type), ['round']);
  const bad = (mutate: (b: Uint8Array) => void, message: RegExp) => {
    const b = good.slice();
    mutate(b);
    t.throws(() => new MessageReader().push(b), { instanceOf: WireError, message });
  };
  bad((b) => (b[0] ^= 1), /bad magic/);
  bad((b) => (b[4] = 9), /protocol version 9, this pvlab speaks 1/);
  bad((b) => (b[5] = 77), /unknown message type 77/);
  bad((b) => (b[11] = 0x7f), /over the limit/);
  bad((b) => (b[20] ^= 4), /failed its checksum/);
  bad((b) => (b[5] = 6), /failed its checksum/);
  // A message arriving in pieces is whole once its last byte is in.
  const r = new MessageReader();
  t.deepEqual(r.push(good.subarray(0, 7)), []);
  t.deepEqual(r.push(good.subarray(7)).map((m) => m.type), ['round']);
});

test('a boot of two VMs is not migrated (a migration moves a whole one-VM boot); both VMs run on', async (t) => {
  const h = startBoot(kernelOf('trap'), { mode: 'trap', script: BUSY, vms: 2 });
  const c = new VmController(h, 'trap');
  const { server, port } = await dyingReceiver(() => false);
  t.teardown(() => server.close());
  await t.throwsAsync(migrate(senderHostOf(c, 0), { to: { kind: 'tcp', host: '127.0.0.1', port }, mode: 'trap', codec: { capture: () => new Uint8Array(), restore: () => freshBoot('trap')() } }), {
    message: /^migration moves a boot with one VM; this one has 2; VM 0 runs on here$/,
  });
  t.deepEqual(c.list().map((r) => r.state), ['running', 'running']);
});
