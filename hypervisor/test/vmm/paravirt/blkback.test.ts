/**
 * The paravirtual disk's back end, its grant table and event channels,
 * against guests that write anything into the shared ring: every request
 * gets a status (never a host exception), the back end writes only the ring,
 * the event page and data pages granted writable at that moment, reads only
 * granted pages, and a ring whose producer runs more than a ring ahead is
 * marked corrupt and served no more. Long fuzz: PVLAB_BLKIF_FUZZ rounds
 * (CI: 3,000).
 */
import test from 'ava';
import { BLKIF_REQUEST, BLKIF_RESPONSE, BLKIF_SRING, EVTCHN_PAGE } from '@pvlab/hypercall-abi';
import { MemoryDisk } from '../../../src/machine/devices/virtio/block-backend.js';
import { BLKIF_OP, BLKIF_RING_SIZE, BLKIF_RSP, BlkBack } from '../../../src/vmm/paravirt/blkback.js';
import { GRANT_MAX, GrantTable } from '../../../src/vmm/paravirt/grant-table.js';
import { mulberry32 } from '../../../../hypercall-abi/test/_helpers/prng.js';
import { BASE, PAGE, SIZE, recordingRam } from './_helpers/recording-ram.js';

const ROUNDS = Number(process.env.PVLAB_BLKIF_FUZZ ?? 3000);

/** The back end on a recording RAM, with the guest's set-up as blkfront does it: event page (grant 1), ring (grant 2), port 1. */
function world(diskBytes = 32 * PAGE, readOnly = false) {
  const { ram, memory, grants, events, work, page, w32, r32, writes, reads, raised } = recordingRam();
  const disk = new MemoryDisk(new Uint8Array(diskBytes), readOnly);
  const blk = new BlkBack(disk, memory, grants, events, work);
  const ring = page(1);
  w32(ring + BLKIF_SRING.offsets.rsp_event, 1);
  grants.grant(ring, false);
  blk.connect(2, 1);
  const slot = (i: number) => ring + BLKIF_SRING.size + (i % BLKIF_RING_SIZE) * BLKIF_REQUEST.size;
  const request = (i: number, r: Partial<Record<keyof typeof BLKIF_REQUEST.fields, number>>) => {
    for (const [k, off] of Object.entries(BLKIF_REQUEST.offsets)) w32(slot(i) + off, (r as Record<string, number>)[k] ?? 0);
  };
  const response = (i: number) => ({ id: r32(slot(i) + BLKIF_RESPONSE.offsets.id), status: r32(slot(i) + BLKIF_RESPONSE.offsets.status) | 0 });
  const produce = (n: number) => w32(ring + BLKIF_SRING.offsets.req_prod, n);
  return { ram, memory, grants, events, disk, blk, page, ring, w32, r32, request, response, produce, writes, reads, raised, work };
}

test('batches of requests: served in order, each answered in its slot, one event a batch when asked for, req_event asks for the next', (t) => {
  const w = world();
  const data = w.grants.grant(w.page(4), false) as number;
  w.ram.fill(0xab, 4 * PAGE, 5 * PAGE);
  w.request(0, { id: 7, op: BLKIF_OP.write, sector_lo: 16, gref: data, first_sect: 0, last_sect: 7 });
  w.request(1, { id: 8, op: BLKIF_OP.flush });
  w.produce(2);
  t.true(w.blk.serve());
  t.deepEqual([0, 1].map(w.response), [{ id: 7, status: 0 }, { id: 8, status: 0 }]);
  t.true(w.disk.bytes.subarray(16 * 512, 24 * 512).every((b) => b === 0xab));
  t.is(w.disk.flushes, 1);
  t.is(w.r32(w.ring + BLKIF_SRING.offsets.rsp_prod), 2);
  t.is(w.r32(w.ring + BLKIF_SRING.offsets.req_event), 3);
  t.is(w.raised(), 1, 'one event for the batch');
  t.is(w.r32(w.page(0) + EVTCHN_PAGE.offsets.pending), 1 << 1);
  w.ram.fill(0, 4 * PAGE, 5 * PAGE);
  w.request(2, { id: 9, op: BLKIF_OP.read, sector_lo: 16, gref: data, first_sect: 2, last_sect: 3 });
  w.produce(3);
  t.true(w.blk.serve());
  t.deepEqual(w.response(2), { id: 9, status: 0 });
  t.true(w.ram.subarray(4 * PAGE + 2 * 512, 4 * PAGE + 4 * 512).every((b) => b === 0xab), 'sectors 2..3 of the page read');
  t.true(w.ram.subarray(4 * PAGE, 4 * PAGE + 2 * 512).every((b) => b === 0), 'sectors 0..1 untouched');
  t.is(w.raised(), 1, 'rsp_event still 1: the guest has not asked about this one');
  w.w32(w.ring + BLKIF_SRING.offsets.rsp_event, 4);
  w.request(3, { id: 10, op: BLKIF_OP.flush });
  w.produce(4);
  t.true(w.blk.serve());
  t.is(w.raised(), 2);
  t.is(w.work.done, 4);
});

