/**
 * The virtio-mmio transport, driven register by register: when work
 * happens (a fixed latency after the notify), what negotiation keeps,
 * queue set-up limits, resets, the interrupt line, QueueReset, and the
 * error state. The register values a driver reads are compared with QEMU
 * by qemu-differential.test.ts; these are the behaviours behind them.
 */
import test from 'ava';
import { BLK_CONFIG, NOTIFY_LATENCY, VIRTIO_MMIO_BASE } from '@pvlab/hypervisor';
import { BUFS, F, QUEUE, R, STATUS, TestDriver } from './_helpers/driver.js';
import { C_CASES, runPvlab } from '../../_programs/c/cases.js';

const read = (d: TestDriver, sector: number, n = 512) => d.request(0, sector, [{ addr: BUFS + 0x1000, len: n, write: true }]);

test('a request completes NOTIFY_LATENCY (1000) cycles after its notify, not before', (t) => {
  t.is(NOTIFY_LATENCY, 1000);
  for (const modern of [false, true]) {
    const d = new TestDriver({ modern });
    d.init();
    d.setU32(BUFS, 0);
    d.setDesc(0, BUFS, 16, 1, 1);
    d.setDesc(1, BUFS + 0x1000, 512, 3, 2);
    d.setDesc(2, BUFS + 0x10, 1, 2);
    d.offer(0);
    const at = d.m.hart.cycles();
    d.notify();
    t.is(d.m.events.next(), at + NOTIFY_LATENCY);
    d.settle(NOTIFY_LATENCY - 1);
    t.is(d.usedIdx(), 0, 'not yet');
    d.settle(1);
    t.is(d.usedIdx(), 1);
    t.deepEqual(d.usedElem(0), { id: 0, len: 513 }, 'used length: the writable bytes, status included (QEMU\'s in_len)');
    t.deepEqual([...d.bytes(BUFS + 0x1000, 4)], [0, 1, 2, 3]);
  }
});

test('notifies while work is pending add nothing; work waiting past a reset is dropped', (t) => {
  const d = new TestDriver();
  d.init();
  d.notify();
  d.notify();
  t.is(d.m.events.size, 1);
  d.settle();
  d.setU32(BUFS, 0);
  d.setDesc(0, BUFS, 16, 1, 1);
  d.setDesc(1, BUFS + 0x10, 1, 2);
  d.offer(0);
  d.notify();
  d.setReg(R.status, 0);
  d.settle();
  t.is(d.usedIdx(), 0, 'the reset came first');
});

test('negotiation: a legacy driver\'s features take effect at once, a modern one\'s at FEATURES_OK, never after it', (t) => {
  const legacy = new TestDriver();
  legacy.setReg(R.status, STATUS.ack | STATUS.driver);
  legacy.setReg(R.driverFeatures, 0xffff_ffff);
  t.is(legacy.slot.accepted[0], legacy.slot.offered[0], 'masked with the offered bits');
  legacy.setReg(R.driverFeaturesSel, 1);
  legacy.setReg(R.driverFeatures, 1);
  t.is(legacy.slot.accepted[1], 0, 'legacy has one word');
  const modern = new TestDriver({ modern: true });
  modern.setReg(R.status, STATUS.ack | STATUS.driver);
  modern.setReg(R.driverFeaturesSel, 1);
  modern.setReg(R.driverFeatures, 1);
  t.deepEqual(modern.slot.accepted, [0, 0], 'not before FEATURES_OK');
  modern.setReg(R.status, STATUS.ack | STATUS.driver | STATUS.featuresOk);
  t.deepEqual(modern.slot.accepted, [0, 1]);
  modern.setReg(R.driverFeatures, 0x101);
  modern.setReg(R.status, STATUS.ack | STATUS.driver | STATUS.featuresOk | STATUS.driverOk);
  t.deepEqual(modern.slot.accepted, [0, 1], 'not after');
});

