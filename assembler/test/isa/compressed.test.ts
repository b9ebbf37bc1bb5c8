/**
 * The compressed-instruction table against GNU binutils 2.40, over all
 * 65,536 halfwords: the 16,384 with low bits 11 are no compressed
 * instruction; each of the other 49,152 is decoded, expanded and
 * compressed back, and compared with objdump's decoding and with the word
 * GNU as assembles from objdump's reading of it (`_helpers/halfwords.ts`;
 * committed record, rebuilt live where binutils exists).
 */
import test from 'ava';
import {
  C_GNU_EXTRAS, C_OPERANDS, COMPRESSED, INSTRUCTIONS, compress, compressedByName, decode, encodeCompressed, expandCompressed,
  expandToWord, matchCGnuExtra, matchCompressed, unify,
} from '../../src/isa/index.js';
import { hasGnuTools, REQUIRE_TOOLS_ENV } from '../_helpers/gnu.js';
import { HALFWORDS, readRecord, recordFromTools, writeRecord, type HalfwordRecord } from './_helpers/halfwords.js';

const live = hasGnuTools();
let record: HalfwordRecord | undefined;
let problem: string | undefined;
if (live) {
  record = recordFromTools();
  if (process.env.PVLAB_UPDATE_GOLDEN === '1' || !readRecord()) writeRecord(record);
} else if (process.env[REQUIRE_TOOLS_ENV] === '1') problem = 'GNU binutils are required but not installed';
else record = readRecord() ?? (problem = 'no golden record: run _golden/generate-halfwords.ts where binutils exists', undefined);

const mnemonicOf = (text: string) => text.split('\t')[0];

test('the committed record is what binutils gives now', (t) => {
  if (problem) return t.fail(problem);
  const committed = readRecord();
  if (!committed) return t.fail('missing _golden/halfwords.json.gz');
  t.is(committed.listing.length, HALFWORDS.length);
  if (live) t.deepEqual({ ...committed, tools: '' }, { ...record!, tools: '' }, 'regenerate with PVLAB_UPDATE_GOLDEN=1');
});

test('a parcel with low bits 11 is no compressed instruction', (t) => {
  for (let h = 3; h < 65536; h += 4) t.is(matchCompressed(h), undefined);
  t.is(expandCompressed(0x4503), undefined);
});

test('each halfword decodes to the row objdump names (-M no-aliases), or is illegal where objdump prints .2byte', (t) => {
  if (problem) return t.fail(problem);
  let legal = 0;
  const wrong: string[] = [];
  HALFWORDS.forEach((h, i) => {
    const gnu = mnemonicOf(record!.raw[i]);
    const row = matchCompressed(h);
    if (row) legal++;
    // Reserved halfwords objdump still decodes: illegal for pvlab, named by C_GNU_EXTRAS.
    const ours = row?.name ?? matchCGnuExtra(h)?.spec.name ?? '.2byte';
    if (ours !== gnu) wrong.push(`${h.toString(16)}: objdump ${record!.raw[i]}, pvlab ${ours}`);
  });
  t.deepEqual(wrong.slice(0, 20), []);
  t.is(legal, 28824, 'legal RV32C halfwords without F/D: 49,152 less 18,791 objdump cannot decode and 1,537 it decodes but RV32 reserves');
});

test('the reserved halfwords objdump decodes are exactly the RV32 shifts by 32..63 and c.addi16sp 0', (t) => {
  const reserved = HALFWORDS.filter((h) => !matchCompressed(h) && matchCGnuExtra(h));
  t.is(reserved.length, 1024 + 256 + 256 + 1);
  for (const h of reserved) {
    const e = matchCGnuExtra(h)!;
    t.true(e.spec.name === 'c.addi16sp' ? h === 0x6101 : (h & 0x1000) !== 0, h.toString(16));
    t.is(expandCompressed(h), undefined);
  }
  t.is(C_GNU_EXTRAS.length, 4);
});

