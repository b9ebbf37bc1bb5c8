/**
 * Overlays (HTIF's tohost over RAM): `Bus.overlaid` answers for a range
 * exactly as the watched lines the bus marks for them, which trap mode's
 * shadow fill relies on to keep single accesses to such a page visible.
 */
import test from 'ava';
import { Bus } from '@pvlab/hypervisor';
import { LINE, LINE_SHIFT } from '../../src/machine/bus.js';

const device = (base: number, size: number) => ({ name: 'htif', base, size, read: () => 0, write: () => true });

test('overlaid: a range touching an overlay, and only such ranges, the same answer as the watched lines', (t) => {
  const bus = new Bus(1 << 20);
  const base = bus.ramBase + 0x3ff8; // the last 8 bytes of a page, as a tohost at a page's end
  bus.overlay(device(base, 16)); // and the first 8 of the next
  for (const page of [0x2000, 0x3000, 0x4000, 0x5000].map((o) => bus.ramBase + o)) {
    const first = (page - bus.ramBase) >>> LINE_SHIFT;
    let watched = false;
    for (let l = first; l < first + (4096 >>> LINE_SHIFT); l++) if (bus.slowLines[l] & LINE.watched) watched = true;
    t.is(bus.overlaid(page, 4096), watched, `page 0x${page.toString(16)}`);
  }
  t.true(bus.overlaid(bus.ramBase + 0x3000, 4096));
  t.true(bus.overlaid(bus.ramBase + 0x4000, 4096));
  t.false(bus.overlaid(bus.ramBase + 0x2000, 4096));
  t.false(bus.overlaid(bus.ramBase + 0x3000, 0xff8));
  t.true(bus.overlaid(bus.ramBase + 0x3000, 0xff9));
  t.false(bus.overlaid(bus.ramBase + 0x4008, 4096 - 8));
});
