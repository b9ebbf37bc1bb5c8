/**
 * `pvlab hypercalls`, end to end with the built CLI: list (text and JSON),
 * gen and docs for the built-in catalogue and for custom files, and
 * one-line errors with exit code 1 for bad files, 2 for bad usage.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE, guestInclude, hypercallReference, listText } from '@pvlab/hypercall-abi';
import { scratch } from './_helpers/cli.js';

const custom = (eid: string, name = 'lab', call = 'ping') => `
import { defineExtension, defineHandler, result, u32 } from '@pvlab/hypercall-abi';
export const ext = defineExtension({
  name: '${name}', title: 'Lab', eid: ${eid}, prefix: 'LAB', doc: 'test calls',
  calls: { ${call}: { fid: 0, doc: 'echo', args: { x: u32('a value') }, result: result.u32('x'), errors: [], example: 'HC_${call.toUpperCase()} a0' } },
});
export const handler = defineHandler(ext.calls.${call}, (_vm, { x }) => x);
`;

test('list, gen and docs without a file print the built-in catalogue, include and page', (t) => {
  const s = scratch();
  t.is(s.pvlab(['hypercalls', 'list']).stdout, listText(CATALOGUE));
  t.is(s.pvlab(['hypercalls', 'gen']).stdout, guestInclude(CATALOGUE));
  t.is(s.pvlab(['hypercalls', 'docs']).stdout, hypercallReference(CATALOGUE));
  const json = JSON.parse(s.pvlab(['hypercalls', 'list', '--json']).stdout) as { name: string; eid: number; origin: string; calls: { name: string; macro: string }[] }[];
  t.deepEqual(json.map((e) => e.name), CATALOGUE.map((e) => e.name));
  t.is(json.find((e) => e.name === 'dbcn')!.calls[0].macro, 'HC_CONSOLE_WRITE');
  t.is(json[0].origin, 'built-in');
});

test('a custom file: gen writes only its extension, list and docs include it', (t) => {
  const s = scratch();
  s.write('lab.ts', custom('0x0900_0000'));
  const gen = s.pvlab(['hypercalls', 'gen', 'lab.ts', '-o', 'lab.inc']);
  t.is(gen.status, 0, gen.stderr);
  t.is(gen.stdout, 'wrote lab.inc: 1 extension, 1 call\n');
  const inc = readFileSync(join(s.dir, 'lab.inc'), 'utf8');
  t.regex(inc, /^\.equ LAB_EXT_LAB, 0x09000000/m);
  t.regex(inc, /^\.macro HC_PING x$/m);
  t.notRegex(inc, /HC_CONSOLE_WRITE/);
  t.regex(inc, /Regenerate with: pvlab hypercalls gen lab\.ts -o lab\.inc/);
  const list = s.pvlab(['hypercalls', 'list', 'lab.ts', '--json']);
  const json = JSON.parse(list.stdout) as { name: string; origin: string }[];
  t.deepEqual(json.at(-1), { ...json.at(-1)!, name: 'lab', origin: 'lab.ts' });
  t.regex(s.pvlab(['hypercalls', 'docs', 'lab.ts']).stdout, /^# Hypercalls of lab\.ts\n[\s\S]*### `ping` — FID 0/);
});

test('bad custom files are one-line errors naming the file, exit code 1, no stack trace', (t) => {
  const s = scratch();
  s.write('pvlab-id.ts', custom('0x0800_0002'));
  s.write('taken.ts', custom('0x0800_0100', 'lab2', 'console_write'));
  s.write('a.ts', custom('0x0800_0100', 'aa', 'aa_ping'));
  s.write('b.ts', custom('0x0800_0100', 'bb', 'bb_ping'));
  s.write('syntax.ts', 'export const x = (;\n');
  s.write('empty.ts', 'export const x = 1;\n');
  s.write('throws.ts', "throw new Error('nope');\n");
  const cases: [string[], string][] = [
    [['pvlab-id.ts'], "pvlab: hypercalls: pvlab-id.ts: extension 'lab' has eid 0x08000002; custom extensions take ids from 0x08000100..0x08ffffff (SBI experimental, outside pvlab's block) or 0x09000000..0x09ffffff (SBI vendor)\n"],
    [['taken.ts'], "pvlab: hypercalls: taken.ts: call name 'console_write' (extension 'lab2') is already a call of 'dbcn' (built-in)\n"],
    [['a.ts', 'b.ts'], "pvlab: hypercalls: b.ts: extension 'bb' has eid 0x08000100, already taken by 'aa' (a.ts)\n"],
    [['syntax.ts'], 'pvlab: hypercalls: syntax.ts:1:18: error: Unexpected ";"\n'],
    [['empty.ts'], 'pvlab: hypercalls: empty.ts: exports no hypercall extension (export the value of defineExtension(...))\n'],
    [['throws.ts'], 'pvlab: hypercalls: throws.ts: cannot load: nope\n'],
    [['missing.ts'], 'pvlab: hypercalls: missing.ts: no such file\n'],
  ];
  for (const [files, message] of cases) {
    const r = s.pvlab(['hypercalls', 'gen', ...files]);
    t.is(r.stderr, message, files.join(' '));
    t.is(r.status, 1);
  }
});

test('usage errors exit with 2', (t) => {
  const s = scratch();
  for (const args of [['hypercalls'], ['hypercalls', 'frob'], ['hypercalls', 'gen', '--json'], ['hypercalls', '--bogus']]) {
    const r = s.pvlab(args);
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr, /^pvlab: /);
    t.notRegex(r.stderr, /\n\s+at /);
  }
  t.regex(s.pvlab(['hypercalls', '--help']).stdout, /pvlab hypercalls gen \.\/my-hypercalls\.ts -o my-hypercalls\.inc/);
  t.regex(s.pvlab(['--help']).stdout, /hypercalls\s+list the hypercall catalogue/);
});
