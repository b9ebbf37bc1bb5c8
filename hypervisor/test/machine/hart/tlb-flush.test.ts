/**
 * The TLB's flush empties exactly what was filled since the last one,
 * whether it remembered each fill (a few pages: an address-space switch's
 * usual case) or filled past its log and clears every set whole; and a
 * one-page flush in between leaves the rest for the next full flush.
 */
import test from 'ava';
import { Machine } from '@pvlab/hypervisor';

const LOAD = 1, STORE = 2, S = 1;

/** A board in S-mode under Sv32: RAM mapped at its own addresses by megapages (V R W X A D), PMP open. */
function paged(): Machine {
  const m = new Machine({ output: () => {} });
  const { bus, hart } = m;
  const root = bus.ramBase + bus.ramSize - 4096;
  for (let a = bus.ramBase; a < bus.ramBase + bus.ramSize; a += 1 << 22) bus.write(root + (a >>> 22) * 4, 4, (((a >>> 22) << 20) | 0xcf) >>> 0);
  hart.pmp.writeAddr(0, 0xffffffff);
  hart.pmp.writeCfg(0, 0x1f);
  hart.pmpChanged();
  hart.setSatp((0x80000000 | (root >>> 12)) >>> 0);
  hart.setPriv(S);
  return m;
}

/** Translate `pages` distinct data pages, for loads and stores, through the hart's TLB. */
function touch(m: Machine, pages: number, first = 0): void {
  for (let p = first; p < first + pages; p++) {
    const va = m.bus.ramBase + p * 4096;
    t(m.hart.mmu.translate(va, 4, LOAD, S) === va);
    t(m.hart.mmu.translate(va + 8, 4, STORE, S) === va + 8);
  }
}
let t: (ok: boolean) => void = () => {};

for (const pages of [1, 5, 31, 32, 33, 100, 300]) {
  test(`a flush after ${pages} pages were translated leaves no entry`, (a) => {
    t = (ok) => a.true(ok);
    const m = paged();
    m.hart.mmu.flush();
    touch(m, pages);
    a.is(m.hart.mmu.entries().length, Math.min(pages, 256) * 2);
    m.hart.mmu.flush();
    a.deepEqual(m.hart.mmu.entries(), []);
    // Filled again after the flush, and flushed again: the log starts over.
    touch(m, 3, 7);
    a.is(m.hart.mmu.entries().length, 6);
    m.hart.mmu.flush();
    a.deepEqual(m.hart.mmu.entries(), []);
  });
}

test('a one-page flush drops that page only, and the full flush after it the rest', (a) => {
  t = (ok) => a.true(ok);
  const m = paged();
  m.hart.mmu.flush();
  touch(m, 4);
  m.hart.mmu.flushPage(m.bus.ramBase + 4096);
  a.deepEqual(m.hart.mmu.entries().map((e) => e.va).sort(), [0, 0, 2, 2, 3, 3].map((p) => m.bus.ramBase + p * 4096).sort());
  touch(m, 1, 1); // filled again
  m.hart.mmu.flush();
  a.deepEqual(m.hart.mmu.entries(), []);
});
