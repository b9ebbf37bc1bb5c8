/**
 * The paravirtual network card's back end, against guests that write
 * anything into its two shared rings: every request gets a status (never a
 * host exception), the back end writes only the rings, the event page and
 * pages granted writable at that moment, reads frames only from granted
 * pages, frames over NETIF_FRAME_MAX never cross either way, the backlog of
 * frames waiting for buffers stays bounded, and rings whose producer runs
 * more than a ring ahead are marked corrupt and served no more. Long fuzz:
 * PVLAB_NETIF_FUZZ rounds (CI: 3,000).
 */
import test from 'ava';
import { EVTCHN_PAGE, NETIF_RX_REQUEST, NETIF_RX_RESPONSE, NETIF_SRING, NETIF_TX_REQUEST, NETIF_TX_RESPONSE } from '@pvlab/hypercall-abi';
import type { NetBackend, NetWire } from '../../../src/machine/devices/virtio/net-backend.js';
import { NETIF_BACKLOG, NETIF_FRAME_MAX, NETIF_RING_SIZE, NETIF_RSP, NetBack } from '../../../src/vmm/paravirt/netback.js';
import { GRANT_MAX } from '../../../src/vmm/paravirt/grant-table.js';
import { mulberry32 } from '../../../../hypercall-abi/test/_helpers/prng.js';
import { PAGE, recordingRam } from './_helpers/recording-ram.js';

const ROUNDS = Number(process.env.PVLAB_NETIF_FUZZ ?? 3000);
const MAC = Uint8Array.of(0x52, 0x54, 0, 0x12, 0x34, 0x56);

/** A backend that keeps what the guest sent and lets the test deliver frames; `after` runs at once. */
class TestWire implements NetBackend {
  readonly name = 'test';
  readonly external = false;
  readonly sent: Uint8Array[] = [];
  wire: NetWire | undefined;
  connect(wire: NetWire): void {
    this.wire = wire;
  }
  send(frame: Uint8Array): void {
    this.sent.push(frame);
  }
  close(): void {}
}

/** The back end on a recording RAM, with the guest's set-up as netfront does it. */
function world(options: { words?: boolean } = {}) {
  const { ram, memory, grants, events, work, page, w32, r32, writes, copies, raised } = recordingRam(options);
  const backend = new TestWire();
  const net = new NetBack({ backend, mac: MAC }, memory, grants, events, work, { after: (_d, fn) => fn() });
  // Event page (grant 1), tx ring (grant 2), rx ring (grant 3), port 2; the rx ring asks for the first response.
  const txRing = page(1), rxRing = page(2);
  grants.grant(txRing, false);
  grants.grant(rxRing, false);
  w32(rxRing + NETIF_SRING.offsets.rsp_event, 1);
  net.connect(2, 3, 2);
  const slot = (ring: number, i: number) => ring + NETIF_SRING.size + (i % NETIF_RING_SIZE) * NETIF_TX_REQUEST.size;
  const put = (ring: number, layout: Record<string, number>, i: number, r: Record<string, number>) => {
    for (const [k, off] of Object.entries(layout)) w32(slot(ring, i) + off, r[k] ?? 0);
  };
  const tx = (i: number, r: Partial<Record<keyof typeof NETIF_TX_REQUEST.fields, number>>) => put(txRing, NETIF_TX_REQUEST.offsets, i, r);
  const rx = (i: number, r: Partial<Record<keyof typeof NETIF_RX_REQUEST.fields, number>>) => put(rxRing, NETIF_RX_REQUEST.offsets, i, r);
  const txStatus = (i: number) => ({ id: r32(slot(txRing, i) + NETIF_TX_RESPONSE.offsets.id), status: r32(slot(txRing, i) + NETIF_TX_RESPONSE.offsets.status) | 0 });
  const rxResponse = (i: number) => {
    const at = slot(rxRing, i), R = NETIF_RX_RESPONSE.offsets;
    return { id: r32(at + R.id), offset: r32(at + R.offset), status: r32(at + R.status) | 0 };
  };
  const arrive = (frame: Uint8Array) => backend.wire!.receive(frame);
  return { ram, grants, events, backend, net, page, txRing, rxRing, w32, r32, tx, rx, txStatus, rxResponse, arrive, writes, copies, raised, work };
}

