/**
 * writeElf against GNU ld: ld's executables are read back, rebuilt from
 * their sections and symbols, and the program headers, section headers,
 * disassembly and raw binary must come out the same; readelf must have
 * nothing to complain about.
 */
import test from 'ava';
import {
  binaryRange, buildRiscvAttributes, ELF, isElfError, PF, PT, readElf, SHT, writeBinary, writeElf, type ElfImage,
} from '../../src/elf/index.js';
import {
  committedElfGolden, headersOf, imageFromElf, imageFromGolden, segmentsOf,
} from './_helpers/elf-facts.js';
import { linkScenario, scenarioRegions, SCENARIOS } from './_helpers/linked-scenarios.js';
import { haveBinutils, REQUIRE_TOOLS, run, scratch, TOOLS } from './_helpers/reference-tools.js';

const live = haveBinutils();
const MAX_BINARY = 16 << 20;

function needTools(t: { fail: (m: string) => void; pass: (m: string) => void }): boolean {
  if (live) return true;
  if (REQUIRE_TOOLS) t.fail('binutils required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
  else t.pass('binutils missing: skipped');
  return false;
}

for (const sc of SCENARIOS) {
  test(`golden file layout: ${sc.name}`, (t) => {
    const g = committedElfGolden(sc.name);
    const out = readElf(writeElf(imageFromGolden(g)));
    t.deepEqual(segmentsOf(out), g.segments);
    t.deepEqual(headersOf(out), g.headers);
    t.is(out.header.entry, g.entry);
  });

  test(`live: rebuilding ld's ${sc.name} executable gives the same file layout, disassembly and binary`, (t) => {
    if (!needTools(t)) return;
    const ldBytes = linkScenario(sc);
    const ld = readElf(ldBytes);
    const image = imageFromElf(ld, scenarioRegions(sc));
    const ours = writeElf(image);
    const back = readElf(ours);
    t.deepEqual(segmentsOf(back), segmentsOf(ld));
    t.deepEqual(headersOf(back), headersOf(ld));
    t.is(back.header.entry, ld.header.entry);
    t.deepEqual(back.symbols.map((s) => [s.name, s.value, s.section]), ld.symbols.map((s) => [s.name, s.value, s.section]));

    const tmp = scratch();
    try {
      tmp.write('ld.elf', ldBytes);
      tmp.write('ours.elf', ours);
      const re = run(TOOLS.readelf, ['-a', '-W', 'ours.elf'], tmp.dir);
      t.is(re.status, 0);
      t.is(re.stderr, '');
      t.notRegex(re.stdout, /warning|error/i);
      const dis = (f: string) => run(TOOLS.objdump, ['-d', f], tmp.dir).stdout.split('\n').slice(2).join('\n');
      t.is(dis('ours.elf'), dis('ld.elf'));
      // a raw binary spans every gap: skip scripts with far-apart regions
      const range = binaryRange(image.sections);
      if (range && range.end - range.start <= MAX_BINARY) {
        run(TOOLS.objcopy, ['-O', 'binary', 'ld.elf', 'ld.bin'], tmp.dir);
        run(TOOLS.objcopy, ['-O', 'binary', 'ours.elf', 'ours.bin'], tmp.dir);
        t.true(Buffer.from(tmp.read('ours.bin')).equals(tmp.read('ld.bin')), 'objcopy -O binary differs');
        t.true(Buffer.from(writeBinary(image.sections)).equals(tmp.read('ld.bin')), 'writeBinary differs from objcopy');
      }
    } finally {
      tmp.dispose();
    }
  });
}

const text = (bytes: number[]) => new Uint8Array(bytes);
const IMAGE: ElfImage = {
  entry: 0x80000000,
  sections: [
    { name: '.text', addr: 0x80000000, size: 8, align: 4, flags: { alloc: true, write: false, exec: true }, nobits: false, data: text([0x13, 0, 0, 0, 0x6f, 0, 0, 0]) },
    { name: '.data', addr: 0x80000008, size: 4, align: 4, flags: { alloc: true, write: true, exec: false }, nobits: false, data: text([1, 2, 3, 4]) },
    { name: '.bss', addr: 0x80000010, size: 0x100, align: 16, flags: { alloc: true, write: true, exec: false }, nobits: true, data: new Uint8Array(0) },
  ],
  symbols: [
    { name: '_start', value: 0x80000000, size: 0, type: 'func', bind: 'global', section: '.text' },
    { name: 'main.s', value: 0, size: 0, type: 'file', bind: 'local', section: 'abs' },
    { name: 'counter', value: 0x80000010, size: 4, type: 'object', bind: 'weak', section: '.bss' },
    { name: 'loop', value: 0x80000004, size: 0, type: 'notype', bind: 'local', section: '.text' },
    { name: 'UART', value: 0x10000000, size: 0, type: 'notype', bind: 'global', section: 'abs' },
    { name: 'ext', value: 0, size: 0, type: 'notype', bind: 'global', section: 'undef' },
  ],
  attributes: buildRiscvAttributes(),
};

test('header fields: ELF32 LE RISC-V ET_EXEC, flags 0, entry, table sizes', (t) => {
  const f = readElf(writeElf(IMAGE));
  t.like(f.header, { type: 2, machine: ELF.EM_RISCV, version: 1, entry: 0x80000000, flags: 0, ehsize: 52, phentsize: 32, shentsize: 40, phoff: 52 });
  t.deepEqual(f.sections.map((s) => s.name), ['', '.text', '.data', '.bss', '.riscv.attributes', '.symtab', '.strtab', '.shstrtab']);
  t.is(f.sections[f.header.shstrndx].name, '.shstrtab');
});

test('one RWX segment for code and data on one page, attributes header first, file offsets congruent to addresses', (t) => {
  const f = readElf(writeElf(IMAGE));
  t.deepEqual(f.segments.map((s) => [s.type, s.vaddr, s.filesz, s.memsz, s.flags, s.align]), [
    [PT.RISCV_ATTRIBUTES, 0, IMAGE.attributes!.length, 0, PF.R, 1],
    [PT.LOAD, 0x80000000, 0xc, 0x110, PF.R | PF.W | PF.X, 0x1000],
  ]);
  for (const s of f.segments.filter((p) => p.type === PT.LOAD)) t.is(s.offset % 0x1000, s.vaddr % 0x1000);
  t.deepEqual([...f.sections[1].data], [0x13, 0, 0, 0, 0x6f, 0, 0, 0]);
  t.is(f.sections[3].type, SHT.NOBITS);
});

test('symbol table: null symbol, locals first, sh_info is the first global, sections and specials resolved', (t) => {
  const f = readElf(writeElf(IMAGE));
  const symtab = f.sections.find((s) => s.type === SHT.SYMTAB)!;
  t.is(symtab.info, 3);
  t.is(symtab.entsize, 16);
  t.is(f.sections[symtab.link].name, '.strtab');
  t.deepEqual(f.symbols.map((s) => [s.name, s.bind, s.type, s.section, s.value]), [
    ['', 'local', 'notype', 'undef', 0],
    ['main.s', 'local', 'file', 'abs', 0],
    ['loop', 'local', 'notype', '.text', 0x80000004],
    ['_start', 'global', 'func', '.text', 0x80000000],
    ['counter', 'weak', 'object', '.bss', 0x80000010],
    ['UART', 'global', 'notype', 'abs', 0x10000000],
    ['ext', 'global', 'notype', 'undef', 0],
  ]);
});

test('separate segments for a page gap, for writable data after code, and for data after .bss', (t) => {
  const sec = (name: string, addr: number, size: number, write: boolean, exec: boolean, nobits = false) => ({
    name, addr, size, align: 4, flags: { alloc: true, write, exec }, nobits, data: new Uint8Array(nobits ? 0 : size),
  });
  const f = readElf(writeElf({
    entry: 0, symbols: [],
    sections: [
      sec('.text', 0x1000, 0x10, false, true), sec('.rodata', 0x1010, 0x10, false, false),
      sec('.data', 0x2000, 0x10, true, false), sec('.bss', 0x2010, 0x1000, true, false, true),
      sec('.late', 0x4400, 4, true, false), sec('.far', 0x9000, 4, false, false),
      sec('.samepage', 0x9004, 4, true, false), sec('.other', 0x9008, 4, true, false, false),
    ].map((s, i) => (i === 7 ? { ...s, region: 'RAM2' } : s)),
  }));
  t.deepEqual(f.segments.map((s) => [s.vaddr, s.filesz, s.memsz, s.flags]), [
    [0x1000, 0x20, 0x20, PF.R | PF.X],
    [0x2000, 0x10, 0x1010, PF.R | PF.W],
    [0x4400, 4, 4, PF.R | PF.W],
    // a writable section on the same page as read-only data shares its segment
    [0x9000, 8, 8, PF.R | PF.W],
    // ... unless it was placed in a different MEMORY region
    [0x9008, 4, 4, PF.R | PF.W],
  ]);
});

test('inconsistent images are rejected with bad-image errors', (t) => {
  const bad = (image: ElfImage, message: string) => {
    const e = t.throws(() => writeElf(image));
    t.true(isElfError(e));
    t.is(isElfError(e) && e.code, 'bad-image');
    t.is(e?.message, message);
  };
  const base = IMAGE.sections[0];
  bad({ ...IMAGE, symbols: [{ name: 'x', value: 0, size: 0, type: 'notype', bind: 'global', section: '.nowhere' }] }, "symbol `x' refers to unknown section `.nowhere'");
  bad({ ...IMAGE, sections: [{ ...base, data: new Uint8Array(16) }] }, "section `.text' has 0x10 bytes of data for size 0x8");
  bad({ ...IMAGE, sections: [base, { ...base, name: '.text2', addr: 0x80000004 }] }, "sections `.text' and `.text2' overlap at 0x80000004");
  bad({ ...IMAGE, sections: [{ ...base, align: 3 }] }, "section `.text' alignment 3 is not a power of two");
  bad({ ...IMAGE, sections: [{ ...base, addr: 0xfffffffc }] }, "section `.text' at 0xfffffffc+0x8 is outside the 32-bit address space");
});

test('short data is zero-padded to the section size', (t) => {
  const f = readElf(writeElf({ entry: 0, symbols: [], sections: [{ ...IMAGE.sections[1], size: 8 }] }));
  t.deepEqual([...f.sections[1].data], [1, 2, 3, 4, 0, 0, 0, 0]);
});