test('notification suppression: no event when the guest did not ask for one, none when its port is masked (but pending)', (t) => {
  const w = world();
  w.w32(w.ring + BLKIF_SRING.offsets.rsp_event, 100); // "tell me at response 100"
  w.request(0, { op: BLKIF_OP.flush });
  w.produce(1);
  t.true(w.blk.serve());
  t.is(w.raised(), 0);
  t.is(w.r32(w.page(0)), 0);
  w.w32(w.ring + BLKIF_SRING.offsets.rsp_event, 2);
  w.w32(w.page(0) + EVTCHN_PAGE.offsets.mask, 1 << 1);
  w.request(1, { op: BLKIF_OP.flush });
  w.produce(2);
  t.true(w.blk.serve());
  t.is(w.raised(), 0, 'masked: no interrupt');
  t.is(w.r32(w.page(0)), 1 << 1, 'but pending');
  t.true(w.blk.serve(), 'a send with nothing queued');
  t.is(w.r32(w.ring + BLKIF_SRING.offsets.rsp_prod), 2);
});

test('bad requests get error statuses: unknown op, revoked or read-only grant, sector numbers, past the disk, a read-only disk', (t) => {
  const w = world(8 * PAGE);
  const data = w.grants.grant(w.page(4), false) as number;
  const ro = w.grants.grant(w.page(5), true) as number;
  const gone = w.grants.grant(w.page(6), false) as number;
  t.is(w.grants.revoke(gone), 'ok');
  const cases: [string, Record<string, number>, number][] = [
    ['unknown op', { op: 2, gref: data, last_sect: 7 }, BLKIF_RSP.eopnotsupp],
    ['op 0x80000000', { op: 0x8000_0000, gref: data }, BLKIF_RSP.eopnotsupp],
    ['revoked grant', { op: BLKIF_OP.write, gref: gone, last_sect: 7 }, BLKIF_RSP.error],
    ['grant 0', { op: BLKIF_OP.read, gref: 0, last_sect: 7 }, BLKIF_RSP.error],
    ['grant past the table', { op: BLKIF_OP.read, gref: GRANT_MAX + 1, last_sect: 7 }, BLKIF_RSP.error],
    ['a read into a read-only grant', { op: BLKIF_OP.read, gref: ro, last_sect: 7 }, BLKIF_RSP.error],
    ['first after last', { op: BLKIF_OP.read, gref: data, first_sect: 3, last_sect: 2 }, BLKIF_RSP.error],
    ['last past the page', { op: BLKIF_OP.read, gref: data, first_sect: 0, last_sect: 8 }, BLKIF_RSP.error],
    ['past the disk', { op: BLKIF_OP.read, gref: data, sector_lo: 60, last_sect: 7 }, BLKIF_RSP.error],
    ['far past the disk', { op: BLKIF_OP.read, gref: data, sector_hi: 1, last_sect: 7 }, BLKIF_RSP.error],
    ['the last sectors', { op: BLKIF_OP.read, gref: data, sector_lo: 56, last_sect: 7 }, BLKIF_RSP.okay],
    ['a write from a read-only grant', { op: BLKIF_OP.write, gref: ro, last_sect: 7 }, BLKIF_RSP.okay],
  ];
  cases.forEach(([, r], i) => w.request(i, { id: i, ...r }));
  w.produce(cases.length);
  t.true(w.blk.serve());
  cases.forEach(([what, , status], i) => t.deepEqual(w.response(i), { id: i, status }, what));
  const rw = world(8 * PAGE, true);
  const d = rw.grants.grant(rw.page(4), false) as number;
  rw.request(0, { op: BLKIF_OP.write, gref: d, last_sect: 7 });
  rw.request(1, { id: 1, op: BLKIF_OP.read, gref: d, last_sect: 7 });
  rw.produce(2);
  rw.blk.serve();
  t.deepEqual([rw.response(0).status, rw.response(1).status], [BLKIF_RSP.error, BLKIF_RSP.okay]);
});

