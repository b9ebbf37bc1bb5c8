/**
 * Every pseudo-instruction form (every PSEUDOS row), every encoding GNU
 * as knows outside pvlab's ISA (GNU_EXTRAS rows it assembles: uret, dret,
 * sfence.vm, …) and every c.* mnemonic (every COMPRESSED row, assembled with
 * the C extension on), one example line each, against GNU as + ld:
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
import { assemble, COMPRESSED, disassembleImage, GNU_EXTRAS, PSEUDOS, type Program } from '@pvlab/assembler';
import { gnuBuild, gnuObjdump, gnuVersions, hasGnuTools, REQUIRE_TOOLS_ENV } from '../_helpers/gnu.js';

/** A sample for each operand name of the tables' syntax strings (registers x8..x15 where C needs them). */
const SAMPLE: Readonly<Record<string, string>> = {
  rd: 'a0', rs1: 'a1', rs2: 'a2', imm12: '-7', simm12: '12', uimm20: '0x12345', shamt: '3', zimm: '5',
  csr: 'mstatus', pred: 'r', succ: 'w', bimm: 'target', jimm: 'target', symbol: 'target', imm: '0x12345678',
  crd: 'a0', crs2: 'a1', rdp: 's0', rs1p: 's1', rs2p: 'a5', imm6: '-7', nzimm18: '0xfffe1', cshamt: '3',
  nzuimm10: '8', nzimm10: '-48', uimm7: '12', lwsp8: '16', swsp8: '20', cbimm: 'target', cjimm: 'target',
};

const exampleLine = (name: string, syntax: string): string =>
  syntax ? `${name}\t${syntax.replace(/[a-z][a-z0-9]*/g, (w) => SAMPLE[w] ?? w)}` : name;

/** The example lines, one per row, in table order: those that need no C, and those that do. */
const BASE_LINES: readonly string[] = [
  ...PSEUDOS.filter((p) => p.needs !== 'c').map((p) => exampleLine(p.name, p.syntax)),
  ...GNU_EXTRAS.filter((e) => e.assemble).map((e) => exampleLine(e.spec.name, e.spec.syntax)),
];
const RVC_LINES: readonly string[] = [
  ...PSEUDOS.filter((p) => p.needs === 'c').map((p) => exampleLine(p.name, p.syntax)),
  ...COMPRESSED.map((c) => exampleLine(c.name, c.syntax)),
];
const RVC_MARCH = 'rv32imac_zicsr_zifencei';

/**
 * One program, assembled with -march=rv32imac: the base rows under
 * `.option norvc` (their 32-bit forms), the same rows again with C on (what
 * GNU as compresses each form to), then the c.* rows.
 */
const ENTRIES: readonly { mode: 'norvc' | 'rvc'; line: string }[] = [
  ...BASE_LINES.map((line) => ({ mode: 'norvc' as const, line })),
  ...BASE_LINES.map((line) => ({ mode: 'rvc' as const, line })),
  ...RVC_LINES.map((line) => ({ mode: 'rvc' as const, line })),
];
const LINES: readonly string[] = ENTRIES.map((e) => `${e.mode === 'norvc' ? '' : '(C) '}${e.line}`);

const SCRIPT = 'ENTRY(_start)\nSECTIONS { . = 0x80000000; .text : { *(.text) } }\n';
const SOURCE = [
  '\t.text', '\t.globl _start', '_start:',
  ...ENTRIES.flatMap((e, i) => [...(i === 0 || ENTRIES[i - 1].mode !== e.mode ? [`\t.option ${e.mode}`] : []), `L${i}:`, `\t${e.line}`]),
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
  const build = gnuBuild([{ path: 'rows.s', text: SOURCE }], SCRIPT, { asFlags: [`-march=${RVC_MARCH}`, '-mabi=ilp32', '-mno-relax'] });
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
  const r = assemble([{ path: 'rows.s', text: SOURCE }], { layout: SCRIPT, march: RVC_MARCH });
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
const ours = (aliases: boolean) => rowsOfListing(disassembleImage(text.data, text.addr, { aliases, symbols, rvc: true }), starts);
const [oursD, oursR] = [ours(true), ours(false)];

test('the golden record is current (same example lines, same GNU output)', (t) => {
  if (problem) return t.fail(problem);
  if (!existsSync(GOLDEN)) return t.fail('missing _golden/pseudo-rows.json');
  const committed = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record_;
  t.is(committed.source, SOURCE, 'the example lines changed: regenerate with PVLAB_UPDATE_GOLDEN=1');
  if (live) t.deepEqual(committed.rows, expected!.rows, 'GNU output changed: regenerate with PVLAB_UPDATE_GOLDEN=1');
});

LINES.forEach((line, i) => {
  test(`row '${line.replace('\t', ' ')}': GNU's bytes and objdump's text`, (t) => {
    if (problem || !expected) return t.fail(problem ?? 'no expected data');
    const want = expected.rows[line];
    if (!want) return t.fail('the golden record has no entry for this line: regenerate it');
    t.is(hex(text.data.subarray(starts[i] - text.addr, starts[i + 1] - text.addr)), want.bytes, 'bytes differ from GNU as');
    t.deepEqual(oursD[i], want.objdump, 'objdump -d text differs');
    t.deepEqual(oursR[i], want.raw, 'objdump -d -M no-aliases text differs');
  });
});
