/**
 * Trap mode's lazy shadow pager on its own: spaces per (root, mode), the
 * least recently used space evicted past the limit, and a pool that runs
 * out starting the VM's shadows over instead of failing.
 */
import test from 'ava';
import { PTE, SATP, satpRoot, sv32Satp } from '@pvlab/assembler';
import { Bus } from '../../../src/machine/bus.js';
import { LazyShadow, SPACE_S, SPACE_U, SHADOW_R, SHADOW_W, SHADOW_X } from '../../../src/vmm/trap/lazy-shadow.js';

const PAGE = 4096;
const POOL = 0x8010_0000;

/** A board with RAM at 0x8000_0000, a pool of `pages` pages at POOL. */
function pager(pages: number) {
  const bus = new Bus(4 << 20);
  return { bus, pager: new LazyShadow(bus, POOL, pages * PAGE) };
}
const guestRoot = (k: number) => sv32Satp(0x8040_0000 + k * PAGE);

test('a mapping is found again, with the permissions granted, and U set (the hart runs the guest in U-mode)', (t) => {
  const { bus, pager: p } = pager(16);
  const satp = p.select(guestRoot(0), SPACE_S);
  t.true((satp & SATP.MODE_SV32) !== 0);
  p.map(0x0001_2345, 0x8000_5000, SHADOW_R);
  t.is(p.lookup(0x0001_2345), 0x8000_5345);
  t.is(p.lookup(0x0001_3000), -1);
  // The leaf PTE: the permissions asked for, V U A D, in the pool.
  const root = satpRoot(satp);
  const l1 = bus.read(root + (0x0001_2345 >>> 22) * 4, 4)!;
  const leaf = bus.read((l1 >>> 10) * PAGE + ((0x0001_2345 >>> 12) & 0x3ff) * 4, 4)!;
  t.is(leaf & 0x3ff, PTE.V | PTE.R | PTE.U | PTE.A | PTE.D);
  // A second fault on the same page adds W, keeping R.
  p.map(0x0001_2000, 0x8000_5000, SHADOW_W);
  const again = bus.read((l1 >>> 10) * PAGE + ((0x0001_2000 >>> 12) & 0x3ff) * 4, 4)!;
  t.is(again & (SHADOW_R | SHADOW_W | SHADOW_X), SHADOW_R | SHADOW_W);
});

test('the same guest root in two virtual modes gets two spaces; flushPage forgets a page in all of them', (t) => {
  const { pager: p } = pager(16);
  p.select(guestRoot(0), SPACE_S);
  p.map(0x1000, 0x8000_1000, SHADOW_R);
  p.select(guestRoot(0), SPACE_U);
  t.is(p.lookup(0x1000), -1, 'a U space does not see the S space');
  p.map(0x1000, 0x8000_1000, SHADOW_R);
  t.is(p.spaceCount, 2);
  p.flushPage(0x1000);
  t.is(p.lookup(0x1000), -1);
  p.select(guestRoot(0), SPACE_S);
  t.is(p.lookup(0x1000), -1);
});

test('past 24 spaces, the least recently used one is evicted, never the current one', (t) => {
  const { pager: p } = pager(256);
  for (let k = 0; k < 24; k++) {
    p.select(guestRoot(k), SPACE_S);
    p.map(0x1000, 0x8000_1000 + k * PAGE, SHADOW_R);
  }
  t.is(p.spaceCount, 24);
  p.select(guestRoot(0), SPACE_S); // 0 is now the most recently used; 1 is the oldest
  p.select(guestRoot(99), SPACE_S);
  t.is(p.spaceCount, 24);
  p.select(guestRoot(0), SPACE_S);
  t.is(p.lookup(0x1000), 0x8000_1000, 'the recently used space survived');
  p.select(guestRoot(1), SPACE_S);
  t.is(p.lookup(0x1000), -1, 'the least recently used space was dropped');
});

test('a full pool starts the VM\'s shadows over: the mapping asked for still lands, and pages are reused, not leaked', (t) => {
  const pages = 8;
  const { pager: p } = pager(pages);
  p.select(guestRoot(0), SPACE_S);
  // Each megapage region needs its own level-0 table: more regions than the pool has pages.
  for (let k = 0; k < 3 * pages; k++) {
    const va = k << 22;
    p.map(va, 0x8000_0000 + k * PAGE, SHADOW_R);
    t.is(p.lookup(va), 0x8000_0000 + k * PAGE, `region ${k}`);
  }
  t.is(p.spaceCount, 1);
  // A thousand more spaces and mappings stay within the pool.
  for (let k = 0; k < 1000; k++) {
    p.select(guestRoot(k % 50), k % 2 ? SPACE_U : SPACE_S);
    p.map((k % 7) << 22, 0x8000_0000, SHADOW_R);
  }
  t.true(p.spaceCount <= pages);
});

test('flushAll keeps the current space, empty, and frees the rest', (t) => {
  const { pager: p } = pager(16);
  p.select(guestRoot(1), SPACE_S);
  p.map(0x2000, 0x8000_2000, SHADOW_R);
  const satp = p.select(guestRoot(0), SPACE_S);
  p.map(0x1000, 0x8000_1000, SHADOW_R);
  p.flushAll();
  t.is(p.spaceCount, 1);
  t.is(p.physicalSatp(), satp, 'the hart keeps its root');
  t.is(p.lookup(0x1000), -1);
});
