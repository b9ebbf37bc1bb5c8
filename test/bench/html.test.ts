/**
 * The HTML report: one self-contained file that parses, with a section and
 * its charts per workload (modeled cycles under each preset and exits, a bar
 * per mode), the tables and the cost model; opened in headless Chromium,
 * its bars are visible where they have a value and empty where they do not.
 * Without Chromium the browser test is skipped with a note, unless
 * PVLAB_REQUIRE_REFERENCE_TOOLS=1.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_WORKLOAD_NAMES, COST_PRESETS, EXIT_REASONS, htmlReport } from '@pvlab/hypervisor';
import { htmlProblems, shortRun } from './_helpers/bench.js';

const CHROMIUM = '/usr/bin/chromium';
const html = () => htmlReport(shortRun());
const modes = () => shortRun().settings.modes.length;

test('the report parses: every element closed in order', (t) => {
  t.deepEqual(htmlProblems(html()), []);
  t.deepEqual(htmlProblems('<div><p>x</div>'), ['</div> closes <p>', 'unclosed: div'], 'the check can fail');
});

test('the report is self-contained: no script, nothing fetched', (t) => {
  const s = html();
  t.notRegex(s, /<script|<link|<img|<iframe|\ssrc=|url\(|@import/i);
  t.notRegex(s, /https?:\/\//);
});

test('a section per workload, with a chart per preset and one of exits, a bar per mode', (t) => {
  const s = html();
  for (const w of BENCH_WORKLOAD_NAMES) {
    const section = new RegExp(`<section class="workload" id="workload-${w}"[^>]*>([\\s\\S]*?)</section>`).exec(s);
    t.truthy(section, w);
    const charts = [...section![1].matchAll(/<svg class="chart" id="([^"]+)"[\s\S]*?<\/svg>/g)];
    t.deepEqual(charts.map((c) => c[1]), [...COST_PRESETS.map((p) => `chart-${w}-cycles-${p.name}`), `chart-${w}-exits`]);
    for (const c of charts) t.is((c[0].match(/<g class="bar"/g) ?? []).length, modes(), c[1]);
  }
});

test('the report has the summary, exit reasons, the cost table of every reason, machine, version and the explanation', (t) => {
  const s = html();
  for (const id of ['summary', 'why', 'reasons', 'hypercalls', 'host', 'costs']) t.regex(s, new RegExp(`<section id="${id}">`));
  const costs = /<table class="costs">[\s\S]*?<\/table>/.exec(s)![0];
  t.is((costs.match(/<tr>/g) ?? []).length, EXIT_REASONS.length + 1);
  t.regex(s, /pvlab \d+\.\d+\.\d+/);
  t.regex(s, /Node v\d+/);
  for (const word of ['system calls', 'batched', 'whole console buffer', 'compute', 'Exact', 'Modeled', 'Measured']) t.true(s.includes(word), word);
});

// Appended to a copy of the report: the browser's layout of every bar, written into the DOM for --dump-dom.
const PROBE = `<script>
document.body.setAttribute('data-probe', JSON.stringify([...document.querySelectorAll('svg.chart')].map((svg) => ({
  id: svg.id, width: svg.getBoundingClientRect().width,
  bars: [...svg.querySelectorAll('g.bar')].map((g) => ({
    label: g.dataset.label, value: Number(g.dataset.value),
    drawn: [...g.querySelectorAll('rect.seg')].reduce((a, r) => { const b = r.getBoundingClientRect(); return a + b.width * b.height; }, 0),
  })),
}))));
</script></body>`;

test.serial('in headless Chromium every chart is laid out and its bars are visible where they have a value', (t) => {
  if (!existsSync(CHROMIUM)) {
    if (process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') return t.fail(`${CHROMIUM} is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1): apt-get install chromium`);
    t.log(`skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
    return t.pass();
  }
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-bench-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html().replace('</body>', PROBE));
  const r = spawnSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
    `--user-data-dir=${join(dir, 'profile')}`, '--window-size=1320,1000', '--dump-dom', `file://${file}`,
  ], { encoding: 'utf8', timeout: 120_000 });
  t.is(r.status, 0, r.stderr);
  const probe = /data-probe="([^"]*)"/.exec(r.stdout);
  t.truthy(probe, 'the probe ran');
  const charts = JSON.parse(probe![1].replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { id: string; width: number; bars: { label: string; value: number; drawn: number }[] }[];
  t.is(charts.length, BENCH_WORKLOAD_NAMES.length * (COST_PRESETS.length + 1));
  for (const c of charts) {
    t.true(c.width > 100, `${c.id} is laid out`);
    t.is(c.bars.length, modes(), c.id);
    for (const b of c.bars) t.is(b.drawn > 0, b.value > 0, `${c.id} ${b.label}: value ${b.value}, drawn area ${b.drawn}`);
    // In a cycles chart every mode that ran the workload has a visible bar (each executes instructions).
    const workload = /^chart-(.+)-cycles-/.exec(c.id)?.[1];
    if (workload) for (const b of c.bars) if (shortRun().rows.some((x) => x.workload === workload && x.mode === b.label)) t.true(b.drawn > 0, `${c.id} ${b.label}`);
  }
});