const frame = (n: number, fill = 0xa5) => new Uint8Array(n).fill(fill);

test('transmit: a batch of frames sent in order from granted pages, each answered, no event unless asked, req_event asks for the next', (t) => {
  const w = world();
  const data = w.grants.grant(w.page(4), true) as number; // read-only is enough to send from
  w.ram.fill(0x11, 4 * PAGE, 4 * PAGE + 100);
  w.ram.fill(0x22, 4 * PAGE + 2048, 4 * PAGE + 2048 + 60);
  w.tx(0, { id: 5, gref: data, offset: 0, len: 100 });
  w.tx(1, { id: 6, gref: data, offset: 2048, len: 60 });
  w.w32(w.txRing + NETIF_SRING.offsets.req_prod, 2);
  t.true(w.net.serve());
  t.deepEqual(w.backend.sent, [frame(100, 0x11), frame(60, 0x22)]);
  t.deepEqual([0, 1].map(w.txStatus), [{ id: 5, status: 0 }, { id: 6, status: 0 }]);
  t.is(w.r32(w.txRing + NETIF_SRING.offsets.rsp_prod), 2);
  t.is(w.r32(w.txRing + NETIF_SRING.offsets.req_event), 3);
  t.is(w.raised(), 0, 'the front end did not ask to hear of sent frames (tx rsp_event 0)');
  t.is(w.work.done, 2);
  w.w32(w.txRing + NETIF_SRING.offsets.rsp_event, 3);
  w.tx(2, { id: 7, gref: data, len: 14 });
  w.w32(w.txRing + NETIF_SRING.offsets.req_prod, 3);
  t.true(w.net.serve());
  t.is(w.raised(), 1, 'asked: one event');
});

test('receive: frames into posted buffers at once, one event when asked; without buffers a bounded backlog and req_event, drained by the next send', (t) => {
  const w = world();
  const bufs = w.grants.grant(w.page(5), false) as number;
  w.rx(0, { id: 0, gref: bufs, offset: 0, room: 2048 });
  w.rx(1, { id: 1, gref: bufs, offset: 2048, room: 2048 });
  w.w32(w.rxRing + NETIF_SRING.offsets.req_prod, 2);
  w.arrive(frame(64, 1));
  t.deepEqual(w.rxResponse(0), { id: 0, offset: 0, status: 64 });
  t.true(w.ram.subarray(5 * PAGE, 5 * PAGE + 64).every((b) => b === 1));
  t.is(w.raised(), 1);
  t.is(w.r32(w.page(0) + EVTCHN_PAGE.offsets.pending), 1 << 2);
  w.arrive(frame(1000, 2));
  t.deepEqual(w.rxResponse(1), { id: 1, offset: 2048, status: 1000 });
  t.is(w.raised(), 1, 'rsp_event still 1: the guest has not asked about the second');
  const event = w.r32(w.rxRing + NETIF_SRING.offsets.req_event);
  for (let i = 0; i < NETIF_BACKLOG + 10; i++) w.arrive(frame(60, 3)); // no buffer: waiting, then dropped
  t.is(w.net.waiting, NETIF_BACKLOG);
  t.is(w.net.counts.backlogFull, 10);
  t.is(w.r32(w.rxRing + NETIF_SRING.offsets.req_event), 3, 'tell me when you post the third buffer');
  t.not(event, 3);
  w.w32(w.rxRing + NETIF_SRING.offsets.rsp_event, 3);
  w.rx(2, { id: 9, gref: bufs, offset: 0, room: 2048 });
  w.w32(w.rxRing + NETIF_SRING.offsets.req_prod, 3);
  t.true(w.net.serve(), 'the send: the new buffer takes a waiting frame');
  t.deepEqual(w.rxResponse(2), { id: 9, offset: 0, status: 60 });
  t.is(w.net.waiting, NETIF_BACKLOG - 1);
  t.is(w.raised(), 2);
});