test('a producer more than a ring ahead: the ring is corrupt, served no more, and nothing was done', (t) => {
  const w = world();
  w.request(0, { op: BLKIF_OP.flush });
  w.produce(BLKIF_RING_SIZE + 1);
  t.false(w.blk.serve());
  t.true(w.blk.broken);
  t.is(w.disk.flushes, 0);
  w.produce(1);
  t.false(w.blk.serve(), 'for good');
  const back = world();
  back.produce(0xffff_ffff); // "behind": as far ahead, modulo 2^32
  t.false(back.blk.serve());
});

test('grants: aligned pages of the VM only, GRANT_MAX of them; a held page cannot be revoked', (t) => {
  const g = new GrantTable({ base: BASE, size: SIZE });
  t.is(g.grant(BASE + 4, false), 'misaligned');
  t.is(g.grant(BASE - PAGE, false), 'outside');
  t.is(g.grant(BASE + SIZE, false), 'outside');
  t.is(g.grant(0xffff_f000, false), 'outside');
  const refs = Array.from({ length: GRANT_MAX }, (_, i) => g.grant(BASE + i * PAGE, false));
  t.deepEqual(refs, Array.from({ length: GRANT_MAX }, (_, i) => i + 1));
  t.is(g.grant(BASE, false), 'full');
  t.is(g.revoke(0), 'unknown');
  t.is(g.revoke(GRANT_MAX + 1), 'unknown');
  t.is(g.pin(3), BASE + 2 * PAGE);
  t.is(g.revoke(3), 'pinned');
  t.is(g.revoke(4), 'ok');
  t.is(g.revoke(4), 'unknown');
  t.is(g.grant(BASE + 40 * PAGE, true), 4, 'the lowest free reference');
  t.is(g.pin(4), undefined, 'a read-only grant cannot hold a ring');
  t.is(g.page(4, 'write'), undefined);
  t.is(g.page(4, 'read'), BASE + 40 * PAGE);
});

