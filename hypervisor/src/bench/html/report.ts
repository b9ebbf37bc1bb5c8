/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script,
 * nothing fetched) with a chart per workload, the tables, the cost model
 * and an explanation of the results.
 */
import { EXIT_REASONS } from '../../vmm/exit-reasons.js';
import { exitCost, type CostPreset } from '../costs.js';
import { fmt, fmtRatio } from '../format.js';
import type { BenchMode, BenchResult, BenchRow } from '../result.js';
import { columns, rowIndex } from '../table.js';
import { benchWorkload, isBenchWorkload } from '../workloads.js';
import { escapeHtml as h } from './escape.js';
import { INSTRUCTIONS_COLOR, reasonColor } from './palette.js';
import { costTable, hostTable, hypercallTable, reasonTable, summaryTable } from './sections.js';
import { svgChart, type Bar } from './svg-chart.js';
import { STYLE } from './style.js';

/** The bars of one chart: a bar per mode column. */
function bars(result: BenchResult, workload: string, value: (r: BenchRow) => Bar['segments'], text: (r: BenchRow) => string): Bar[] {
  const get = rowIndex(result);
  return columns(result).map((m: BenchMode) => {
    const r = get(workload, m);
    return r ? { label: m, segments: value(r), text: text(r) } : { label: m, segments: [], text: 'missing' };
  });
}

const reasonSegments = (r: BenchRow, weight: (reason: (typeof EXIT_REASONS)[number]['name']) => number) =>
  EXIT_REASONS.filter((x) => r.exitsPerOpByReason[x.name]).map((x) => ({ key: x.name, value: r.exitsPerOpByReason[x.name] * weight(x.name), color: reasonColor(x.name) }));

/** Charts of one workload: modeled cycles per op under each preset, and exits per op. */
function workloadFigure(result: BenchResult, workload: string): string {
  const op = result.rows.find((r) => r.workload === workload)?.operation ?? 'op';
  const native = rowIndex(result)(workload, 'native');
  const cycleCharts = result.presets.map((p: CostPreset) => svgChart({
    id: `chart-${workload}-cycles-${p.name}`,
    title: `modeled cycles per ${op}, preset ${p.name}`,
    unit: `cycles per ${op} (instructions + exits × cost)`,
    bars: bars(result, workload,
      (r) => [{ key: 'instructions', value: r.instructionsPerOp, color: INSTRUCTIONS_COLOR }, ...reasonSegments(r, (reason) => exitCost(p, reason))],
      (r) => `${fmt(r.modeledCyclesPerOp[p.name])}${native && r.mode !== 'native' ? ` (${fmtRatio(r.modeledCyclesPerOp[p.name] / native.modeledCyclesPerOp[p.name])})` : ''}`),
  }));
  const exitsChart = svgChart({
    id: `chart-${workload}-exits`,
    title: `exits per ${op}, by reason`,
    unit: `exits per ${op}`,
    bars: bars(result, workload, (r) => reasonSegments(r, () => 1), (r) => fmt(r.exitsPerOp)),
  });
  const spec = isBenchWorkload(workload) ? benchWorkload(workload) : undefined;
  const reasons = new Set(result.rows.filter((r) => r.workload === workload).flatMap((r) => Object.keys(r.exitsPerOpByReason)));
  const legend = [`<span><span class="swatch" style="background:${INSTRUCTIONS_COLOR}"></span>instructions</span>`,
    ...EXIT_REASONS.filter((r) => reasons.has(r.name)).map((r) => `<span><span class="swatch" style="background:${reasonColor(r.name)}"></span>${h(r.name)}</span>`)].join(' ');
  return `<section class="workload" id="workload-${h(workload)}" data-workload="${h(workload)}">
<h3><code>${h(workload)}</code> — ${h(spec?.what ?? op)}</h3>
<div class="charts">${cycleCharts.join('')}${exitsChart}</div>
<p class="legend">${legend}</p>
${spec ? `<p>${h(spec.why)}</p>` : ''}
</section>`;
}

/** One sentence of numbers per workload: exits per operation and the ratio, trapped and paravirtualized. */
function findings(result: BenchResult): string {
  const get = rowIndex(result);
  const p = result.presets[0];
  const items = result.settings.workloads.map((w) => {
    const native = get(w, 'native');
    const part = (m: BenchMode) => {
      const r = get(w, m);
      if (!r) return result.settings.modes.includes(m) ? `${m}: missing` : '';
      const top = Object.entries(r.exitsPerOpByReason).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
      const ratio = native ? `, ${fmtRatio(r.modeledCyclesPerOp[p.name] / native.modeledCyclesPerOp[p.name])} native` : '';
      return `${m} ${fmt(r.exitsPerOp)} exits per ${r.operation}${top ? ` (${top})` : ''}${ratio}`;
    };
    const parts = (['paravirt', 'trap'] as const).map(part).filter(Boolean);
    return `<li><b><code>${h(w)}</code></b>: ${h(parts.join('; ') || 'native only')}.</li>`;
  });
  return `<ul>${items.join('\n')}</ul>`;
}