test('the rings and the event page are read and written in place when the memory offers words (a VM does), with the same result as through copies', (t) => {
  // A round trip as net-rr makes it, with a backlog: through word access and through 4-byte copies.
  const run = (words: boolean) => {
    const w = world({ words });
    const data = w.grants.grant(w.page(4), true) as number;
    const bufs = w.grants.grant(w.page(5), false) as number;
    w.ram.fill(0x33, 4 * PAGE, 4 * PAGE + 64);
    w.w32(w.txRing + NETIF_SRING.offsets.rsp_event, 1);
    w.rx(0, { id: 3, gref: bufs, offset: 0, room: 2048 });
    w.w32(w.rxRing + NETIF_SRING.offsets.req_prod, 1);
    w.tx(0, { id: 8, gref: data, offset: 0, len: 64 });
    w.w32(w.txRing + NETIF_SRING.offsets.req_prod, 1);
    const copiesBefore = { reads: w.copies.reads.length, writes: w.copies.writes.length };
    t.true(w.net.serve());
    w.arrive(frame(64, 0x44));
    w.arrive(frame(80, 0x55)); // no buffer: waits
    w.rx(1, { id: 4, gref: bufs, offset: 2048, room: 2048 });
    w.w32(w.rxRing + NETIF_SRING.offsets.req_prod, 2);
    t.true(w.net.serve());
    const copied = { reads: w.copies.reads.slice(copiesBefore.reads), writes: w.copies.writes.slice(copiesBefore.writes) };
    return { ram: w.ram, sent: w.backend.sent, raised: w.raised(), counts: { ...w.net.counts }, writes: w.writes.map(([a, n]) => `${a}+${n}`).sort(), copied };
  };
  const words = run(true), bytes = run(false);
  t.true(Buffer.from(words.ram).equals(Buffer.from(bytes.ram)), 'the same bytes in RAM');
  t.deepEqual(words.sent, bytes.sent);
  t.is(words.raised, bytes.raised);
  t.deepEqual(words.counts, bytes.counts);
  t.deepEqual(words.writes, bytes.writes, 'the same places written, as much');
  t.deepEqual(words.copied, { reads: [64], writes: [64, 80] }, 'with words, only the frames are copied');
  t.true(bytes.copied.reads.filter((n) => n === 4).length > 10, 'without, every ring word is a copy');
});

test('bad requests get error statuses: frames over the MTU, empty, past the page, revoked or missing grants, unwritable or small buffers', (t) => {
  const w = world();
  const data = w.grants.grant(w.page(4), false) as number;
  const ro = w.grants.grant(w.page(5), true) as number;
  const gone = w.grants.grant(w.page(6), false) as number;
  t.is(w.grants.revoke(gone), 'ok');
  const cases: [string, Record<string, number>, number][] = [
    ['larger than the MTU', { gref: data, len: NETIF_FRAME_MAX + 1 }, NETIF_RSP.error],
    ['huge', { gref: data, len: 0xffff_ffff }, NETIF_RSP.error],
    ['empty', { gref: data, len: 0 }, NETIF_RSP.error],
    ['past the page', { gref: data, offset: 4000, len: 97 }, NETIF_RSP.error],
    ['offset far past the page', { gref: data, offset: 0xffff_fff0, len: 64 }, NETIF_RSP.error],
    ['a revoked grant', { gref: gone, len: 64 }, NETIF_RSP.error],
    ['grant 0', { gref: 0, len: 64 }, NETIF_RSP.error],
    ['grant past the table', { gref: GRANT_MAX + 1, len: 64 }, NETIF_RSP.error],
    ['the largest frame, to the end of the page', { gref: data, offset: PAGE - NETIF_FRAME_MAX, len: NETIF_FRAME_MAX }, NETIF_RSP.okay],
    ['from a read-only grant', { gref: ro, len: 64 }, NETIF_RSP.okay],
  ];
  cases.forEach(([, r], i) => w.tx(i, { id: i, ...r }));
  w.w32(w.txRing + NETIF_SRING.offsets.req_prod, cases.length);
  t.true(w.net.serve());
  cases.forEach(([what, , status], i) => t.deepEqual(w.txStatus(i), { id: i, status }, what));
  t.is(w.backend.sent.length, 2);
  const rxCases: [string, Record<string, number>][] = [
    ['a read-only grant', { gref: ro, room: 2048 }],
    ['a revoked grant', { gref: gone, room: 2048 }],
    ['too small', { gref: data, room: 59 }],
    ['past the page', { gref: data, offset: 3000, room: 2048 }],
    ['offset past the page', { gref: data, offset: 4096, room: 0 }],
  ];
  rxCases.forEach(([, r], i) => w.rx(i, { id: i, ...r }));
  w.rx(rxCases.length, { id: 99, gref: data, offset: 100, room: 60 });
  w.w32(w.rxRing + NETIF_SRING.offsets.req_prod, rxCases.length + 1);
  for (let i = 0; i <= rxCases.length; i++) w.arrive(frame(60, 7));
  rxCases.forEach(([what], i) => t.is(w.rxResponse(i).status, NETIF_RSP.error, what));
  t.deepEqual(w.rxResponse(rxCases.length), { id: 99, offset: 100, status: 60 });
  w.arrive(frame(NETIF_FRAME_MAX + 1));
  t.is(w.net.counts.oversize, 1, 'a frame over the MTU from the wire never reaches the guest');
  t.is(w.net.waiting, 0);
});