test('queues: QueueNumMax 1024 for queue 0 only; QueueNum takes 1..1024; a legacy PFN reads back and 0 resets the device', (t) => {
  const d = new TestDriver();
  d.setReg(R.queueSel, 1);
  t.is(d.reg(R.queueNumMax), 0);
  d.setReg(R.queueSel, 0);
  t.is(d.reg(R.queueNumMax), 1024);
  d.setReg(R.guestPageSize, 4096);
  d.setReg(R.queuePfn, QUEUE / 4096);
  t.is(d.reg(R.queuePfn), QUEUE / 4096);
  d.setReg(R.guestPageSize, 0x1000_0000); // the lowest set bit is the page size
  t.is(d.reg(R.queuePfn), Math.floor(QUEUE / 0x1000_0000));
  d.setReg(R.status, 3);
  d.setReg(R.queuePfn, 0);
  t.is(d.reg(R.status), 0, 'QueuePFN 0 resets');
  t.is(d.reg(R.queuePfn), 0);
  // A queue of 3 (not a power of two: QEMU takes it) works; 0 and 1025 are ignored, leaving it at 3.
  const e = new TestDriver({ size: 3 });
  e.init();
  e.setReg(R.queueNum, 1025);
  e.setReg(R.queueNum, 0);
  for (let i = 0; i < 5; i++) t.is(read(e, i), 0);
  t.is(e.usedIdx(), 5);
  t.deepEqual(e.usedElem(4), { id: 0, len: 513 });
});

test('legacy: the used ring starts at the first QueueAlign boundary after the available ring (QEMU\'s rule)', (t) => {
  const d = new TestDriver({ size: 16 });
  d.init();
  d.setReg(R.queueAlign, 64); // desc 256 bytes, avail 4 + 32: used at 320
  d.setU32(BUFS, 0);
  d.setDesc(0, BUFS, 16, 1, 1);
  d.setDesc(1, BUFS + 0x10, 1, 2);
  d.offer(0);
  d.notify();
  d.settle();
  t.is(d.u16(QUEUE + 320 + 2), 1);
});

test('the interrupt line: each completion reports it, InterruptACK lowers it, reset clears InterruptStatus', (t) => {
  const d = new TestDriver();
  d.init();
  const plic = d.m.plic;
  plic.write(4, 4, 1);
  plic.write(0x2000, 4, 2);
  t.is(read(d, 1), 0);
  t.is(d.reg(R.isr), 1);
  t.is(plic.read(0x1000, 4), 2, 'pending at the PLIC');
  t.is(plic.read(0x20_0004, 4), 1, 'claimed');
  plic.write(0x20_0004, 4, 1);
  t.is(plic.read(0x1000, 4), 0, 'not pending again at completion: nothing new was reported');
  t.is(read(d, 2), 0);
  t.is(plic.read(0x1000, 4), 2, 'the next completion reports it again');
  d.setReg(R.ack, 1);
  t.is(d.reg(R.isr), 0);
  t.is(plic.read(0x1000, 4), 0, 'acknowledged: the line is low, nothing pending');
  read(d, 3);
  d.setReg(R.status, 0);
  t.is(d.reg(R.isr), 0);
});

test('QueueReset resets one queue when VIRTIO_F_RING_RESET was negotiated, and is ignored otherwise (as by QEMU, which offers the bit)', (t) => {
  const plain = new TestDriver({ modern: true });
  plain.init([0, 1]);
  plain.setReg(R.queueReset, 1);
  t.is(plain.reg(R.queueReady), 1);
  t.is(plain.reg(R.queueReset), 0);
  const d = new TestDriver({ modern: true });
  d.init([0, 1 | (1 << (F.ringReset - 32))]);
  t.is(read(d, 1), 0);
  d.setReg(R.queueReset, 1);
  t.is(d.reg(R.queueReady), 0);
  t.is(d.reg(R.queueReset), 1);
  d.setReg(R.queueNum, 8);
  d.setReg(R.descLow, d.desc);
  d.setReg(R.driverLow, d.avail);
  d.setReg(R.deviceLow, d.used);
  d.m.bus.u8.fill(0, QUEUE - 0x8000_0000, QUEUE - 0x8000_0000 + 0x3000);
  d.availIdx = 0;
  d.setReg(R.queueReady, 1);
  t.is(d.reg(R.queueReset), 0);
  t.is(read(d, 2), 0, 'the queue starts over from index 0');
  t.is(d.usedIdx(), 1);
});

