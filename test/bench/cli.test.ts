/**
 * `pvlab bench` end to end with the built CLI: a short run's table and
 * JSON, --costs, --compare (after a run, and of two files), and a one-line
 * error with exit code 2 for every kind of bad argument.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchResultProblems } from '@pvlab/hypervisor';
import { pvlab } from './_helpers/bench.js';

const dir = mkdtempSync(join(tmpdir(), 'pvlab-bench-cli-'));
const SHORT = ['--workloads', 'null,console', '--modes', 'native,trap', '--iterations', 'null=40,console=4', '--repeat', '2'];

let json: string | undefined;
/** A short run's JSON, run once for the tests that need a result file. */
function shortJson(): string {
  if (!json) {
    const r = pvlab(['bench', ...SHORT, '--json']);
    if (r.status !== 0) throw new Error(`pvlab bench --json failed (${r.status}): ${r.stderr}`);
    json = join(dir, 'old.json');
    writeFileSync(json, r.stdout);
  }
  return json;
}

test.serial('a short run prints the table: a row per workload, native and trap per operation with ratios, exits per op', (t) => {
  const r = pvlab(['bench', ...SHORT]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /^pvlab bench: one operation of each workload, native \/ trap\n\npreset 'vmexit': hardware VM exit/);
  t.regex(r.stdout, /^ {20}modeled cycles\/op +exits\/op\n {2}workload +op +native +trap +ratio +native +trap$/m);
  t.regex(r.stdout, /^ {2}null +getpid +129 +[\d,]+ +[\d.]+x +0 +11$/m);
  t.regex(r.stdout, /^ {2}console +line +[\d,]+ +[\d,]+ +[\d.]+x +0 +[\d.]+$/m);
  t.notRegex(r.stdout, /ctxsw/);
  t.regex(r.stdout, /^host time per operation \(median of 2\)/m);
  t.notRegex(r.stdout + r.stderr, /\x1b\[/, 'no colour when not on a terminal');
  t.is(r.stderr, '', 'no progress bar when stderr is not a terminal');
});

test.serial('--json: one result with a row per workload and mode, valid against the schema', (t) => {
  const data = JSON.parse(readFileSync(shortJson(), 'utf8'));
  t.deepEqual(benchResultProblems(data), []);
  t.deepEqual(data.rows.map((r: { workload: string; mode: string }) => `${r.workload}/${r.mode}`), ['null/native', 'null/trap', 'console/native', 'console/trap']);
  t.is(data.rows[0].iterations, 40);
  t.is(data.rows[0].baselineIterations, 20);
  t.is(data.rows[1].exitsPerOp, 11);
});

test.serial('--costs FILE: a user preset comes first, handler rows left out keep the estimates', (t) => {
  const file = join(dir, 'costs.json');
  writeFileSync(file, JSON.stringify({ name: 'slow', title: 'a slow machine', roundTrip: 10000, handler: { 'guest-ecall': 0 } }));
  const r = pvlab(['bench', '--workloads', 'null', '--modes', 'native,trap', '--iterations', '20', '--repeat', '1', '--costs', file, '--json']);
  t.is(r.status, 0, r.stderr);
  const data = JSON.parse(r.stdout);
  t.deepEqual(data.presets.map((p: { name: string }) => p.name), ['slow', 'vmexit', 'trap']);
  const trap = data.rows[1];
  const expect = trap.instructionsPerOp + Object.entries(trap.exitsPerOpByReason as Record<string, number>)
    .reduce((a, [k, v]) => a + v * (10000 + (k === 'guest-ecall' ? 0 : data.presets[0].handler[k].cycles)), 0);
  t.is(trap.modeledCyclesPerOp.slow, expect);
});

test.serial('--compare OLD: after the run, what changed (exact counts unchanged)', (t) => {
  const r = pvlab(['bench', ...SHORT, '--compare', shortJson()]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /^pvlab bench --compare: old pvlab .* -> {2}new pvlab /);
  t.regex(r.stdout, /^ {2}null +trap +129 +129 += +11 +11 +=/m);
  t.regex(r.stdout, /exact counts: 4 rows unchanged, 0 changed/);
});

test.serial('--compare OLD NEW: two files, nothing run; a changed count is shown', (t) => {
  const old = JSON.parse(readFileSync(shortJson(), 'utf8'));
  const now = structuredClone(old);
  now.rows[1].exitsPerOp = 9;
  now.rows[1].exitsPerOpByReason['csr-read'] -= 2;
  now.rows[1].modeledCyclesPerOp.vmexit -= 2 * 1240;
  const file = join(dir, 'new.json');
  writeFileSync(file, JSON.stringify(now));
  const r = pvlab(['bench', '--compare', shortJson(), file]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /^ {2}null +trap +129 +129 += +11 +9 +-18%/m);
  t.regex(r.stdout, /exact counts: 3 rows unchanged, 1 changed/);
});

const bad: [string, string[], RegExp][] = [
  ['unknown workload', ['--workloads', 'null,nope'], /^pvlab: bench: unknown workload 'nope' \(workloads: null, ctxsw, pgfault, fork, console, timer, compute, disk-read, disk-write, net-rr, net-stream\)\n$/],
  ['unknown mode', ['--modes', 'kvm'], /^pvlab: bench: unknown mode 'kvm' \(modes: native, paravirt, trap\)\n$/],
  ['empty list', ['--modes', ','], /^pvlab: bench: --modes needs a list/],
  ['iterations not a number', ['--iterations', 'lots'], /^pvlab: bench: --iterations needs a whole number from 2 to 1,000,000 \(the baseline run uses N\/2\), not 'lots'\n$/],
  ['iterations below 2', ['--iterations', '1'], /^pvlab: bench: --iterations needs a whole number from 2 to 1,000,000 \(the baseline run uses N\/2\), not '1'\n$/],
  ['iterations negative', ['--iterations', '-1'], /^pvlab: bench: --iterations needs a whole number from 2 to 1,000,000 \(the baseline run uses N\/2\), not '-1'\n$/],
  ['iterations of a workload negative', ['--iterations', 'null=-4'], /^pvlab: bench: --iterations null= needs a whole number from 2 to 1,000,000 \(the baseline run uses N\/2\), not '-4'\n$/],
  ['repeat negative', ['--repeat', '-2'], /^pvlab: bench: --repeat needs a whole number from 1 to 100, not '-2'\n$/],
  ['iterations of an unknown workload', ['--iterations', 'nope=3'], /^pvlab: bench: --iterations: unknown workload 'nope'/],
  ['iterations not NAME=N', ['--iterations', 'null=2=3'], /^pvlab: bench: --iterations: 'null=2=3' is not NAME=N\n$/],
  ['repeat 0', ['--repeat', '0'], /^pvlab: bench: --repeat needs a whole number from 1 to 100, not '0'\n$/],
  ['missing cost file', ['--costs', '/nonexistent/costs.json'], /^pvlab: bench: cannot read cost file '\/nonexistent\/costs.json'\n$/],
  ['positional without --compare', ['old.json'], /^pvlab: bench: unexpected argument 'old.json'/],
  ['unknown option', ['--fast'], /^pvlab: bench: unknown option '--fast' \(try: pvlab bench --help\)\n$/],
  ['missing compare file', ['--compare', '/nonexistent/old.json'], /^pvlab: bench: cannot read '\/nonexistent\/old.json'\n$/],
];
for (const [what, args, message] of bad) {
  test(`bad argument, one line, exit 2: ${what}`, (t) => {
    const r = pvlab(['bench', ...args]);
    t.is(r.status, 2, r.stderr);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.is(r.stdout, '');
  });
}

const badFiles: [string, string, RegExp][] = [
  ['cost file not JSON', '{ name: ', /^pvlab: bench: .*costs-0\.json: error: not JSON/],
  ['cost preset without roundTrip', '{"name":"x"}', /: error: "roundTrip" must be a number of cycles \(>= 0\)\n$/],
  ['cost of an unknown exit reason', '{"name":"x","roundTrip":1,"handler":{"vmcall":3}}', /: error: unknown exit reason 'vmcall' \(reasons: csr-read, csr-write, /],
  ['cost preset named like a built-in one', '{"name":"vmexit","roundTrip":1}', /: error: preset name 'vmexit' is a built-in preset's; choose another\n$/],
  ['cost preset with an unknown field', '[{"name":"x","roundTrip":1,"cost":2}]', /: error: \[0\]: unknown field 'cost'/],
];
badFiles.forEach(([what, text, message], i) => {
  test(`bad cost file, one line, exit 2: ${what}`, (t) => {
    const file = join(dir, `costs-${i}.json`);
    writeFileSync(file, text);
    const r = pvlab(['bench', '--costs', file]);
    t.is(r.status, 2, r.stderr);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  });
});

test('a result file that is not a bench result: one line, exit 2', (t) => {
  const file = join(dir, 'not-bench.json');
  writeFileSync(file, JSON.stringify({ tool: 'lmbench', rows: [] }));
  const r = pvlab(['bench', '--compare', file, file]);
  t.is(r.status, 2);
  t.regex(r.stderr, /^pvlab: bench: .*not-bench\.json: error: not a pvlab bench --json result: "tool" is not "pvlab bench" \(and \d+ more\)\n$/);
});

test('bench --help teaches: workloads, options, examples; pvlab --help lists bench', (t) => {
  const r = pvlab(['bench', '--help']);
  t.is(r.status, 0);
  for (const w of ['null', 'ctxsw', 'pgfault', 'fork', 'console', 'timer', 'compute']) t.regex(r.stdout, new RegExp(`^ {2}${w} +\\S`, 'm'));
  for (const o of ['--workloads', '--modes', '--iterations', '--repeat', '--costs', '--json', '--html', '--compare']) t.true(r.stdout.includes(o), o);
  t.regex(pvlab(['--help']).stdout, /bench\s+benchmark native vs paravirtual vs trapped/);
});
