/** The built-in catalogue: standard ids where SBI defines them, pvlab's in its block, everything documented. */
import test from 'ava';
import { ALL_HYPERCALLS, CATALOGUE, EID_RANGES, HYPERCALLS, isPvlabEid, validatorErrors } from '@pvlab/hypercall-abi';

test('standard SBI extensions and functions keep their SBI ids (SBI §4, §6, §10, §12)', (t) => {
  const ids = Object.fromEntries(ALL_HYPERCALLS.map((c) => [c.name, [c.eid, c.fid]]));
  t.like(ids, {
    spec_version: [0x10, 0], impl_id: [0x10, 1], impl_version: [0x10, 2], probe_extension: [0x10, 3], mvendorid: [0x10, 4], marchid: [0x10, 5], mimpid: [0x10, 6],
    set_timer: [0x5449_4d45, 0],
    console_write: [0x4442_434e, 0], console_read: [0x4442_434e, 1], console_write_byte: [0x4442_434e, 2],
    system_reset: [0x5352_5354, 0],
  });
});

test("SBI's argument layouts: DBCN is (num_bytes, base_addr_lo, base_addr_hi), set_timer a lo/hi pair, SRST (type, reason)", (t) => {
  const regs = (name: keyof typeof HYPERCALLS) => HYPERCALLS[name].slots.map((s) => `a${s.reg}=${s.param}`);
  t.deepEqual(regs('console_write'), ['a0=len', 'a1=buf_lo', 'a2=buf_hi']);
  t.deepEqual(regs('console_read'), ['a0=len', 'a1=buf_lo', 'a2=buf_hi']);
  t.deepEqual(regs('set_timer'), ['a0=stime_value_lo', 'a1=stime_value_hi']);
  t.deepEqual(regs('system_reset'), ['a0=reset_type', 'a1=reset_reason']);
  t.deepEqual(regs('mmu_update'), ['a0=reqs', 'a1=count', 'a2=flags', 'a3=va']);
  t.deepEqual(regs('multicall'), ['a0=entries', 'a1=count']);
});

test("pvlab's extensions are in its block of the experimental space; ids and names are unique", (t) => {
  for (const e of CATALOGUE.filter((x) => x.prefix === 'PVLAB')) t.true(isPvlabEid(e.eid), e.name);
  t.is(EID_RANGES.pvlab.first, EID_RANGES.experimental.first);
  t.is(new Set(CATALOGUE.map((e) => e.eid)).size, CATALOGUE.length);
  t.is(new Set(ALL_HYPERCALLS.map((c) => c.name)).size, ALL_HYPERCALLS.length);
  t.deepEqual(CATALOGUE.map((e) => e.name), ['base', 'time', 'dbcn', 'srst', 'mmu', 'multicall', 'sched', 'bench', 'grant', 'evtchn', 'blkif', 'netif', 'memory']);
});

test('every call is documented, has an example, and declares every error its validation can produce', (t) => {
  for (const c of ALL_HYPERCALLS) {
    t.true(c.doc.length > 20, c.name);
    t.truthy(c.example, c.name);
    for (const a of Object.values(c.args)) t.true(a.doc.length > 0, c.name);
    for (const e of validatorErrors(c)) t.true(c.errors.includes(e), `${c.name}: ${e}`);
  }
});