test('configuration: writes reach only `writeback`; write-through flushes every write; reads past the end are all ones', (t) => {
  const d = new TestDriver();
  d.init();
  const cfg = VIRTIO_MMIO_BASE + R.config;
  d.m.bus.write(cfg, 4, 0x1234); // capacity: read-only
  t.is(d.m.bus.read(cfg, 4), 128);
  d.m.bus.write(cfg + BLK_CONFIG.writeback, 1, 0);
  t.is(d.m.bus.read(cfg + BLK_CONFIG.writeback, 1), 0);
  const before = d.disk.flushes;
  d.request(1, 5, [{ addr: BUFS + 0x1000, len: 512, write: false }]);
  t.is(d.disk.flushes, before + 1, 'a write-through write is flushed');
  d.m.bus.write(cfg + BLK_CONFIG.writeback, 4, 0x0001_0001); // a word over writeback and num_queues
  t.is(d.m.bus.read(cfg + BLK_CONFIG.writeback, 4), 0x0001_0001);
  t.is(d.m.bus.read(cfg + 0x3c, 4), 0xffff_ffff);
  t.is(d.m.bus.read(cfg + 0x38, 2), 0xffff);
  t.is(d.m.bus.read(cfg + 0x38, 1), 1);
});

test('an error puts a modern device in DEVICE_NEEDS_RESET with a configuration interrupt and a new generation; a reset recovers it', (t) => {
  const d = new TestDriver({ modern: true });
  d.init();
  const gen = d.reg(R.generation);
  d.setDesc(0, 0x1000, 16, 0); // a header in the ROM, not in RAM
  d.offer(0);
  d.notify();
  d.settle();
  t.is(d.slot.lastError, 'a buffer at 0x1000 (16 bytes) is outside RAM');
  t.is(d.reg(R.status) & STATUS.needsReset, STATUS.needsReset);
  t.is(d.reg(R.isr), 3);
  t.is(d.reg(R.generation), gen + 1);
  t.is(read(d, 1), 0xff, 'a broken device does nothing');
  d.init();
  t.is(d.slot.lastError, undefined);
  t.is(read(d, 1), 0);
});

test('a legacy device that hits an error just stops (no status bit exists for it), until reset', (t) => {
  const d = new TestDriver();
  d.init();
  d.setDesc(0, BUFS, 16, 1, 9); // next past the table
  d.offer(0);
  d.notify();
  d.settle();
  t.regex(d.slot.lastError!, /next is 9 in a 8-entry table/);
  t.is(d.reg(R.status), 0xf);
  t.is(read(d, 1), 0xff);
  d.init();
  t.is(read(d, 1), 0);
});

test('virtual time: the interrupt-driven guest takes its interrupts at the same instruction however the run is sliced', (t) => {
  const c = C_CASES.find((x) => x.name === 'virtio-xv6')!;
  const whole = runPvlab(c);
  const sliced = runPvlab(c, 0);
  let r = sliced.machine.run(997);
  while (r.stop === 'budget') r = sliced.machine.run(997);
  t.is(r.stop, 'finisher');
  t.is(sliced.machine.hart.retired(), whole.machine.hart.retired());
  t.is(sliced.machine.hart.cycles(), whole.machine.hart.cycles());
  t.deepEqual(sliced.machine.hart.trapCounts, whole.machine.hart.trapCounts);
});