test('each expansion is the instruction GNU as reads the halfword as (c.mv: add rd, zero, rs2 for GNU\'s addi rd, rs2, 0)', (t) => {
  if (problem) return t.fail(problem);
  const addi = INSTRUCTIONS.find((i) => i.name === 'addi')!;
  const wrong: string[] = [];
  let checked = 0;
  HALFWORDS.forEach((h, i) => {
    const gnu = record!.expansions[i];
    if (!gnu || !matchCompressed(h)) return; // no base text, or reserved (c.addi16sp 0)
    const word = expandToWord(h);
    if (word === undefined) return void wrong.push(`${h.toString(16)}: pvlab has no expansion, GNU reads ${record!.listing[i]}`);
    checked++;
    if (word === gnu) return;
    // The one difference: c.mv is `add rd, x0, rs2` in the specification, `mv` (addi rd, rs2, 0) to GNU.
    const e = expandCompressed(h)!;
    const g = decode(gnu);
    const same = e.cspec.name === 'c.mv' && g?.spec === addi && g.values[0] === e.values[0] && g.values[1] === e.values[2] && g.values[2] === 0;
    if (!same) wrong.push(`${h.toString(16)}: pvlab ${word.toString(16)}, GNU ${gnu.toString(16)} (${record!.listing[i]})`);
  });
  t.deepEqual(wrong.slice(0, 20), []);
  t.true(checked > 28000);
});

test('compress is the inverse of expandCompressed for every legal halfword', (t) => {
  let ambiguous = 0;
  for (const h of HALFWORDS) {
    const e = expandCompressed(h);
    if (!e) continue;
    const back = compress(e.spec, e.values);
    if (back === undefined) return t.fail(`${h.toString(16)} does not compress back`);
    if (back !== h) {
      // Two rows for one instruction (addi sp, sp, 16 is c.addi and c.addi16sp): the same expansion.
      ambiguous++;
      t.is(expandToWord(back), expandToWord(h), h.toString(16));
    }
  }
  // c.add zero, rs2 ≡ c.mv zero, rs2 (31), c.li zero, imm ≡ c.addi zero, imm (64),
  // c.addi16sp sp, ±16/-32 ≡ c.addi sp, ±16/-32 (3): HINTs and the one true overlap.
  t.is(ambiguous, 31 + 64 + 3);
});

test('compress refuses what no halfword expresses: registers outside x8..x15, immediates out of range or misaligned', (t) => {
  const spec = (n: string) => INSTRUCTIONS.find((i) => i.name === n)!;
  t.is(compress(spec('lw'), [5, 0, 2]), 0x4282, 'lw t0, 0(sp) → c.lwsp');
  t.is(compress(spec('lw'), [5, 4, 9]), undefined, 'lw t0, 4(s1): t0 is not x8..x15');
  t.is(compress(spec('lw'), [8, 128, 9]), undefined, 'offset 128 > 124');
  t.is(compress(spec('lw'), [8, 6, 9]), undefined, 'offset 6 is not a multiple of 4');
  t.is(compress(spec('addi'), [8, 2, 0]), undefined, 'addi s0, sp, 0: c.addi4spn reserves 0');
  t.is(compress(spec('lui'), [10, 0x20]), undefined, 'lui a0, 0x20: beyond 6 bits');
  t.is(compress(spec('lui'), [10, 0xfffff]), 0x757d, 'lui a0, 0xfffff → c.lui a0, -1');
  t.is(compress(spec('jalr'), [0, 4, 10]), undefined, 'jalr zero, 4(a0): c.jr has no offset');
});

test('every row: fixed bits inside 16 bits, operands disjoint from them, expansion operands all bound', (t) => {
  for (const c of COMPRESSED) {
    t.is(c.mask & ~0xffff, 0, c.name);
    t.is(c.match & ~c.mask, 0, c.name);
    for (const o of c.operands) {
      const bits = encodeCompressed({ ...c, match: 0 }, c.operands.map((p) => (p === o ? (C_OPERANDS[p].bias ? 15 : -1) : C_OPERANDS[p].bias ?? 0)));
      t.is(bits & c.mask, 0, `${c.name}: ${o} overlaps the fixed bits`);
    }
    if (c.expansion) for (const o of c.operands) t.true(c.expansion.args.includes(o), `${c.name}: ${o} is not used by the expansion`);
    t.is(compressedByName(c.name), c);
  }
});

test('unify binds what is known and leaves the rest for later', (t) => {
  const addi = INSTRUCTIONS.find((i) => i.name === 'addi')!;
  const cAddi = compressedByName('c.addi')!;
  t.deepEqual(unify(cAddi, addi, [10, 10, undefined]), [10, undefined]);
  t.is(unify(cAddi, addi, [10, 11, 1]), undefined, 'rd and rs1 must be one register');
});
