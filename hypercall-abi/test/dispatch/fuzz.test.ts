/**
 * A seeded fuzz of 100,000 random hypercalls (a7, a6, a0..a5) through
 * `dispatch` against the built-in catalogue and a fake VM whose memory is
 * random bytes (so multicall batches are random too) and whose page table
 * mixes good, read-only, unmapped and foreign pages. No exception escapes,
 * a0 is always an SBI code, and the VM's memory is never asked for anything
 * outside its RAM.
 */
import test from 'ava';
import { CATALOGUE, SBI_ERRORS, createRegistry, dispatch, formatTrace, sbiErrorName } from '@pvlab/hypercall-abi';
import { FakeGuestMemory, FakeRegisters, PAGE, fakeVm, type FakeVm } from '../_helpers/fake-vm.js';
import { testHandlers } from '../_helpers/handlers.js';
import { mulberry32 } from '../_helpers/prng.js';

const CALLS = 100_000;
const BASE = 0x8000_0000, SIZE = 0x10_0000;

function hostileVm(rand: () => number): FakeVm {
  const m = new FakeGuestMemory(BASE, SIZE);
  for (let i = 0; i < SIZE; i += 4) new DataView(m.bytes.buffer).setUint32(i, (rand() * 2 ** 32) >>> 0, true);
  for (let p = 0; p < SIZE / PAGE; p++) {
    const kind = rand();
    const va = BASE + p * PAGE;
    if (kind < 0.6) m.map(va, va, PAGE);
    else if (kind < 0.75) m.map(va, va, PAGE, { w: false });
    else if (kind < 0.85) m.map(va, BASE + SIZE + p * PAGE, PAGE); // another VM's memory
    else if (kind < 0.9) m.map(va, BASE + ((p * 7) % (SIZE / PAGE)) * PAGE, PAGE); // aliased, out of order
    // else unmapped
  }
  return fakeVm(m);
}

test(`${CALLS} random hypercalls: no exception, only SBI codes, no access outside the VM`, (t) => {
  const rand = mulberry32(0x5eed_4c11);
  const vm = hostileVm(rand);
  const registry = createRegistry<FakeVm>({ handlers: testHandlers });
  const eids = CATALOGUE.map((e) => e.eid);
  const calls = CATALOGUE.flatMap((e) => e.list);
  const word = (): number => {
    const k = rand();
    if (k < 0.25) return (rand() * 2 ** 32) >>> 0;
    if (k < 0.5) return Math.floor(rand() * 64);
    if (k < 0.8) return (BASE + Math.floor(rand() * (SIZE + 2 * PAGE)) - PAGE) >>> 0; // near and across the RAM's ends
    if (k < 0.9) return (0x1_0000_0000 - Math.floor(rand() * 2 * PAGE)) >>> 0; // near 2^32
    return (BASE + Math.floor(rand() * (SIZE / PAGE)) * PAGE - Math.floor(rand() * 16)) >>> 0; // page edges
  };
  const codes = new Set<number>(Object.values(SBI_ERRORS).map((e) => e.code));
  const seen = new Map<string, number>();
  for (let i = 0; i < CALLS; i++) {
    // Mostly real calls (to reach validation and handlers), some known EIDs with any FID, some noise.
    const pick = rand();
    const known = calls[Math.floor(rand() * calls.length)];
    const eid = pick < 0.8 ? known.eid : pick < 0.9 ? eids[Math.floor(rand() * eids.length)] : word();
    const fid = pick < 0.8 ? known.fid : rand() < 0.5 ? Math.floor(rand() * 8) : word();
    const regs = new FakeRegisters(eid, fid, Array.from({ length: 6 }, word));
    const r = dispatch(registry, vm, regs);
    if (!codes.has(regs.written!.error) || !Number.isInteger(regs.written!.value) || regs.written!.value !== (regs.written!.value | 0)) {
      t.fail(`call ${i}: a0=${regs.written!.error} a1=${regs.written!.value}: ${formatTrace(r).join('\n')}`);
      return;
    }
    formatTrace(r); // the trace printer must cope with anything too
    const key = sbiErrorName(r.error)!;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  t.deepEqual(vm.guestMemory.violations, []);
  t.log([...seen].map(([k, v]) => `${k} ${v}`).join(', '));
  // The fuzz reaches the handlers and every validation error, not only NOT_SUPPORTED.
  for (const name of ['SUCCESS', 'NOT_SUPPORTED', 'INVALID_PARAM', 'INVALID_ADDRESS'] as const) t.true((seen.get(name) ?? 0) > 500, name);
});
