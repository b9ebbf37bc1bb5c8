/**
 * The debugger's Sv32 walk against the hart's own MMU: random page tables
 * (4 KiB pages, megapages, misaligned megapages, invalid and reserved
 * entries, pointers to nowhere) in a board's RAM, and for every address the
 * walk finds what the hart translates — without writing a byte (the hart's
 * walk sets A and D; the tables here have them set, so both leave RAM as is).
 */
import test from 'ava';
import { PMP, PMP_MATCH, PRIV, PTE, PTE_PPN_SHIFT, pmpCfg, sv32Satp } from '@pvlab/assembler';
import { Machine } from '../../src/machine/machine.js';
import { LOAD } from '../../src/machine/hart/mmu.js';
import { pteFlags, walkSv32 } from '../../src/gdb/sv32-walk.js';

const RAM = 0x8000_0000;

test('the walk finds what the hart finds, on 20 random sets of tables', (t) => {
  let seed = 7;
  const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed % n);
  let checked = 0;
  let mapped = 0;
  const wrong: string[] = [];
  const m = new Machine({ ramSize: 16 << 20 });
  const h = m.hart;
  for (let round = 0; round < 20; round++) {
    m.bus.u8.fill(0, 0x10_0000, 0x15_0000);
    const written = new Set<number>();
    const root = RAM + 0x10_0000;
    const leaf = PTE.V | PTE.R | PTE.W | PTE.X | PTE.A | PTE.D;
    const w = (pa: number, v: number) => m.bus.write(pa, 4, v >>> 0);
    // The root's entries: some megapages (some misaligned), some pointers to level-0 tables, some junk.
    for (let i = 0; i < 1024; i++) {
      const kind = rand(8);
      const at = root + 4 * i;
      if (kind === 0) w(at, ((RAM >>> 12) + rand(4) * 1024) << PTE_PPN_SHIFT | leaf);
      else if (kind === 1) w(at, ((RAM >>> 12) + 1 + rand(1000)) << PTE_PPN_SHIFT | leaf);
      else if (kind === 2) {
        const table = root + 0x1000 * (1 + (i % 64));
        w(at, (table >>> 12) << PTE_PPN_SHIFT | PTE.V);
        if (written.has(table)) continue;
        written.add(table);
        for (let j = 0; j < 1024; j++) {
          const e = rand(6);
          w(table + 4 * j, e === 0 ? 0 : e === 1 ? ((RAM >>> 12) + rand(4096)) << PTE_PPN_SHIFT | PTE.V | PTE.W | PTE.A | PTE.D : ((RAM >>> 12) + rand(4096)) << PTE_PPN_SHIFT | leaf);
        }
      } else if (kind === 3) w(at, (0x10_0000 >>> 12) << PTE_PPN_SHIFT | PTE.V); // a table outside RAM
      else w(at, 0);
    }
    const satp = sv32Satp(root);
    // PMP open over everything (S-mode accesses matching no entry would fail), as a firmware leaves it.
    h.setPriv(PRIV.M);
    h.pmp.writeAddr(0, 0xffff_ffff);
    h.pmp.writeCfg(0, pmpCfg(PMP_MATCH.NAPOT, PMP.R | PMP.W | PMP.X));
    h.pmpChanged();
    h.setSatp(satp);
    h.setPriv(PRIV.S);
    const before = m.bus.u8.slice(0x10_0000, 0x15_0000);
    const read = (pa: number) => (m.bus.isRam(pa, 4) ? m.bus.read(pa, 4) : undefined);
    for (let k = 0; k < 400; k++) {
      const va = (rand(1024) << 22) | (rand(1024) << 12) | rand(4096);
      const walk = walkSv32(satp, va, read);
      const pa = h.mmu.translate(va >>> 0, 1, LOAD, PRIV.S);
      h.excCause = -1;
      if ((walk.pa ?? -1) !== pa) wrong.push(`va ${(va >>> 0).toString(16)}: ${walk.pa?.toString(16)} vs ${pa.toString(16)}`);
      if (walk.pa !== undefined) mapped++;
      checked++;
    }
    if (Buffer.compare(m.bus.u8.subarray(0x10_0000, 0x15_0000), before) !== 0) wrong.push(`round ${round}: a table changed`);
  }
  t.deepEqual(wrong.slice(0, 5), []);
  t.true(mapped > checked / 10, `${mapped} of ${checked} mapped`);
});

test('translation off: the address itself; flags read as the specification draws them', (t) => {
  t.deepEqual(walkSv32(0, 0x1234, () => 0), { levels: [], pa: 0x1234 });
  t.is(pteFlags(PTE.V | PTE.R | PTE.X | PTE.A), '-A--X-RV');
});
