import test from 'ava';
import {
  buildRiscvAttributes, DEFAULT_RISCV_ARCH, parseRiscvAttributes, readElf, RISCV_ATTRIBUTE_TAGS, SHT, writeElf,
} from '../../src/elf/index.js';
import { assemble, haveBinutils, REQUIRE_TOOLS, run, scratch, TOOLS } from './_helpers/reference-tools.js';

// .riscv.attributes of `riscv64-unknown-elf-as -march=rv32ima_zicsr_zifencei -mabi=ilp32` (binutils 2.40)
const GAS_2_40_HEX =
  '41410000007269736376000137000000057276333269327031' +
  '5f6d3270305f613270315f7a69637372327030' +
  '5f7a6966656e63656932703' + '05f7a6d6d756c31703000';

test('the default attributes are byte-for-byte what GNU as 2.40 emits', (t) => {
  t.is(Buffer.from(buildRiscvAttributes()).toString('hex'), GAS_2_40_HEX);
  t.is(DEFAULT_RISCV_ARCH, 'rv32i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0_zmmul1p0');
});

test('attributes round-trip, in tag order, with integer and string values', (t) => {
  const bytes = buildRiscvAttributes({ arch: 'rv32i2p1', stackAlign: 16, unalignedAccess: true, privSpec: 1, privSpecMinor: 11 });
  t.deepEqual([...parseRiscvAttributes(bytes)!], [
    [RISCV_ATTRIBUTE_TAGS.stackAlign, 16], [RISCV_ATTRIBUTE_TAGS.arch, 'rv32i2p1'], [RISCV_ATTRIBUTE_TAGS.unalignedAccess, 1],
    [RISCV_ATTRIBUTE_TAGS.privSpec, 1], [RISCV_ATTRIBUTE_TAGS.privSpecMinor, 11],
  ]);
  t.is(parseRiscvAttributes(new Uint8Array([0x41, 9, 0, 0])), undefined);
  t.is(parseRiscvAttributes(new Uint8Array([0x42])), undefined);
});

test('writeElf puts them in a SHT_RISCV_ATTRIBUTES section', (t) => {
  const f = readElf(writeElf({ entry: 0, sections: [], symbols: [], attributes: buildRiscvAttributes() }));
  const s = f.sections.find((x) => x.name === '.riscv.attributes')!;
  t.is(s.type, SHT.RISCV_ATTRIBUTES);
  t.is(parseRiscvAttributes(s.data)!.get(RISCV_ATTRIBUTE_TAGS.arch), DEFAULT_RISCV_ARCH);
});

test('live: same bytes as a GNU as object, and readelf -A reads ours', (t) => {
  if (!haveBinutils()) {
    if (REQUIRE_TOOLS) t.fail('binutils required');
    else t.pass('binutils missing: skipped');
    return;
  }
  const tmp = scratch();
  try {
    const obj = readElf(tmp.read(assemble(tmp.dir, 'a', 'nop\n')));
    t.deepEqual(obj.sections.find((s) => s.type === SHT.RISCV_ATTRIBUTES)!.data, buildRiscvAttributes());
    tmp.write('ours.elf', writeElf({ entry: 0, sections: [], symbols: [], attributes: buildRiscvAttributes({ arch: DEFAULT_RISCV_ARCH, stackAlign: 16 }) }));
    const out = run(TOOLS.readelf, ['-A', 'ours.elf'], tmp.dir);
    t.is(out.stderr, '');
    t.regex(out.stdout, /Tag_RISCV_stack_align: 16-bytes/);
    t.regex(out.stdout, /Tag_RISCV_arch: "rv32i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0_zmmul1p0"/);
  } finally {
    tmp.dispose();
  }
});