/** The whole report. */
export function htmlReport(result: BenchResult): string {
  const m = result.machine;
  const missing = result.unavailable.map((u) => `<p class="missing-note"><b>${u.workload ? `${h(u.workload)} ` : ''}${h(u.mode)} is missing from this run:</b> ${h(u.reason)}</p>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pvlab bench — native vs paravirtual vs trapped</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>pvlab bench — native vs paravirtual vs trapped</h1>
<p class="meta">${h(result.version)} · ${h(result.date)} · ${h(m.cpu)} (${m.cores} cores) · ${h(m.platform)} · Node ${h(m.node)} · host ${h(m.host)}<br>
workloads ${h(result.settings.workloads.map((w) => `${w} N=${result.settings.iterations[w]}`).join(', '))} · modes ${h(result.settings.modes.join(', '))} · ${result.settings.repeat} repetition${result.settings.repeat === 1 ? '' : 's'} · ${fmt(result.wallMs / 1000)} s</p>
${missing}
</header>
<main>
<section id="reading">
<h2>What the numbers are</h2>
<ul>
<li><b>Exact</b> (the same on every run and every host): guest instructions, exits by reason, hypercalls by name, inside each workload's measured region (between its <code>mark(0)</code> and <code>mark(1)</code>).</li>
<li><b>Per operation</b>: each workload runs at N/2 and at N; the difference of the two regions over the difference of their operations, so that set-up cancels (as lmbench subtracts its loop overhead).</li>
<li><b>Modeled</b>: cycles = instructions + Σ exits × cost(reason), one cycle per instruction, exit costs from the presets below. The board's time is virtual, so these are what the counts would cost on hardware whose exits cost this much — a model, shown under ${result.presets.length} presets so that you can see how much the conclusion depends on it.</li>
<li><b>Measured</b>: host time per operation of pvlab's TypeScript hypervisor on this machine (min and median of ${result.settings.repeat} runs), and guest MIPS. These say how fast the emulator is, not how fast the hardware would be.</li>
</ul>
</section>
<section id="summary">
<h2>Per operation, by mode</h2>
${summaryTable(result)}
</section>
<section id="why">
<h2>Why paravirtualization wins where it wins</h2>
<p>Trapped, the unmodified kernel runs deprivileged in U-mode: every trap its users take is reflected to it by the hypervisor, and every privileged instruction on its trap path (CSR reads and writes, <code>sret</code>, <code>sfence.vma</code>), every device register access and every hidden page fault of the shadow tables exits again. Paravirtualized, the kernel runs confined in S-mode: <b>system calls, page faults and timer and console interrupts are delegated straight to it</b> and cost no exit; what it may not do itself it asks for by hypercall, in bulk — <b>page-table updates batched</b> into <code>mmu_update</code>, an address-space switch and its TLB flush as one <code>multicall</code>, a <b>whole console buffer</b> in one write instead of a UART register access per byte.</p>
<p>Where it does not win: <b>compute</b>. Code without privileged operations runs at full speed in every mode, so there is nothing to save; paravirtualization only makes the privileged operations cheaper, and the guest code that queues its page-table updates is a few instructions longer than a plain store.</p>
<h3>In this run (preset <code>${h(result.presets[0].name)}</code>)</h3>
${findings(result)}
</section>
<section id="workloads">
<h2>Workloads</h2>
${result.settings.workloads.map((w) => workloadFigure(result, w)).join('\n')}
</section>
<section id="reasons">
<h2>Exits per operation, by reason</h2>
${reasonTable(result)}
</section>
<section id="hypercalls">
<h2>Hypercalls per operation</h2>
${hypercallTable(result)}
</section>
<section id="host">
<h2>Host time (measured)</h2>
${hostTable(result)}
</section>
<section id="costs">
<h2>The cost model</h2>
<p>cost(reason) = the preset's world-switch round trip + the handler's own work. <span class="basis published">published</span> numbers come from the cited measurements, <span class="basis estimate">estimate</span> numbers are pvlab's reasoning given beside them, <span class="basis user">user</span> numbers come from <code>--costs FILE</code>. A hypercall exit costs the same whatever it carries: the per-PTE validation of an <code>mmu_update</code> batch and the calls inside a <code>multicall</code> are not charged separately (the hypercall table counts them by name), which favours batching a little more than hardware would.</p>
${costTable(result)}
</section>
</main>
<footer><p>Made by <code>pvlab bench</code>. Re-run with <code>--json</code> for the numbers, <code>--compare old.json</code> to see what changed.</p></footer>
</body>
</html>
`;
}
