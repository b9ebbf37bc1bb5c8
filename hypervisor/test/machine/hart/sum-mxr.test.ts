/**
 * sstatus.SUM and MXR (privileged §3.1.6.3) as the TLB keeps them
 * (mmu.ts, `narrowed`): clearing either drops the data entries it decided,
 * so the next such access walks and faults as the specification says;
 * setting either drops nothing (entries exist only for accesses allowed);
 * fetch entries stay, and so does the epoch compiled code checks.
 */
import test from 'ava';
import { MSTATUS, PRIV, PTE, sv32Satp } from '@pvlab/assembler';
import { Bus, Hart } from '@pvlab/hypervisor';
import { FETCH, LOAD, STORE } from '../../../src/machine/hart/mmu.js';

const RAM = 0x8000_0000;
const ROOT = RAM + 0x10_0000, LEAF = RAM + 0x10_1000;
const USER_VA = 0x4000_0000, USER_PAGE = RAM + 0x20_0000; // a U page, R W
const XONLY_VA = 0x4000_1000, XONLY_PAGE = RAM + 0x20_1000; // an S page, execute only
const CODE_VA = 0x4000_2000, CODE_PAGE = RAM + 0x20_2000; // an S page, R X

function hart(): Hart {
  const bus = new Bus(4 << 20);
  const h = new Hart(bus, { now: () => 0 });
  const w = (pa: number, v: number) => (bus.i32[(pa - RAM) >>> 2] = v | 0);
  const leaf = (pa: number, flags: number) => ((pa >>> 12) << 10) | flags | PTE.V | PTE.A | PTE.D;
  w(ROOT + (USER_VA >>> 22) * 4, ((LEAF >>> 12) << 10) | PTE.V);
  w(LEAF + ((USER_VA >>> 12) & 1023) * 4, leaf(USER_PAGE, PTE.U | PTE.R | PTE.W));
  w(LEAF + ((XONLY_VA >>> 12) & 1023) * 4, leaf(XONLY_PAGE, PTE.X));
  w(LEAF + ((CODE_VA >>> 12) & 1023) * 4, leaf(CODE_PAGE, PTE.R | PTE.X));
  // PMP entry 0 open to S and U (NAPOT, RWX over everything), as firmware sets it.
  h.csr(0x3b0, 1, -1, true, 0);
  h.csr(0x3a0, 1, 0x1f, true, 0);
  h.setSatp(sv32Satp(ROOT));
  h.setPriv(PRIV.S);
  return h;
}

test('SUM cleared: an S load or store of a U page cached under SUM faults again; fetches and the epoch stay', (t) => {
  const h = hart(), mmu = h.mmu;
  h.setMstatus(h.mstatus | MSTATUS.SUM);
  t.is(mmu.translate(USER_VA, 4, LOAD, PRIV.S), USER_PAGE);
  t.is(mmu.translate(USER_VA, 4, STORE, PRIV.S), USER_PAGE);
  t.is(mmu.translate(CODE_VA, 4, FETCH, PRIV.S), CODE_PAGE);
  t.is(mmu.cached(USER_VA, 4, LOAD, PRIV.S), USER_PAGE, 'the load is cached');
  const epoch = mmu.epoch;
  h.setMstatus(h.mstatus & ~MSTATUS.SUM);
  t.is(mmu.cached(USER_VA, 4, LOAD, PRIV.S), -1);
  t.is(mmu.cached(USER_VA, 4, STORE, PRIV.S), -1);
  t.is(mmu.translate(USER_VA, 4, LOAD, PRIV.S), -1, 'walks again, and faults');
  t.is(h.excCause, 13); // load page fault
  h.excCause = -1;
  t.is(mmu.cached(CODE_VA, 4, FETCH, PRIV.S), CODE_PAGE, 'the fetch entry stays');
  t.is(mmu.epoch, epoch, 'compiled code need not leave its region');
});

test('SUM or MXR set drops nothing: entries exist only for accesses allowed', (t) => {
  const h = hart(), mmu = h.mmu;
  t.is(mmu.translate(CODE_VA, 4, LOAD, PRIV.S), CODE_PAGE);
  h.setMstatus(h.mstatus | MSTATUS.SUM | MSTATUS.MXR);
  t.is(mmu.cached(CODE_VA, 4, LOAD, PRIV.S), CODE_PAGE);
  t.is(mmu.translate(USER_VA, 4, LOAD, PRIV.S), USER_PAGE, 'now allowed');
});

test('MXR cleared: a load of an execute-only page cached under MXR faults again, in S and U', (t) => {
  const h = hart(), mmu = h.mmu;
  h.setMstatus(h.mstatus | MSTATUS.MXR);
  t.is(mmu.translate(XONLY_VA, 4, LOAD, PRIV.S), XONLY_PAGE);
  h.setMstatus(h.mstatus & ~MSTATUS.MXR);
  t.is(mmu.cached(XONLY_VA, 4, LOAD, PRIV.S), -1);
  t.is(mmu.translate(XONLY_VA, 4, LOAD, PRIV.S), -1);
  t.is(h.excCause, 13);
});
