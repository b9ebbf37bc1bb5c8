/**
 * .debug_line (with its compile unit): readelf decodes it to the rows we
 * gave, objdump -dl and gdb map addresses back to file:line.
 */
import test from 'ava';
import { buildDebugLine, buildLineDebugSections, buildRiscvAttributes, LINE_PROGRAM, writeElf, type LineRow } from '../../src/elf/index.js';
import { hasTool, haveBinutils, REQUIRE_TOOLS, run, scratch, TOOLS } from './_helpers/reference-tools.js';

const ROWS: readonly LineRow[] = [
  { addr: 0x80000000, file: 'src/boot.s', line: 3 },
  { addr: 0x80000004, file: 'src/boot.s', line: 4 },
  { addr: 0x80000008, file: 'src/boot.s', line: 40 },
  { addr: 0x8000000c, file: 'lib/util.s', line: 7 },
  { addr: 0x80000010, file: 'lib/util.s', line: 2 },
  { addr: 0x80000020, file: 'main.s', line: 1000, size: 8 },
  { addr: 0x80000028, file: '/abs/dir/x.s', line: 1 },
];

function program(): Uint8Array {
  const code = new Uint8Array(0x30);
  for (let i = 0; i < code.length; i += 4) code.set([0x13, 0, 0, 0], i);
  return writeElf({
    entry: 0x80000000,
    sections: [{ name: '.text', addr: 0x80000000, size: code.length, align: 4, flags: { alloc: true, write: false, exec: true }, nobits: false, data: code }],
    symbols: [{ name: '_start', value: 0x80000000, size: 0, type: 'func', bind: 'global', section: '.text' }],
    attributes: buildRiscvAttributes(),
    ...buildLineDebugSections([...ROWS].reverse(), { compDir: '/work/proj', name: 'src/boot.s' }),
  });
}

test('header: DWARF 3, lengths consistent, GNU as parameters, directory and file tables', (t) => {
  const b = buildDebugLine(ROWS);
  const u32 = (o: number) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
  t.is(u32(0), b.length - 4);
  t.is(b[4] | (b[5] << 8), 3);
  const headerEnd = 10 + u32(6);
  t.deepEqual([...b.subarray(10, 15)], [1, 1, 0xfb, 14, 13]);
  t.deepEqual([...b.subarray(15, 27)], [...LINE_PROGRAM.standardOpcodeLengths]);
  const tables = new TextDecoder().decode(b.subarray(27, headerEnd));
  t.is(tables, 'src\0lib\0/abs/dir\0\0boot.s\0\x01\0\0util.s\0\x02\0\0main.s\0\0\0\0x.s\0\x03\0\0\0');
  // the program ends with DW_LNE_end_sequence
  t.deepEqual([...b.subarray(b.length - 3)], [0, 1, 1]);
});

test('no rows: a valid empty table', (t) => {
  const b = buildDebugLine([]);
  t.is(b.length, 4 + 2 + 4 + 5 + 12 + 2);
});

const needTools = (t: { fail: (m: string) => void; pass: (m: string) => void }) => {
  if (haveBinutils()) return true;
  if (REQUIRE_TOOLS) t.fail('binutils required');
  else t.pass('binutils missing: skipped');
  return false;
};

test('live: readelf decodes every row to its file, line and address; no warnings', (t) => {
  if (!needTools(t)) return;
  const tmp = scratch();
  try {
    tmp.write('p.elf', program());
    const out = run(TOOLS.readelf, ['--debug-dump=decodedline', 'p.elf'], tmp.dir);
    t.is(out.stderr, '');
    const decoded = [...out.stdout.matchAll(/^(\S+)\s+(\d+)\s+(0x[0-9a-f]+)/gm)].map((m) => [m[1], Number(m[2]), parseInt(m[3], 16)]);
    t.deepEqual(decoded, ROWS.map((r) => [r.file.slice(r.file.lastIndexOf('/') + 1), r.line, r.addr]));
    const all = run(TOOLS.readelf, ['-a', '-W', '--debug-dump=info,abbrev,rawline', 'p.elf'], tmp.dir);
    t.is(all.stderr, '');
    t.notRegex(all.stdout, /warning/i);
  } finally {
    tmp.dispose();
  }
});

test('live: objdump -dl shows the source line above each instruction', (t) => {
  if (!needTools(t)) return;
  const tmp = scratch();
  try {
    tmp.write('p.elf', program());
    const out = run(TOOLS.objdump, ['-dl', 'p.elf'], tmp.dir).stdout;
    const pairs = [...out.matchAll(/^(\/\S+):(\d+)\n([0-9a-f]{8}):/gm)].map((m) => [m[1], Number(m[2]), parseInt(m[3], 16)]);
    t.deepEqual(pairs, [
      ['/work/proj/src/boot.s', 3, 0x80000000], ['/work/proj/src/boot.s', 4, 0x80000004], ['/work/proj/src/boot.s', 40, 0x80000008],
      ['/work/proj/lib/util.s', 7, 0x8000000c], ['/work/proj/lib/util.s', 2, 0x80000010], ['/work/proj/main.s', 1000, 0x80000020],
      ['/abs/dir/x.s', 1, 0x80000028],
    ]);
  } finally {
    tmp.dispose();
  }
});

test('live (optional): gdb-multiarch maps addresses to lines', (t) => {
  if (!hasTool(TOOLS.gdb)) {
    t.pass('gdb-multiarch not installed');
    return;
  }
  const tmp = scratch();
  try {
    tmp.write('p.elf', program());
    const out = run(TOOLS.gdb, ['-batch', '-ex', 'info line *0x80000008', '-ex', 'info line *0x80000024', 'p.elf'], tmp.dir).stdout;
    t.regex(out, /Line 40 of "src\/boot\.s" starts at address 0x80000008/);
    t.regex(out, /Line 1000 of "main\.s" starts at address 0x80000020 <_start\+32> and ends at 0x80000028/);
  } finally {
    tmp.dispose();
  }
});
