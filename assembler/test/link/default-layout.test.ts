/**
 * pvlab's layout without a linker script (`defaultLayout()`, `pvlab asm`
 * without -T) against GNU ld's, `ld -m elf32lriscv --no-relax -Ttext
 * 0x80000000` with its built-in script. assembler/README.md ("Layout
 * without -T") states where the two agree and where they differ; this test
 * checks each statement against ld, live where binutils is installed and
 * against the committed facts (`_golden/default-layout.json`, rewritten with
 * PVLAB_UPDATE_GOLDEN=1 or when missing) elsewhere.
 */
import test from 'ava';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { assemble } from '@pvlab/assembler';
import { gnuBuild, gnuVersions, hasGnuTools, REQUIRE_TOOLS_ENV } from '../_helpers/gnu.js';
import { imageOfProgram, type Image } from '../_helpers/image.js';

const TEXT = 0x80000000;

/** Code and read-only data only: the two layouts agree byte for byte. */
const PLAIN = `	.globl	_start
	.text
_start:	la	a0, table
	lw	a1, 4(a0)
	call	helper
	j	_start
helper:	ret
	.section .rodata
table:	.word	1, 2, 3
msg:	.asciz	"same"
`;

/** Everything that differs: an entry section, small data, writable data, bss. */
const FULL = `	.globl	_start
	.text
main:	la	a0, d
	lw	a1, sd
	j	main
	.section .text.init, "ax", @progbits
_start:	j	main
	.section .rodata
r:	.word	1, 2, 3
	.section .srodata, "a"
sr:	.word	4
	.data
d:	.word	5
	.section .sdata, "aw"
sd:	.word	6
	.bss
b:	.zero	64
	.section .sbss, "aw", @nobits
sb:	.zero	4
`;

interface Facts {
  readonly image: Image;
  /** Every symbol's value, by name. */
  readonly symbols: Readonly<Record<string, number>>;
}
interface Golden { readonly tools: string; readonly plain: Facts; readonly full: Facts }

const GOLDEN = new URL('./_golden/default-layout.json', import.meta.url);

function gnuFacts(text: string): Facts {
  const b = gnuBuild([{ path: 'p.s', text }], undefined, { ldFlags: ['-Ttext', `0x${TEXT.toString(16)}`] });
  if (!b.ok) throw new Error(b.stderr);
  return { image: { entry: b.entry, sections: b.sections, nobits: b.nobits }, symbols: Object.fromEntries(b.symbols.map((s) => [s.name, s.value >>> 0])) };
}

function pvlabFacts(text: string): Facts {
  const r = assemble([{ path: 'p.s', text }]);
  if (!r.program) throw new Error(r.formatDiagnostics());
  return { image: imageOfProgram(r.program), symbols: Object.fromEntries(r.program.symbols.map((s) => [s.name, s.value >>> 0])) };
}

const live = hasGnuTools();
let gnu: Golden | undefined;
let problem: string | undefined;
if (live) {
  gnu = { tools: gnuVersions(), plain: gnuFacts(PLAIN), full: gnuFacts(FULL) };
  if (process.env.PVLAB_UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, `${JSON.stringify(gnu, null, 1)}\n`);
} else if (process.env[REQUIRE_TOOLS_ENV] === '1') problem = 'GNU as/ld are required but not installed';
else if (existsSync(GOLDEN)) gnu = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
else problem = 'no golden facts: run this test where binutils is installed';

const ours = { plain: pvlabFacts(PLAIN), full: pvlabFacts(FULL) };
const alignUp = (x: number, a: number) => Math.ceil(x / a) * a;
const LD_SYMBOLS = ['__DATA_BEGIN__', '__SDATA_BEGIN__', '__BSS_END__', '__bss_start', '__global_pointer$', '_edata', '_end'];

test('the committed facts are what GNU ld gives now', (t) => {
  if (problem) return t.fail(problem);
  const committed = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
  t.deepEqual({ plain: committed.plain, full: committed.full }, { plain: gnu!.plain, full: gnu!.full }, 'regenerate with PVLAB_UPDATE_GOLDEN=1');
});

test('same: code at the -Ttext address and read-only data right after it, byte for byte', (t) => {
  if (problem) return t.fail(problem);
  t.deepEqual(ours.plain.image, gnu!.plain.image);
  for (const name of ['_start', 'helper', 'table', 'msg']) t.is(ours.plain.symbols[name], gnu!.plain.symbols[name], name);
  t.is(ours.plain.symbols._start, TEXT);
});

test('differs: .text.init and .text.entry come first in pvlab, in input order in ld', (t) => {
  if (problem) return t.fail(problem);
  t.is(ours.full.symbols._start, TEXT, 'pvlab: the entry section first');
  t.is(ours.full.symbols.main, TEXT + 4);
  t.is(gnu!.full.symbols.main, TEXT, 'ld: the file\'s .text (made first) before its .text.init');
  t.is(gnu!.full.symbols._start, TEXT + 0x14);
});

test('differs: writable data follows read-only data in pvlab; ld moves it to the next page, same offset', (t) => {
  if (problem) return t.fail(problem);
  const gnuRo = gnu!.full.symbols.r + 12; // .rodata holds r only in ld's layout
  t.is(gnu!.full.symbols.d, alignUp(gnuRo, 0x1000) + (gnuRo & 0xfff), 'ld: DATA_SEGMENT_ALIGN(0x1000, 0x1000)');
  t.is(ours.full.symbols.d, ours.full.symbols.sr + 4, 'pvlab: .data right after .rodata (whose last word is .srodata\'s sr)');
});

test('differs: small data — .srodata goes with .rodata and .sdata into .data in pvlab; ld keeps .sdata (with .srodata) and .sbss apart, .sbss before .bss', (t) => {
  if (problem) return t.fail(problem);
  const o = ours.full.symbols;
  const g = gnu!.full.symbols;
  t.is(o.sr, o.r + 12, 'pvlab: .srodata after .rodata');
  t.deepEqual([o.d, o.sd], [o.d, o.d + 4], 'pvlab: .sdata inside .data, after it');
  t.true(o.sb > o.b, 'pvlab: .sbss after .bss');
  t.deepEqual([g.sr, g.sd], [g.__SDATA_BEGIN__, g.__SDATA_BEGIN__ + 4], 'ld: .srodata then .sdata in its .sdata section');
  t.true(g.sb < g.b, 'ld: .sbss before .bss');
  t.deepEqual(gnu!.full.image.nobits.map((n) => n.name), ['.sbss', '.bss']);
  t.deepEqual(ours.full.image.nobits.map((n) => n.name), ['.bss']);
});

test('differs: ld defines __global_pointer$ and its segment symbols; pvlab defines _end only', (t) => {
  if (problem) return t.fail(problem);
  t.deepEqual(LD_SYMBOLS.filter((n) => n in gnu!.full.symbols), LD_SYMBOLS);
  t.deepEqual(LD_SYMBOLS.filter((n) => n in ours.full.symbols), ['_end']);
  t.is(ours.full.symbols._end, ours.full.symbols.sb + 4, 'pvlab: _end after the last NOBITS byte');
});
