/**
 * `npm run bench` (scripts/perf.ts): every target is judged from the one
 * table (scripts/perf/targets.ts), met or MISSED on the right side of its
 * bound; the kernel's and the hypervisor's figures are the benchmark
 * harness's own rows (the numbers `pvlab bench` prints); and the scripts
 * reach the product only through its packages' public surfaces.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench, type ExitCost } from '@pvlab/hypervisor';
import { kernelLines } from '../../scripts/perf/kernel.js';
import { countLines, swapCounts } from '../../scripts/perf/previous.js';
import { relationLines } from '../../scripts/perf/relations.js';
import { TARGETS, meets, targetNote, type TargetName } from '../../scripts/perf/targets.js';
import { vmmLines } from '../../scripts/perf/vmm.js';

const SCRIPTS = join(import.meta.dirname, '../../scripts');

test('each target is met on its good side of the bound and MISSED on the other', (t) => {
  for (const name of Object.keys(TARGETS) as TargetName[]) {
    const { bound, better } = TARGETS[name];
    const good = better === 'higher' ? [bound, bound * 2] : better === 'atMost' ? [bound, bound / 2] : [bound - 1, bound / 2];
    const bad = better === 'higher' ? [bound - 1, 0] : better === 'atMost' ? [bound + 0.01, bound * 2] : [bound, bound * 2];
    for (const v of good) {
      t.true(meets(name, v), `${name} ${v}`);
      t.regex(targetNote(name, v), /^\(target [≥<≤] [\d,.]+[%×]?: met\)$/);
    }
    for (const v of bad) {
      t.false(meets(name, v), `${name} ${v}`);
      t.regex(targetNote(name, v), /^\(target [≥<≤] [\d,.]+[%×]?: MISSED\)$/);
    }
  }
  t.is(targetNote('csrExitNs', 1339), '(target < 1,000: MISSED)');
  t.is(targetNote('computeTrapShare', 93.5), '(target ≥ 90%: met)');
  t.is(targetNote('boardQemuSpeed', 0.59), '(target ≥ 0.6×: MISSED)');
  t.is(targetNote('kernelQemuTime', 1.2), '(target < 1.5×: met)');
  t.is(targetNote('paravirtNative', 1.5), '(target ≤ 1.5×: met)');
  t.is(targetNote('paravirtNativeLight', 1.16), '(target ≤ 1.15×: MISSED)');
  t.is(targetNote('paravirtTrap', 1), '(target < 1×: MISSED)');
});

test('no target is written by hand: every "(target" in the scripts comes from targetNote', (t) => {
  for (const file of ['perf.ts', ...readdirSync(join(SCRIPTS, 'perf')).map((f) => `perf/${f}`)]) {
    if (file === 'perf/targets.ts') continue;
    t.notRegex(readFileSync(join(SCRIPTS, file), 'utf8'), /\(target [≥<>≤]/, file);
  }
});

test('the scripts use the packages\' public surfaces only, never sources or test fixtures by path', (t) => {
  for (const file of ['perf.ts', ...readdirSync(join(SCRIPTS, 'perf')).map((f) => `perf/${f}`)]) {
    const imports = [...readFileSync(join(SCRIPTS, file), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    for (const i of imports) t.true(i.startsWith('node:') || i.startsWith('@pvlab/') || /^\.\/(perf\/)?[\w-]+\.js$/.test(i), `${file} imports ${i}`);
  }
});

test('the kernel and hypervisor lines show the harness\'s rows: the exits per operation pvlab bench prints', (t) => {
  const result = runBench({ workloads: ['null', 'fork', 'compute'], modes: ['native', 'trap'], repeat: 1, iterations: { null: 200, fork: 4, compute: 2 }, warmUp: false });
  const cost = (kind: ExitCost['kind'], ns: number): ExitCost => ({ kind, mode: kind === 'hypercall' || kind === 'multicall' || kind === 'pte-update' ? 'paravirt' : 'trap', loops: 200_000, nsPerExit: ns, cpuNsPerExit: ns / 2, exitsByReason: {} });
  const vmm = vmmLines({ csr: cost('csr-read', 800), fault: cost('shadow-fault', 1500), hypercall: cost('hypercall', 1200), multicall: cost('multicall', 3000), pteUpdate: cost('pte-update', 2500) }, result);
  for (const row of result.rows.filter((r) => r.mode === 'trap')) {
    const shown = row.exitsPerOp.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
    t.true(vmm.some((l) => new RegExp(`^ {2}${row.workload} +${shown.replace('.', '\\.')} exits per ${row.operation} `).test(l)), `${row.workload}: ${shown}\n${vmm.join('\n')}`);
  }
  t.true(vmm.some((l) => l.includes('CSR-emulation exit') && l.endsWith('(target < 1,000: met)')));
  t.true(vmm.some((l) => l.includes('no work') && l.endsWith('(target < 1,000: MISSED)')));
  t.true(vmm.some((l) => l.includes('2 entries (new_baseptr, tlb_flush) of 900 ns each')), vmm.join('\n'));
  t.true(vmm.some((l) => /page fault's mmu_update: +2,500 ns \(CPU 1,250 ns\)/.test(l)), vmm.join('\n'));
  t.true(vmm.some((l) => /^ {2}compute without exits: .*\(target ≥ 90%: (met|MISSED)\)$/.test(l)));
  const kernel = kernelLines(result, 250_000);
  const nullRow = result.rows.find((r) => r.workload === 'null' && r.mode === 'native')!;
  t.true(kernel.some((l) => l.includes(`${nullRow.instructionsPerOp} instructions   (target < 150: met)`)), kernel.join('\n'));
});

test('the relations are judged per workload from the harness\'s rows: paravirtualized against native (1.15x for null and compute, 1.5x else) and against trapped', (t) => {
  const result = runBench({ workloads: ['null', 'fork'], modes: ['native', 'paravirt', 'trap'], repeat: 1, iterations: { null: 200, fork: 4 }, warmUp: false });
  const { lines, met, of } = relationLines(result);
  t.is(of, 4, lines.join('\n'));
  const median = (w: string, m: string) => result.rows.find((r) => r.workload === w && r.mode === m)!.hostNsPerOp.median;
  const expectMet = [median('null', 'paravirt') / median('null', 'native') <= 1.15, median('fork', 'paravirt') / median('fork', 'native') <= 1.5,
    median('null', 'paravirt') < median('null', 'trap'), median('fork', 'paravirt') < median('fork', 'trap')].filter(Boolean).length;
  t.is(met, expectMet);
  const nullLine = lines.find((l) => /^ {2}null /.test(l))!;
  t.regex(nullLine, /\(target ≤ 1\.15×: (met|MISSED)\).*\(target < 1×: (met|MISSED)\)/);
  t.regex(lines.find((l) => /^ {2}fork /.test(l))!, /\(target ≤ 1\.5×: (met|MISSED)\)/);
  t.regex(lines[lines.length - 1], new RegExp(`^ {2}${met} of 4 relations met$`));
});

test('the exact counts are shown beside the last run\'s: the same, or each change with its previous value', (t) => {
  const now = { 'null native': { instructions: 129.1, exits: 0, hypercalls: 0 }, 'null trap': { instructions: 129.1, exits: 11, hypercalls: 0 } };
  t.deepEqual(countLines(now, undefined, undefined), ['exact counts: no earlier run on this machine to compare with (kept for the next)']);
  t.deepEqual(countLines(now, structuredClone(now), 'T'), ['exact counts: instructions, exits and hypercalls per operation of all 2 rows the same as the run of T']);
  const before = structuredClone(now);
  before['null trap'].exits = 12;
  t.deepEqual(countLines(now, before, 'T'), ['exact counts: 1 changed since the run of T', '  null trap: exits per operation 11, was 12']);
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-perf-'));
  const file = join(dir, 'sub', 'counts.json');
  t.is(swapCounts(file, now).previous, undefined);
  t.deepEqual(swapCounts(file, before).previous, now, 'the first run\'s counts, kept');
  writeFileSync(file, '{ broken');
  t.is(swapCounts(file, now).previous, undefined, 'a broken record is no record');
});
