/**
 * The README's benchmark block is the output of the command: its exact
 * lines (modeled cycles and exits per operation come from exact counts)
 * equal a fresh default run's table line for line; the measured host times
 * only have to have the same shape. `npm start` runs that benchmark after
 * booting the paravirtual kernel. Regenerate the block with
 * test/bench/_helpers/update-readme.ts.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { BENCH_MODES, BENCH_WORKLOAD_NAMES, formatTable, runBench } from '@pvlab/hypervisor';
import { README_BENCH, START, START_BENCH_ARGS, readmeBenchBlock } from './_helpers/readme.js';

const readme = readFileSync(README_BENCH, 'utf8');

test('npm start builds, boots the paravirtual kernel with a script, and runs the default benchmark with an HTML report', (t) => {
  t.regex(START, /^npm run build && /);
  t.regex(START, /\| node hypervisor\/dist\/cli\/main\.js boot [^&]*--mode paravirt --script - &&/);
  t.deepEqual(START_BENCH_ARGS, ['bench', '--html', 'reports/bench.html']);
  t.regex(readme, /npm install && npm start +# .*benchmark/);
});

test('the README shows the default benchmark as printed: its exact lines equal a fresh run\'s', (t) => {
  const block = readmeBenchBlock(readme).text;
  const shown = /```text\n\$ npm start\n\.\.\. .*\n([\s\S]*?)```/.exec(block);
  t.truthy(shown, 'the block holds the output of npm start');
  t.regex(shown![1], /^pvlab kernel \(paravirt\)\n[\s\S]*\ninit exited with status 0: shutting down\n/, 'the paravirtual boot first');
  const all = shown![1].split('\n');
  const lines = all.slice(all.findIndex((l) => l.startsWith('pvlab bench:')));
  t.true(lines.includes('report: reports/bench.html'));
  const fresh = formatTable(runBench({ workloads: BENCH_WORKLOAD_NAMES, modes: BENCH_MODES, repeat: 1, warmUp: false })).split('\n');
  const hostAt = (ls: string[]) => ls.findIndex((l) => l.startsWith('host time per operation'));
  // Everything before the host times is exact: the same text, line for line.
  t.deepEqual(lines.slice(0, hostAt(lines)), fresh.slice(0, hostAt(fresh)));
  // The host times are measured: the same rows, any numbers.
  const shape = (l: string) => l.replace(/\d[\d,]*(\.\d+)?/g, '#').replace(/ +/g, ' ');
  t.deepEqual(lines.slice(hostAt(lines), hostAt(lines) + 2 + BENCH_WORKLOAD_NAMES.length).map(shape), fresh.slice(hostAt(fresh), hostAt(fresh) + 2 + BENCH_WORKLOAD_NAMES.length).map(shape));
  // The host time of an exit, by reason: the rows (workload, mode, the reasons and their exits per operation) are exact, the times measured.
  const exitBlock = (ls: string[]) => {
    const at = ls.findIndex((l) => l.startsWith('host time per exit'));
    return at < 0 ? [] : ls.slice(at, ls.indexOf('', at));
  };
  t.true(exitBlock(fresh).length > 2, 'the run prints the host time per exit');
  t.deepEqual(exitBlock(lines).map(shape), exitBlock(fresh).map(shape));
});
