/**
 * Every device saves its state as plain data and a fresh device that loads
 * it behaves as the original from there on: the same register reads, the
 * same interrupt levels, the same bytes out — through JSON, as a snapshot
 * carries it (snapshot/json.ts).
 */
import test from 'ava';
import { Clint, Htif, Plic, SifiveTest, Uart16550 } from '../../../src/machine/devices/index.js';
import { FakeClock, FakeIrq, FakePower } from './_helpers/fakes.js';
import { decodeState, encodeState } from '../../../src/snapshot/json.js';
import { loadBoard, saveBoard } from '../../../src/machine/board-state.js';
import { BUFS, TestDriver } from './virtio/_helpers/driver.js';

const viaJson = <T>(s: T): T => decodeState<T>(encodeState(s), 'test');

test('UART: FIFO bytes, waiting input, registers and the interrupt continue', (t) => {
  const make = () => {
    const irq = new FakeIrq(), out: number[] = [];
    return { irq, out, u: new Uart16550({ irq, out: (b) => out.push(b) }) };
  };
  const a = make();
  a.u.write(2, 1, 0xc1); // FIFO on, trigger 14
  a.u.write(1, 1, 0x03); // IER: rdi, thri
  a.u.write(7, 1, 0x5a);
  a.u.feed(Buffer.from('hello, world, and more than sixteen bytes'));
  a.u.read(0, 1);
  const b = make();
  b.u.load(viaJson(a.u.save()));
  t.deepEqual(b.u.save(), a.u.save());
  const reads = (x: ReturnType<typeof make>) => Array.from({ length: 48 }, (_, i) => x.u.read([0, 2, 5, 7][i % 4], 1));
  t.deepEqual(reads(b), reads(a));
  a.u.write(0, 1, 0x41);
  b.u.write(0, 1, 0x41);
  t.deepEqual(b.out, a.out);
  t.deepEqual(b.u.save(), a.u.save()); // (the wire's level is the PLIC's state: restored with it, not signalled again)
});

test('CLINT: msip, mtimecmp and MTIP', (t) => {
  const clock = new FakeClock(100n);
  const make = () => ({ soft: new FakeIrq(), timer: new FakeIrq() });
  const wa = make(), wb = make();
  const a = new Clint({ clock, software: wa.soft, timer: wa.timer });
  a.write(0, 4, 1);
  a.write(0x4000, 8, 0x1_0000_0200n);
  const b = new Clint({ clock, software: wb.soft, timer: wb.timer });
  b.load(viaJson(a.save()));
  t.deepEqual(b.save(), a.save());
  t.is(b.read(0x4004, 4), 1);
  t.is(b.nextDeadline(), 0x1_0000_0200n);
  clock.time = 0x1_0000_0200n;
  a.update();
  b.update();
  t.deepEqual([wb.timer.level, wb.timer.calls], [wa.timer.level, wa.timer.calls.slice(-1)]);
});

test('PLIC: priorities, pending and claimed sources, enables, thresholds', (t) => {
  const make = () => {
    const meip = new FakeIrq(), seip = new FakeIrq();
    const p = new Plic({ meip, seip });
    return { p, meip, seip, uart: p.source(10), virtio: p.source(1, 'report') };
  };
  const a = make();
  a.p.write(4 * 10, 4, 3);
  a.p.write(4 * 1, 4, 5);
  a.p.write(0x2080, 4, (1 << 10) | (1 << 1));
  a.uart.set(true);
  a.virtio.set(true);
  t.is(a.p.read(0x20_1004, 4), 1); // claim virtio: in flight
  const b = make();
  b.p.load(viaJson(a.p.save()));
  t.deepEqual(b.p.save(), a.p.save());
  for (const x of [a, b]) x.p.write(0x20_1004, 4, 1); // complete
  t.is(b.p.read(0x20_1004, 4), a.p.read(0x20_1004, 4));
  t.is(b.p.read(0x1000, 4), a.p.read(0x1000, 4));
});

test('finisher and HTIF', (t) => {
  const f = new SifiveTest({ power: new FakePower() });
  f.write(0, 4, (3 << 16) | 0x3333);
  const g = new SifiveTest({ power: new FakePower() });
  g.load(viaJson(f.save()));
  t.deepEqual(g.stop, { reason: 'fail', code: 3 });
  const out: number[] = [];
  const h = new Htif({ tohost: 0x8000_1000, power: new FakePower(), out: (b) => out.push(b) });
  h.write(0, 4, 0x41); // one half of a putchar: not taken yet
  const outB: number[] = [];
  const k = new Htif({ tohost: 0x8000_1000, power: new FakePower(), out: (b) => outB.push(b) });
  k.load(viaJson(h.save()));
  for (const x of [h, k]) x.write(4, 4, 0x0101_0000);
  t.deepEqual(outB, out);
  t.deepEqual(out, [0x41]);
  t.deepEqual(k.save(), h.save());
});

test('virtio-blk: a request notified but not yet served completes on the restored board as on the original', (t) => {
  const a = new TestDriver();
  a.init();
  const hdr = BUFS + 0x100;
  a.setU32(hdr, 0); // IN
  a.setU32(hdr + 8, 2);
  a.setDesc(0, hdr, 16, 1, 1);
  a.setDesc(1, BUFS + 0x1000, 512, 3, 2);
  a.setDesc(2, BUFS + 0x2000, 1, 2);
  a.offer(0);
  a.notify();
  t.is(a.m.events.size, 1); // the notify's work waits NOTIFY_LATENCY cycles
  const b = new TestDriver();
  b.disk.bytes.set(a.disk.bytes);
  b.m.bus.u8.set(a.m.bus.u8);
  loadBoard(b.m, viaJson(saveBoard(a.m)));
  t.deepEqual(viaJson(saveBoard(b.m)), viaJson(saveBoard(a.m)));
  a.settle();
  b.settle();
  t.deepEqual(b.usedElem(0), a.usedElem(0));
  t.deepEqual(b.bytes(BUFS + 0x1000, 513), a.bytes(BUFS + 0x1000, 513));
  t.is(b.bytes(BUFS + 0x2000, 1)[0], 0);
  t.deepEqual(viaJson(saveBoard(b.m)), viaJson(saveBoard(a.m)));
});
