/**
 * How many PMP entries the hart has (`--pmp N`, MachineOptions.pmp): 16 by
 * default, as QEMU; 0 as QEMU's `-cpu rv32,pmp=false` — no PMP CSRs, and
 * S/U accesses are not checked, so an OS that never sets PMP up runs
 * (pmp-off.c against QEMU both ways); anything between has the rest
 * read-only zero.
 */
import test from 'ava';
import { BoardError, ISAS, Machine, misaOf } from '@pvlab/hypervisor';
import { Pmp } from '../../../src/machine/hart/pmp.js';
import { C_CASES } from '../_programs/c/cases.js';
import { differentialTests } from '../_programs/c/differential.js';

differentialTests(C_CASES.filter((c) => c.program === 'pmp-off'));

test('with no entries S and U accesses are allowed; with entries, all OFF, they fail (§3.7.1)', (t) => {
  const p = new Pmp();
  t.false(p.check(0x8000_0000, 4, 1, 1));
  p.setCount(0);
  t.true(p.check(0x8000_0000, 4, 1, 1));
  t.true(p.check(0x8000_0000, 4, 4, 0));
});

test('entries past the count are read-only zero; the count is 0..16', (t) => {
  const p = new Pmp();
  p.setCount(4);
  p.writeAddr(3, 0x1234);
  p.writeAddr(4, 0x1234);
  t.is(p.readAddr(3), 0x1234);
  t.is(p.readAddr(4), 0);
  p.writeCfg(0, 0x1f1f_1f1f);
  p.writeCfg(1, 0x1f1f_1f1f);
  t.is(p.readCfg(0), 0x1f1f_1f1f);
  t.is(p.readCfg(1), 0);
  t.throws(() => p.setCount(17), { instanceOf: RangeError });
  t.throws(() => new Machine({ pmp: 17 }), { instanceOf: BoardError, message: 'a hart has 0 to 16 PMP entries (0: no PMP), not 17' });
  t.is(new Machine({ pmp: 3 }).hart.pmp.count, 3);
  t.is(new Machine().hart.pmp.count, 16);
});

test('the ISA option: rv32imac by default, as QEMU (misa A C I M S U, C writable); rv32ima selectable', (t) => {
  t.is(new Machine().hart.misa, 0x4014_1105);
  t.is(new Machine().hart.misaWritable, 1 << 2);
  t.is(new Machine({ isa: 'rv32imac' }).hart.misa, 0x4014_1105);
  t.is(new Machine({ isa: 'rv32ima' }).hart.misa, 0x4014_1101);
  t.is(new Machine({ isa: 'rv32ima' }).hart.misaWritable, 0);
  t.is(misaOf('rv32imac'), 0x4014_1105);
  t.is(ISAS.rv32imac.dt, 'rv32imac_zicsr_zifencei_zihintpause_sstc');
  t.throws(() => new Machine({ isa: 'rv64gc' as never }), { instanceOf: BoardError, message: "unknown ISA 'rv64gc' (rv32ima, rv32imac)" });
});
