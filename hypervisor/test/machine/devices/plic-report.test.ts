/**
 * The PLIC's two kinds of source, case by case (the devices README has the
 * table): a `'level'` source follows the specification's level gateway (the
 * UART), a `'report'` source QEMU 7.2's PLIC, for devices that report their
 * level at every event (virtio-mmio). A real guest depends on the second:
 * a driver that never writes virtio's InterruptACK gets one interrupt per
 * completion on QEMU, and would get interrupts forever from a level gateway.
 */
import test from 'ava';
import { Plic } from '../../../src/machine/devices/plic.js';
import { FakeIrq } from './_helpers/fakes.js';

const PENDING = 0x1000, ENABLE0 = 0x2000, CLAIM0 = 0x20_0004;

function plic(kind: 'level' | 'report') {
  const meip = new FakeIrq();
  const dev = new Plic({ meip, seip: new FakeIrq() });
  const line = dev.source(1, kind);
  dev.write(4, 4, 1); // priority 1
  dev.write(ENABLE0, 4, 1 << 1);
  return { dev, meip, line, pending: () => ((dev.read(PENDING, 4) as number) >>> 1) & 1, claim: () => dev.read(CLAIM0, 4), complete: () => dev.write(CLAIM0, 4, 1) };
}

test('a rising level makes either kind pending, and a claim takes it', (t) => {
  for (const kind of ['level', 'report'] as const) {
    const p = plic(kind);
    p.line.set(true);
    t.is(p.pending(), 1, kind);
    t.true(p.meip.level);
    t.is(p.claim(), 1);
    t.is(p.pending(), 0);
    t.false(p.meip.level);
  }
});

test('completion with the line still high: a level source is pending again (specification), a report source is not (QEMU)', (t) => {
  const level = plic('level');
  level.line.set(true);
  level.claim();
  level.complete();
  t.is(level.pending(), 1);
  t.true(level.meip.level);
  const report = plic('report');
  report.line.set(true);
  report.claim();
  report.complete();
  t.is(report.pending(), 0);
  t.false(report.meip.level);
});

test('a report of the same high level is a new request for a report source, nothing for a level source', (t) => {
  const report = plic('report');
  report.line.set(true);
  report.claim();
  report.line.set(true); // the device completed another request while the first is in flight
  t.is(report.pending(), 1, 'pending while in flight, as QEMU');
  t.is(report.claim(), 0, 'not claimable while in flight');
  report.complete();
  t.is(report.claim(), 1, 'claimable after completion');
  const level = plic('level');
  level.line.set(true);
  level.claim();
  level.line.set(true);
  t.is(level.pending(), 0);
});

test('a low report clears the pending bit of either kind (QEMU\'s pending bit follows the line)', (t) => {
  for (const kind of ['level', 'report'] as const) {
    const p = plic(kind);
    p.line.set(true);
    p.line.set(false);
    t.is(p.pending(), 0, kind);
    t.false(p.meip.level);
  }
});

test('a driver that never acknowledges: one interrupt per completion from a report source, an endless stream from a level one', (t) => {
  const run = (kind: 'level' | 'report') => {
    const p = plic(kind);
    let interrupts = 0;
    for (let completion = 0; completion < 5; completion++) {
      p.line.set(true); // the device reports InterruptStatus != 0 at each completion; nobody acknowledges it
      // The hart takes external interrupts while MEIP is high: claim, handle, complete (bounded here).
      for (let i = 0; i < 1000 && p.meip.level; i++) {
        if (p.claim() === 1) interrupts++;
        p.complete();
      }
    }
    return interrupts;
  };
  t.is(run('report'), 5);
  t.is(run('level'), 5000);
});