test('a producer more than a ring ahead, either ring: corrupt, served no more, nothing sent, the backlog dropped', (t) => {
  const w = world();
  w.w32(w.txRing + NETIF_SRING.offsets.req_prod, NETIF_RING_SIZE + 1);
  t.false(w.net.serve());
  t.true(w.net.broken);
  t.is(w.backend.sent.length, 0);
  w.w32(w.txRing + NETIF_SRING.offsets.req_prod, 0);
  t.false(w.net.serve(), 'for good');
  w.arrive(frame(60));
  t.is(w.net.waiting, 0);
  const r = world();
  r.w32(r.rxRing + NETIF_SRING.offsets.req_prod, 0xffff_ffff); // "behind": as far ahead, modulo 2^32
  r.arrive(frame(60));
  t.true(r.net.broken);
  t.false(r.net.serve());
});

test(`hostile rings (${ROUNDS} rounds): statuses only, no exception, writes only where granted writable, bounded backlog, corrupt rings stop`, (t) => {
  const rand = mulberry32(0x4e7f);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  let w = world();
  let txProd = 0, rxProd = 0, served = 0, broken = 0, overRings = false;
  const word = (): number =>
    pick([() => Math.floor(rand() * 2 ** 32), () => Math.floor(rand() * 2100), () => pick([0, 1, 14, 1518, 1519, 2048, 4096, 0xffff_ffff, 0x8000_0000]), () => Math.floor(rand() * 40)])();
  for (let round = 0; round < ROUNDS; round++) {
    if (w.net.broken) {
      broken++;
      w = world();
      txProd = rxProd = 0;
      overRings = false;
    }
    // Grants come and go (never the event page's or the rings': they are held).
    if (rand() < 0.3) w.grants.grant(w.page(3 + Math.floor(rand() * 60)), rand() < 0.3);
    if (rand() < 0.2) w.grants.revoke(4 + Math.floor(rand() * GRANT_MAX));
    const gref = () => (rand() < 0.8 ? Math.floor(rand() * (GRANT_MAX + 2)) : word());
    const nTx = rand() < 0.03 ? Math.floor(rand() * 2 ** 32) : Math.floor(rand() * (NETIF_RING_SIZE + 2));
    for (let i = 0; i < Math.min(nTx, NETIF_RING_SIZE); i++) w.tx(txProd + i, { id: word(), gref: gref(), offset: rand() < 0.7 ? pick([0, 2048]) : word(), len: word() });
    const nRx = rand() < 0.03 ? Math.floor(rand() * 2 ** 32) : Math.floor(rand() * (NETIF_RING_SIZE / 2));
    // A buffer over the guest's own event page or rings: its business, but the statuses there are then frame bytes
    for (let i = 0; i < Math.min(nRx, NETIF_RING_SIZE); i++) {
      const g = gref();
      overRings ||= g >= 1 && g <= 3;
      w.rx(rxProd + i, { id: word(), gref: g, offset: rand() < 0.7 ? pick([0, 2048]) : word(), room: rand() < 0.7 ? 2048 : word() });
    }
    if (rand() < 0.1) w.w32(w.rxRing + NETIF_SRING.offsets.rsp_event, word());
    const allowed = new Set<number>([w.page(0), w.txRing, w.rxRing]);
    for (let ref = 1; ref <= GRANT_MAX; ref++) {
      const p = w.grants.page(ref, 'write');
      if (p !== undefined) allowed.add(p);
    }
    const before = w.writes.length;
    txProd = (txProd + nTx) >>> 0;
    rxProd = (rxProd + nRx) >>> 0;
    w.w32(w.txRing + NETIF_SRING.offsets.req_prod, txProd);
    w.w32(w.rxRing + NETIF_SRING.offsets.req_prod, rxProd);
    let ok: boolean;
    try {
      for (let i = Math.floor(rand() * 4); i > 0; i--) w.arrive(frame(rand() < 0.05 ? 1519 + Math.floor(rand() * 3000) : 14 + Math.floor(rand() * 1505)));
      ok = w.net.serve();
      for (let i = Math.floor(rand() * 4); i > 0; i--) w.arrive(frame(14 + Math.floor(rand() * 1505)));
    } catch (e) {
      t.fail(`round ${round}: ${(e as Error).message}`);
      return;
    }
    if (ok) served++;
    for (const [gpa, len] of w.writes.slice(before)) {
      const pageOf = gpa - (gpa % PAGE);
      if (!allowed.has(pageOf) || gpa + len > pageOf + PAGE) return t.fail(`round ${round}: a write of ${len} at 0x${gpa.toString(16)}, not in a page granted writable`);
    }
    if (w.backend.sent.some((f) => f.length === 0 || f.length > NETIF_FRAME_MAX)) return t.fail(`round ${round}: a frame of a bad size was sent`);
    if (w.net.waiting > NETIF_BACKLOG) return t.fail(`round ${round}: ${w.net.waiting} frames waiting`);
    w.backend.sent.length = 0;
    const s = w.txStatus((txProd - 1) >>> 0).status;
    if (ok && !overRings && nTx > 0 && s !== NETIF_RSP.okay && s !== NETIF_RSP.error) return t.fail(`tx status ${s}`);
  }
  t.log(`${served} sends served, ${broken} ring pairs found corrupt`);
  t.true(served > ROUNDS / 4 && broken > 0);
});