test(`hostile rings (${ROUNDS} rounds): statuses only, no exception, writes only where granted writable, corrupt rings stop`, (t) => {
  const rand = mulberry32(0xb1c1f);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  let w = world();
  let produced = 0, served = 0, broken = 0;
  const word = (): number =>
    pick([() => Math.floor(rand() * 2 ** 32), () => Math.floor(rand() * 12), () => pick([0, 7, 8, 63, 64, 0xffff_ffff, 0x8000_0000]), () => Math.floor(rand() * 80)])();
  for (let round = 0; round < ROUNDS; round++) {
    if (w.blk.broken) {
      broken++;
      w = world();
      produced = 0;
    }
    // Some grants come and go (never the event page's or the ring's: they are held).
    if (rand() < 0.3) w.grants.grant(w.page(2 + Math.floor(rand() * 60)), rand() < 0.3);
    if (rand() < 0.2) w.grants.revoke(3 + Math.floor(rand() * GRANT_MAX));
    const n = rand() < 0.05 ? Math.floor(rand() * 2 ** 32) : Math.floor(rand() * (BLKIF_RING_SIZE + 2));
    for (let i = 0; i < Math.min(n, BLKIF_RING_SIZE); i++) {
      const op = rand() < 0.8 ? pick([BLKIF_OP.read, BLKIF_OP.write, BLKIF_OP.flush]) : word();
      w.request(produced + i, { id: word(), op, sector_lo: word(), sector_hi: rand() < 0.9 ? 0 : word(), gref: rand() < 0.8 ? Math.floor(rand() * (GRANT_MAX + 2)) : word(), first_sect: word() % 10, last_sect: word() % 10, reserved: word() });
    }
    if (rand() < 0.1) w.w32(w.ring + BLKIF_SRING.offsets.rsp_event, word());
    const before = w.writes.length;
    const allowed = new Set<number>([w.page(0), w.ring]);
    for (let ref = 1; ref <= GRANT_MAX; ref++) {
      const p = w.grants.page(ref, 'write');
      if (p !== undefined) allowed.add(p);
    }
    produced = (produced + n) >>> 0;
    w.produce(produced);
    let ok: boolean;
    try {
      ok = w.blk.serve();
    } catch (e) {
      t.fail(`round ${round}: ${(e as Error).message}`);
      return;
    }
    if (ok) served++;
    for (const [gpa, len] of w.writes.slice(before)) {
      const pageOf = gpa - (gpa % PAGE);
      if (!allowed.has(pageOf) || gpa + len > pageOf + PAGE) {
        t.fail(`round ${round}: a write of ${len} at 0x${gpa.toString(16)}, not in a page granted writable`);
        return;
      }
    }
    if (ok) {
      const done = w.r32(w.ring + BLKIF_SRING.offsets.rsp_prod);
      for (let i = Math.max(0, done - Math.min(n, BLKIF_RING_SIZE)); i < done; i++) {
        const s = w.response(i).status;
        if (s !== BLKIF_RSP.okay && s !== BLKIF_RSP.error && s !== BLKIF_RSP.eopnotsupp) return t.fail(`status ${s}`);
      }
    }
  }
  t.log(`${served} batches served, ${broken} rings found corrupt`);
  t.true(served > ROUNDS / 4 && broken > 0);
});

test('disconnect: the port is unbound, the ring\'s grant can be revoked, a later connect starts afresh', (t) => {
  const w = world();
  w.request(0, { op: BLKIF_OP.flush });
  w.produce(BLKIF_RING_SIZE + 1); // corrupt: the back end stops serving ...
  t.false(w.blk.serve());
  t.is(w.grants.revoke(2), 'pinned', 'the ring is held while connected');
  t.true(w.blk.connected);
  w.blk.disconnect(); // ... until the front end goes away
  t.false(w.blk.connected);
  t.false(w.blk.broken);
  t.is(w.events.send(1), undefined, 'port 1 is bound to nothing now');
  t.true(w.events.free(1));
  t.is(w.grants.revoke(2), 'ok', 'the ring\'s grant is the front end\'s to end again');
  // A new ring, a new port: served from index 0.
  const ring = w.page(3);
  const ref = w.grants.grant(ring, false) as number;
  w.ram.fill(0, 3 * 4096, 4 * 4096);
  w.w32(ring + BLKIF_SRING.offsets.rsp_event, 1);
  w.blk.connect(ref, 5);
  w.w32(ring + BLKIF_SRING.offsets.req_prod, 1);
  w.w32(ring + BLKIF_SRING.size + BLKIF_REQUEST.offsets.op, BLKIF_OP.flush);
  t.true(w.events.send(5));
  t.is(w.r32(ring + BLKIF_SRING.offsets.rsp_prod), 1);
  t.is(w.r32(w.page(0)) & (1 << 5), 1 << 5, 'completions on the new port');
});
