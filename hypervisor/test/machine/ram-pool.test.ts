/**
 * The RAM pool (machine/ram-pool.ts): a board's RAM given back is zero when
 * the next board takes it, a board nobody released is never handed out,
 * windows cannot be released, a released board cannot run, and the pool is
 * bounded. (Whole kernels on reused RAM: test/boot/ram-pool.test.ts.)
 */
import test from 'ava';
import { Bus, Machine, RAM_BASE, RAM_POOL_LIMITS, drainRamPool, ramPoolHolds, ramPoolStats, releaseBoard } from '@pvlab/hypervisor';

const SIZE = 256 << 10;
const allZero = (u8: Uint8Array) => Buffer.from(u8.buffer, u8.byteOffset, u8.length).equals(Buffer.alloc(u8.length));

test.afterEach.always(() => drainRamPool());

test.serial('RAM given back is all zeros when the next board of its size takes it, whatever the last one wrote', (t) => {
  const a = new Bus(SIZE);
  a.u8.fill(0xa5);
  a.write(RAM_BASE + 8, 4, 0x12345678);
  const buffer = a.u8.buffer;
  const reused = ramPoolStats.reused;
  releaseBoard({ bus: a });
  const b = new Bus(SIZE);
  t.is(b.u8.buffer, buffer, 'the same memory, not a new allocation');
  t.is(ramPoolStats.reused, reused + 1);
  t.true(allZero(b.u8), 'every byte zero, as a fresh ArrayBuffer');
  t.true(b.slowLines.every((x) => x === 0));
  t.is(b.read(RAM_BASE + 8, 4), 0);
});

test.serial('a board nobody released is never handed to another: its RAM stays its own', (t) => {
  const live = new Bus(SIZE);
  live.u8.fill(7);
  const dead = new Bus(SIZE);
  t.not(dead.u8.buffer, live.u8.buffer);
  releaseBoard({ bus: dead });
  const next = new Bus(SIZE), after = new Bus(SIZE);
  t.is(next.u8.buffer, dead.u8.buffer, 'the released one is reused');
  t.not(after.u8.buffer, live.u8.buffer, 'the pool is empty again: a new buffer, not the live board\'s');
  next.u8.fill(1);
  after.u8.fill(2);
  t.true(live.u8.every((x) => x === 7), 'the live board\'s RAM is untouched by the boards made after it');
});

test.serial('a window of a board\'s RAM (a VM\'s bus) cannot be released; the board can, once, and then cannot run', (t) => {
  const m = new Machine({ ramSize: 1 << 20 });
  const window = new Bus(SIZE, m.bus.u8.subarray(4096, 4096 + SIZE));
  t.throws(() => window.release(), { message: /window/ });
  releaseBoard(m);
  t.true(m.bus.released);
  t.throws(() => releaseBoard(m), { message: /released already/ });
  t.throws(() => m.run(10), { message: /released/ });
  t.throws(() => m.step(), { message: /released/ });
  t.deepEqual(ramPoolHolds(), { buffers: 1, bytes: 1 << 20 }, 'given back once, held once');
});

test.serial('a window over reused RAM tells the new owner of writes, at the owner\'s address', (t) => {
  releaseBoard({ bus: new Bus(SIZE) });
  const owner = new Bus(SIZE);
  t.is(ramPoolStats.reused > 0, true);
  const heard: number[] = [];
  owner.watch({ ramWritten: (pa) => heard.push(pa) });
  owner.markLine(RAM_BASE + 8192, 1);
  const window = new Bus(4096, owner.u8.subarray(8192, 8192 + 4096));
  window.write(RAM_BASE, 4, 1);
  t.deepEqual(heard, [RAM_BASE + 8192]);
});

test.serial('the pool is bounded: buffers per size and bytes in all; past them a buffer is dropped', (t) => {
  const limits = { ...RAM_POOL_LIMITS };
  try {
    const buses = Array.from({ length: RAM_POOL_LIMITS.perSize + 1 }, () => new Bus(SIZE));
    const dropped = ramPoolStats.dropped;
    for (const b of buses) releaseBoard({ bus: b });
    t.deepEqual(ramPoolHolds(), { buffers: RAM_POOL_LIMITS.perSize, bytes: RAM_POOL_LIMITS.perSize * SIZE });
    t.is(ramPoolStats.dropped, dropped + 1);
    drainRamPool();
    RAM_POOL_LIMITS.bytes = 3 * SIZE;
    for (const size of [SIZE, 2 * SIZE, SIZE + 4096]) releaseBoard({ bus: new Bus(size) });
    t.deepEqual(ramPoolHolds(), { buffers: 2, bytes: 3 * SIZE }, 'the third would pass the bytes limit');
  } finally {
    Object.assign(RAM_POOL_LIMITS, limits);
  }
});