test('disconnect: the port is unbound, the rings\' grants can be revoked, waiting frames dropped; frames meanwhile wait for the next connect', (t) => {
  const w = world();
  for (let i = 0; i < 3; i++) w.arrive(frame(60)); // no buffer posted: waiting
  t.is(w.net.waiting, 3);
  t.deepEqual([w.grants.revoke(2), w.grants.revoke(3)], ['pinned', 'pinned']);
  w.net.disconnect();
  t.false(w.net.connected);
  t.is(w.net.waiting, 0, 'what waited for the old rings is dropped');
  t.is(w.events.send(2), undefined, 'port 2 is bound to nothing now');
  t.deepEqual([w.grants.revoke(2), w.grants.revoke(3)], ['ok', 'ok']);
  w.arrive(frame(70, 9)); // arrives while disconnected: waits
  t.is(w.net.waiting, 1);
  const tx = w.grants.grant(w.page(10), false) as number, rx = w.grants.grant(w.page(11), false) as number;
  const bufs = w.grants.grant(w.page(12), false) as number;
  w.w32(w.page(11) + NETIF_SRING.offsets.rsp_event, 1);
  w.net.connect(tx, rx, 4);
  const slot = w.page(11) + NETIF_SRING.size;
  w.w32(slot + NETIF_RX_REQUEST.offsets.id, 7);
  w.w32(slot + NETIF_RX_REQUEST.offsets.gref, bufs);
  w.w32(slot + NETIF_RX_REQUEST.offsets.room, 2048);
  w.w32(w.page(11) + NETIF_SRING.offsets.req_prod, 1);
  t.true(w.events.send(4), 'the new port serves the new rings');
  t.is(w.r32(slot + NETIF_RX_RESPONSE.offsets.status), 70);
  t.true(w.ram.subarray(12 * PAGE, 12 * PAGE + 70).every((b) => b === 9));
});
