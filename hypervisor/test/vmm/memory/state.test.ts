/**
 * The memory's state for a snapshot: the frame pool (owners and the free
 * stack, in its order) and a p2m round-trip exactly — the next frame taken
 * is the same — and a saved state that does not fit (a frame mapped twice,
 * outside the pool, a free frame that is owned) is refused, never taken.
 */
import test from 'ava';
import { Bus } from '../../../src/machine/bus.js';
import { FramePool } from '../../../src/vmm/memory/frame-pool.js';
import { NONE, P2m } from '../../../src/vmm/memory/p2m.js';
import { decodeState, encodeState } from '../../../src/snapshot/json.js';

const PAGE = 4096;
const viaJson = <T>(s: T): T => decodeState<T>(encodeState(s), 'test');

function board() {
  const bus = new Bus(64 * PAGE);
  const pool = new FramePool(bus, bus.ramBase, 32 * PAGE);
  for (let f = 0; f < 8; f++) pool.claim(f, 0);
  pool.seal();
  const p2m = new P2m(pool, 0x8000_0000, 16 * PAGE, NONE);
  for (let g = 0; g < 8; g++) p2m.populate(g, 7 - g);
  p2m.settle();
  return { bus, pool, p2m };
}

test('the frame pool and a p2m round-trip: owners, the free stack in order, the map and its reverse', (t) => {
  const a = board();
  a.pool.take(0);
  a.pool.take(1);
  a.pool.release(7, 0);
  a.p2m.unpopulate(0);
  const b = board();
  b.pool.load(viaJson(a.pool.save()));
  b.p2m.load(viaJson(a.p2m.save()));
  t.deepEqual([...b.pool.owner], [...a.pool.owner]);
  t.deepEqual(b.pool.free, a.pool.free);
  t.is(b.pool.take(1), a.pool.take(1), 'the next frame taken is the same');
  t.deepEqual([...b.p2m.map], [...a.p2m.map]);
  t.is(b.p2m.pages, a.p2m.pages);
  for (const gpa of [0x8000_0000, 0x8000_1000, 0x8000_7000]) t.is(b.p2m.has(gpa), a.p2m.has(gpa));
  t.is(b.p2m.toHost(0x8000_3004), a.p2m.toHost(0x8000_3004));
});

test('a saved memory state that does not fit is refused', (t) => {
  const { pool, p2m } = board();
  const map = new Int32Array(16).fill(NONE);
  map[0] = 3;
  map[1] = 3; // mapped twice
  t.throws(() => p2m.load({ map: new Uint8Array(map.buffer) }), { instanceOf: RangeError });
  map[1] = 99; // outside the pool
  t.throws(() => p2m.load({ map: new Uint8Array(map.buffer) }), { instanceOf: RangeError });
  t.throws(() => p2m.load({ map: new Uint8Array(8) }), { instanceOf: RangeError, message: /a p2m of 2 frames, not 16/ });
  const s = pool.save();
  t.throws(() => pool.load({ owner: s.owner, free: [0] }), { instanceOf: RangeError, message: /a free frame that is owned/ });
  t.throws(() => pool.load({ owner: new Uint8Array(4), free: [] }), { instanceOf: RangeError });
});
