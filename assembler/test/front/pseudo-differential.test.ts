/**
 * Every pseudo-instruction form (every PSEUDOS row) and every encoding GNU
 * as knows outside pvlab's ISA (GNU_EXTRAS rows it assembles: uret, dret,
 * sfence.vm, …), one example line each, against GNU as + ld:
 *
 * - the bytes pvlab assembles for the line equal GNU's;
 * - objdump's text for those bytes is what pvlab's disassembler prints, in
 *   both alias modes: aliases are accepted on input and change nothing in
 *   the disassembly (objdump prints `ebreak` for `sbreak`, `mv` for `move`).
 *
 * One program holds every line, each behind its own label. GNU's bytes and
 * objdump's text are recorded in `_golden/pseudo-rows.json` (rewritten with
 * PVLAB_UPDATE_GOLDEN=1 or when missing), so the test keeps its meaning
 * where binutils is absent.
 */
import test from 'ava';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { assemble, disassembleImage, GNU_EXTRAS, PSEUDOS, type Program } from '@pvlab/assembler';
import { gnuBuild, gnuObjdump, gnuVersions, hasGnuTools, REQUIRE_TOOLS_ENV } from '../_helpers/gnu.js';

/** A sample for each operand name of the tables' syntax strings. */
const SAMPLE: Readonly<Record<string, string>> = {
  rd: 'a0', rs1: 'a1', rs2: 'a2', imm12: '-7', simm12: '12', uimm20: '0x12345', shamt: '3', zimm: '5',
  csr: 'mstatus', pred: 'r', succ: 'w', bimm: 'target', jimm: 'target', symbol: 'target', imm: '0x12345678',
};

const exampleLine = (name: string, syntax: string): string =>
  syntax ? `${name}\t${syntax.replace(/[a-z][a-z0-9]*/g, (w) => SAMPLE[w] ?? w)}` : name;

/** The example lines, one per row, in table order. */
const LINES: readonly string[] = [
  ...PSEUDOS.map((p) => exampleLine(p.name, p.syntax)),
  ...GNU_EXTRAS.filter((e) => e.assemble).map((e) => exampleLine(e.spec.name, e.spec.syntax)),
];

const SCRIPT = 'ENTRY(_start)\nSECTIONS { . = 0x80000000; .text : { *(.text) } }\n';
const SOURCE = [
  '\t.text', '\t.globl _start', '_start:',
  ...LINES.flatMap((line, i) => [`L${i}:`, `\t${line}`]),
  `L${LINES.length}:`, 'target:', '\tnop', '',
].join('\n');

interface RowRecord {
  /** The line's bytes, hex. */
  readonly bytes: string;
  /** objdump -d's lines for them (address, raw bytes, text). */
  readonly objdump: readonly string[];
  /** objdump -d -M no-aliases's lines for them. */
  readonly raw: readonly string[];
}
interface Record_ {
  readonly tools: string;
  readonly source: string;
  readonly rows: Readonly<Record<string, RowRecord>>;
}

const GOLDEN = new URL('./_golden/pseudo-rows.json', import.meta.url);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Instruction lines of an objdump listing, grouped by the row whose address range holds them. */
function rowsOfListing(lines: readonly string[], starts: readonly number[]): string[][] {
  const out: string[][] = starts.slice(0, -1).map(() => []);
  for (const l of lines) {
    const m = /^\s*([0-9a-f]+):\t/.exec(l);
    if (!m) continue;
    const a = parseInt(m[1], 16);
    const i = starts.findIndex((s, k) => a >= s && a < starts[k + 1]);
    if (i >= 0) out[i].push(l);
  }
  return out;
}

const labelAddrs = (symbols: readonly { name: string; value: number }[]): number[] =>
  LINES.map((_, i) => i).concat(LINES.length).map((i) => symbols.find((s) => s.name === `L${i}`)!.value >>> 0);

/** GNU's record of every row, built now with the tools. */
function recordFromGnu(): Record_ {
  const build = gnuBuild([{ path: 'rows.s', text: SOURCE }], SCRIPT);
  if (!build.ok) throw new Error(`GNU as/ld reject the example lines:\n${build.stderr}`);
  const starts = labelAddrs(build.symbols);
  const text = build.sections.find((s) => s.addr === 0x80000000)!;
  const bytes = Buffer.from(text.bytes, 'hex');
  const listing = (args: string[]) => rowsOfListing(gnuObjdump(build.elf, args)!.split('\n'), starts);
  const [d, r] = [listing([]), listing(['-M', 'no-aliases'])];
  const rows: Record<string, RowRecord> = {};
  LINES.forEach((line, i) => {
    rows[line] = { bytes: hex(bytes.subarray(starts[i] - 0x80000000, starts[i + 1] - 0x80000000)), objdump: d[i], raw: r[i] };
  });
  return { tools: gnuVersions(), source: SOURCE, rows };
}

function pvlab(): Program {
  const r = assemble([{ path: 'rows.s', text: SOURCE }], { layout: SCRIPT });
  if (!r.program) throw new Error(r.formatDiagnostics());
  return r.program;
}

const live = hasGnuTools();
let expected: Record_ | undefined;
let problem: string | undefined;
if (live) {
  expected = recordFromGnu();
  if (process.env.PVLAB_UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, `${JSON.stringify(expected, null, 1)}\n`);
} else if (process.env[REQUIRE_TOOLS_ENV] === '1') problem = 'GNU as/ld/objdump are required but not installed';
else if (existsSync(GOLDEN)) expected = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record_;
else problem = 'no golden record: run this test where binutils is installed';

const program = pvlab();
const starts = labelAddrs(program.symbols);
const text = program.sections.find((s) => s.name === '.text')!;
const symbols = program.symbols.map((s) => ({ name: s.name, value: s.value, global: s.bind !== 'local' }));
const ours = (aliases: boolean) => rowsOfListing(disassembleImage(text.data, text.addr, { aliases, symbols }), starts);
const [oursD, oursR] = [ours(true), ours(false)];

test('the golden record is current (same example lines, same GNU output)', (t) => {
  if (problem) return t.fail(problem);
  if (!existsSync(GOLDEN)) return t.fail('missing _golden/pseudo-rows.json');
  const committed = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record_;
  t.is(committed.source, SOURCE, 'the example lines changed: regenerate with PVLAB_UPDATE_GOLDEN=1');
  if (live) t.deepEqual(committed.rows, expected!.rows, 'GNU output changed: regenerate with PVLAB_UPDATE_GOLDEN=1');
});

LINES.forEach((line, i) => {
  test(`alias/pseudo row '${line.replace('\t', ' ')}': GNU's bytes and objdump's text`, (t) => {
    if (problem || !expected) return t.fail(problem ?? 'no expected data');
    const want = expected.rows[line];
    if (!want) return t.fail('the golden record has no entry for this line: regenerate it');
    t.is(hex(text.data.subarray(starts[i] - text.addr, starts[i + 1] - text.addr)), want.bytes, 'bytes differ from GNU as');
    t.deepEqual(oursD[i], want.objdump, 'objdump -d text differs');
    t.deepEqual(oursR[i], want.raw, 'objdump -d -M no-aliases text differs');
  });
});
