/**
 * The report's tables: the summary (the terminal table's figures), the
 * exit reasons by workload and mode, hypercalls, host time, the costs.
 */
import { EXIT_REASONS } from '../../vmm/exit-reasons.js';
import { exitCost } from '../costs.js';
import { fmt, fmtRatio } from '../format.js';
import type { BenchMode, BenchResult } from '../result.js';
import { columns, rowIndex } from '../table.js';
import { escapeHtml as h } from './escape.js';
import { reasonColor } from './palette.js';

const missingCell = '<td class="missing">missing</td>';

/** Modeled cycles per operation and ratio to native, for every preset, and exits per operation. */
export function summaryTable(result: BenchResult): string {
  const get = rowIndex(result);
  const modes = columns(result);
  const head = `<tr><th rowspan="2">workload</th><th rowspan="2">operation</th>${result.presets.map((p) => `<th colspan="${modes.length * 2 - (modes.includes('native') ? 1 : 0)}">modeled cycles per op, preset <code>${h(p.name)}</code></th>`).join('')}<th colspan="${modes.length}">exits per op</th></tr>
<tr>${result.presets.map(() => modes.map((m) => (m === 'native' ? `<th>${m}</th>` : `<th colspan="2">${m}</th>`)).join('')).join('')}${modes.map((m) => `<th>${m}</th>`).join('')}</tr>`;
  const body = result.settings.workloads.map((w) => {
    const op = modes.map((m) => get(w, m)).find(Boolean)?.operation ?? '';
    const cells = result.presets.map((p) => modes.map((m) => {
      const r = get(w, m);
      if (!r) return m === 'native' ? missingCell : `${missingCell}<td></td>`;
      const v = r.modeledCyclesPerOp[p.name];
      const base = get(w, 'native')?.modeledCyclesPerOp[p.name];
      return m === 'native' ? `<td>${fmt(v)}</td>` : `<td>${fmt(v)}</td><td class="ratio">${base ? fmtRatio(v / base) : ''}</td>`;
    }).join('')).join('');
    const exits = modes.map((m) => {
      const r = get(w, m);
      return r ? `<td>${fmt(r.exitsPerOp)}</td>` : missingCell;
    }).join('');
    return `<tr><th>${h(w)}</th><td class="text">${h(op)}</td>${cells}${exits}</tr>`;
  });
  return `<table class="summary"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>`;
}

/** Exits per operation by reason: a row per workload and mode, a column per reason that occurs. */
export function reasonTable(result: BenchResult): string {
  const used = EXIT_REASONS.filter((r) => result.rows.some((x) => (x.exitsPerOpByReason[r.name] ?? 0) !== 0));
  if (!used.length) return '<p>No exits in any measured region.</p>';
  const head = `<tr><th>workload</th><th>mode</th>${used.map((r) => `<th title="${h(r.doc)}"><span class="swatch" style="background:${reasonColor(r.name)}"></span>${h(r.name)}</th>`).join('')}<th>total</th></tr>`;
  const body = result.rows.map((x) => `<tr><th>${h(x.workload)}</th><td class="text">${x.mode}</td>${used.map((r) => `<td>${x.exitsPerOpByReason[r.name] ? fmt(x.exitsPerOpByReason[r.name]) : ''}</td>`).join('')}<td>${fmt(x.exitsPerOp)}</td></tr>`);
  const docs = used.map((r) => `<dt><span class="swatch" style="background:${reasonColor(r.name)}"></span><code>${h(r.name)}</code></dt><dd>${h(r.doc)}</dd>`).join('');
  return `<table class="reasons"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table><dl class="reason-docs">${docs}</dl>`;
}

/** Hypercalls per operation by name (paravirtual and trap rows that make any). */
export function hypercallTable(result: BenchResult): string {
  const names = [...new Set(result.rows.flatMap((r) => Object.keys(r.hypercallsPerOpByName)))].sort();
  const rows = result.rows.filter((r) => Object.keys(r.hypercallsByName).length);
  if (!rows.length) return '<p>No hypercalls in any measured region.</p>';
  const head = `<tr><th>workload</th><th>mode</th>${names.map((n) => `<th><code>${h(n)}</code></th>`).join('')}<th>per op</th><th>in the region at N</th></tr>`;
  const body = rows.map((x) => `<tr><th>${h(x.workload)}</th><td class="text">${x.mode}</td>${names.map((n) => `<td>${x.hypercallsPerOpByName[n] ? fmt(x.hypercallsPerOpByName[n]) : ''}</td>`).join('')}<td>${fmt(x.hypercallsPerOp)}</td><td>${fmt(Object.values(x.hypercallsByName).reduce((a, b) => a + b, 0))}</td></tr>`);
  return `<table><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>`;
}

/** Host time per operation and guest MIPS (measured). */
export function hostTable(result: BenchResult): string {
  const get = rowIndex(result);
  const modes = columns(result);
  const head = `<tr><th rowspan="2">workload</th>${modes.map((m) => `<th colspan="3">${m}</th>`).join('')}</tr><tr>${modes.map(() => '<th>ns/op min</th><th>ns/op median</th><th>MIPS median</th>').join('')}</tr>`;
  const body = result.settings.workloads.map((w) => `<tr><th>${h(w)}</th>${modes.map((m: BenchMode) => {
    const r = get(w, m);
    return r ? `<td>${fmt(r.hostNsPerOp.min)}</td><td>${fmt(r.hostNsPerOp.median)}</td><td>${fmt(r.guestMips.median)}</td>` : `${missingCell}<td></td><td></td>`;
  }).join('')}</tr>`);
  return `<table><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>`;
}

/** The cost of each exit reason under each preset, with the basis of every number. */
export function costTable(result: BenchResult): string {
  const trips = result.presets.map((p) => `<li><b><code>${h(p.name)}</code></b>: ${h(p.title)}. World-switch round trip <b>${fmt(p.roundTrip.cycles)} cycles</b> <span class="basis ${p.roundTrip.basis}">${p.roundTrip.basis}</span>: ${h(p.roundTrip.source)}</li>`).join('');
  const head = `<tr><th>exit reason</th>${result.presets.map((p) => `<th>${h(p.name)}<br><small>round trip + handler</small></th>`).join('')}<th>handler work (the same in every built-in preset)</th></tr>`;
  const body = EXIT_REASONS.map((r) => {
    const first = result.presets[0].handler[r.name];
    return `<tr><th><span class="swatch" style="background:${reasonColor(r.name)}"></span><code>${h(r.name)}</code></th>${result.presets.map((p) => `<td>${fmt(exitCost(p, r.name))}</td>`).join('')}<td class="text">${fmt(first.cycles)} <span class="basis ${first.basis}">${first.basis}</span> ${h(first.source)}</td></tr>`;
  });
  return `<ul class="presets">${trips}</ul><table class="costs"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>`;
}
