/**
 * The disassembler on compressed code: all 49,152 halfwords, one after
 * another, listed as objdump 2.40 lists them (both alias modes, address
 * memory between c.lui and c.addi included), against the record of
 * ../isa/_helpers/halfwords.ts; and the 16-bit API.
 */
import test from 'ava';
import { ALIASES, compressedAliasRuleOf, disassembleCompressed, disassembleImage } from '../../src/disasm/index.js';
import { compressedByName } from '../../src/isa/index.js';
import { hasGnuTools, REQUIRE_TOOLS_ENV } from '../_helpers/gnu.js';
import { halfwordBytes, HALFWORDS, readRecord, recordFromTools, textsOf, type HalfwordRecord } from '../isa/_helpers/halfwords.js';

const live = hasGnuTools();
const record: HalfwordRecord | undefined = live ? recordFromTools() : readRecord();
const missing = !record ? (process.env[REQUIRE_TOOLS_ENV] === '1' ? 'binutils are required' : 'no golden record') : undefined;

for (const [mode, aliases] of [['objdump -d', true], ['objdump -d -M no-aliases', false]] as const) {
  test(`every halfword lists as ${mode} lists it`, (t) => {
    if (missing) return t.fail(missing);
    const lines = disassembleImage(halfwordBytes(), 0, { aliases, rvc: true, symbols: [{ name: '.text', value: 0 }] });
    t.is(lines[1], '00000000 <.text>:');
    const ours = textsOf(lines);
    const want = aliases ? record!.listing : record!.raw;
    const wrong = ours.map((x, i) => (x === want[i] ? '' : `${HALFWORDS[i].toString(16)}: objdump '${want[i]}', pvlab '${x}'`)).filter(Boolean);
    t.deepEqual(wrong.slice(0, 20), []);
  });
}

test('disassembleCompressed: text, length 2, the row and the base row it expands to', (t) => {
  const d = disassembleCompressed(0x0505, 0x100);
  t.like(d, { text: 'add\ta0,a0,1', mnemonic: 'add', operands: 'a0,a0,1', length: 2 });
  t.is(d.cspec?.name, 'c.addi');
  t.is(d.spec?.name, 'addi');
  t.is(disassembleCompressed(0x0505, 0x100, { aliases: false }).text, 'c.addi\ta0,1');
  t.like(disassembleCompressed(0xa001, 0x100, { aliases: false }), { text: 'c.j\t0x100', target: 0x100 });
  t.like(disassembleCompressed(0x9001, 0), { text: 'srl\ts0,s0,0x20', spec: undefined, cspec: undefined }, 'reserved on RV32, but objdump decodes it');
  t.like(disassembleCompressed(0x2002, 0), { text: '.2byte\t0x2002', spec: undefined }, 'c.fld: no D here');
});

test('without the C extension a 16-bit parcel lists as .2byte, as objdump does for an rv32ima object', (t) => {
  t.deepEqual(disassembleImage(new Uint8Array([0x05, 0x05]), 0, {}).slice(2), ['   0:\t0505                \t.2byte\t0x505']);
  t.deepEqual(disassembleImage(new Uint8Array([0x05, 0x05]), 0, { rvc: true }).slice(2), ['   0:\t0505                \tadd\ta0,a0,1']);
});

test('every compressed alias rule prints some halfword, and objdump printed its mnemonic there', (t) => {
  if (missing) return t.fail(missing);
  const hits = new Set<unknown>();
  const wrong: string[] = [];
  HALFWORDS.forEach((h, i) => {
    const rule = compressedAliasRuleOf(h);
    if (!rule) return;
    hits.add(rule);
    if (record!.listing[i].split('\t')[0] !== rule.alias) wrong.push(`${h.toString(16)}: rule ${rule.alias}, objdump ${record!.listing[i]}`);
  });
  t.deepEqual(wrong.slice(0, 10), []);
  t.deepEqual(ALIASES.filter((r) => compressedByName(r.of) && !hits.has(r)).map((r) => `${r.alias} (${r.of})`), []);
});
