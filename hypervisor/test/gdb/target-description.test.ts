/**
 * The target description (target-description.ts) comes from the
 * assembler's CSR table, and agrees with QEMU's: QEMU 7.2's description for
 * its rv32 `virt` hart, as gdb-multiarch printed it (`maint print
 * xml-tdesc`, committed in _golden/), names the general registers the same
 * way and numbers every CSR both have by the same CSR number.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSRS } from '@pvlab/assembler';
import { REG, TARGET_XML, csrOfRegister } from '../../src/gdb/target-description.js';

const QEMU = readFileSync(join(import.meta.dirname, '_golden/qemu-7.2-tdesc.xml'), 'utf8');

type Reg = { name: string; regnum: number; type?: string; feature: string };
function registers(xml: string): Reg[] {
  const out: Reg[] = [];
  let feature = '';
  for (const m of xml.matchAll(/<feature name="([^"]+)"|<reg ([^>]*)\/>/g)) {
    if (m[1]) feature = m[1];
    else {
      const attr = (k: string) => new RegExp(`${k}="([^"]*)"`).exec(m[2])?.[1];
      out.push({ name: attr('name')!, regnum: Number(attr('regnum')), type: attr('type'), feature });
    }
  }
  return out;
}

const ours = registers(TARGET_XML);
const qemu = registers(QEMU);

test('the description is well formed: one target, features closed, no register twice', (t) => {
  t.regex(TARGET_XML, /^<\?xml version="1.0"\?>\n<!DOCTYPE target SYSTEM "gdb-target.dtd">\n<target version="1.0">/);
  t.is((TARGET_XML.match(/<feature /g) ?? []).length, (TARGET_XML.match(/<\/feature>/g) ?? []).length);
  t.is(new Set(ours.map((r) => r.name)).size, ours.length);
  t.is(new Set(ours.map((r) => r.regnum)).size, ours.length);
});

test('every CSR the hart implements, and no other, numbered 65 + its number', (t) => {
  const csrs = ours.filter((r) => r.feature === 'org.gnu.gdb.riscv.csr');
  t.deepEqual(csrs.map((r) => r.name), CSRS.filter((c) => c.implemented).map((c) => c.name));
  for (const r of csrs) t.is(csrOfRegister(r.regnum), CSRS.find((c) => c.name === r.name)!.number);
  t.is(csrOfRegister(REG.firstCsr + 0x7b0), undefined, 'dcsr: not implemented');
  t.deepEqual(ours.filter((r) => r.feature === 'org.gnu.gdb.riscv.virtual'), [{ name: 'priv', regnum: REG.priv, type: 'int', feature: 'org.gnu.gdb.riscv.virtual' }]);
});

test("the general registers and pc are QEMU's: names, types, numbers", (t) => {
  const cpu = (rs: Reg[]) => rs.filter((r) => r.feature === 'org.gnu.gdb.riscv.cpu');
  t.deepEqual(cpu(ours), cpu(qemu));
  t.is(cpu(ours).length, 33);
});

test('a CSR both descriptions have is the same CSR (QEMU numbers them 66 + their number)', (t) => {
  const theirs = new Map(qemu.filter((r) => r.feature === 'org.gnu.gdb.riscv.csr').map((r) => [r.name, r.regnum - 66]));
  let shared = 0;
  for (const r of ours.filter((x) => x.feature === 'org.gnu.gdb.riscv.csr')) {
    const n = theirs.get(r.name);
    if (n === undefined) continue;
    shared++;
    t.is(r.regnum - REG.firstCsr, n, r.name);
  }
  t.true(shared > 100, `${shared} CSRs in both`);
});
