/**
 * pvlab never relaxes: a `call` stays `auipc`+`jalr` and `la` stays
 * `auipc`+`addi` even under `.option relax`, so pvlab's bytes are GNU's
 * for `as -mno-relax` linked with `ld --no-relax` (the pair every
 * differential test uses), and not those of a relaxing `ld`, which turns a
 * near call under `.option relax` into one `jal`. Checked live against GNU
 * as + ld and against the committed images (`_golden/relaxation.json`,
 * rewritten with PVLAB_UPDATE_GOLDEN=1 or when missing).
 */
import test from 'ava';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { assemble } from '@pvlab/assembler';
import { gnuBuild, gnuVersions, hasGnuTools, REQUIRE_TOOLS_ENV } from '../_helpers/gnu.js';
import { imageOfProgram, type Image } from '../_helpers/image.js';

const SOURCE = `	.globl	_start
	.option	relax
_start:	call	near
	la	a0, near
	j	_start
near:	ret
`;
const SCRIPT = 'ENTRY(_start)\nSECTIONS { .text 0x80000000 : { *(.text) } }\n';
const GOLDEN = new URL('./_golden/relaxation.json', import.meta.url);

interface Golden { readonly tools: string; readonly noRelax: Image; readonly relaxingLd: Image }

function gnuImage(ldRelax: boolean): Image {
  const b = gnuBuild([{ path: 'r.s', text: SOURCE }], SCRIPT, { ldFlags: ldRelax ? ['--relax'] : [] });
  if (!b.ok) throw new Error(b.stderr);
  return { entry: b.entry, sections: b.sections, nobits: b.nobits };
}

const live = hasGnuTools();
let gnu: Golden | undefined;
let problem: string | undefined;
if (live) {
  gnu = { tools: gnuVersions(), noRelax: gnuImage(false), relaxingLd: gnuImage(true) };
  if (process.env.PVLAB_UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, `${JSON.stringify(gnu, null, 1)}\n`);
} else if (process.env[REQUIRE_TOOLS_ENV] === '1') problem = 'GNU as/ld are required but not installed';
else if (existsSync(GOLDEN)) gnu = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
else problem = 'no golden images: run this test where binutils is installed';

const r = assemble([{ path: 'r.s', text: SOURCE }], { layout: SCRIPT });
const ours = imageOfProgram(r.program!);

test('the committed images are what GNU as + ld give now', (t) => {
  if (problem) return t.fail(problem);
  const committed = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
  t.deepEqual([committed.noRelax, committed.relaxingLd], [gnu!.noRelax, gnu!.relaxingLd], 'regenerate with PVLAB_UPDATE_GOLDEN=1');
});

test('.option relax changes nothing in pvlab: its bytes are GNU\'s under as -mno-relax and ld --no-relax', (t) => {
  if (problem) return t.fail(problem);
  t.deepEqual(ours, gnu!.noRelax);
  t.is(ours.sections[0].bytes.length / 2, 4 * 6, 'call and la keep two instructions each');
});

test('a relaxing ld shortens the call pvlab leaves alone', (t) => {
  if (problem) return t.fail(problem);
  t.is(gnu!.relaxingLd.sections[0].bytes.length / 2, gnu!.noRelax.sections[0].bytes.length / 2 - 4);
  t.notDeepEqual(ours, gnu!.relaxingLd);
});
