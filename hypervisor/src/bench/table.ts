/**
 * The terminal table, in the manner of lmbench's summary and Table 3 of
 * the Xen paper (Barham et al., SOSP 2003): one row per workload, one
 * column per mode, the cost of one operation and its ratio to native.
 */
import { cell, fmt, fmtRatio, paint, renderTable, type Cell, type Paint } from './format.js';
import { BENCH_MODES, type BenchMode, type BenchResult, type BenchRow } from './result.js';
import { benchWorkload, isBenchWorkload } from './workloads.js';

/** The rows of `result` by workload and mode. */
export function rowIndex(result: BenchResult): (workload: string, mode: BenchMode) => BenchRow | undefined {
  const m = new Map(result.rows.map((r) => [`${r.workload}/${r.mode}`, r]));
  return (w, mode) => m.get(`${w}/${mode}`);
}

/** The modes of the run's columns: those asked for, available or not. */
export const columns = (result: BenchResult): BenchMode[] => BENCH_MODES.filter((m) => result.settings.modes.includes(m));

const ratioStyle = (p: Paint, r: number) => (r <= 1.1 ? p.good : r <= 2 ? p.warn : p.bad);

/** The whole table as text lines (colour only when `color`). */
export function formatTable(result: BenchResult, color = false): string {
  const p = paint(color);
  const get = rowIndex(result);
  const modes = columns(result);
  const missingIn = (w: string) => (m: BenchMode) => result.unavailable.some((u) => u.mode === m && (u.workload === undefined || u.workload === w));
  const workloads = result.settings.workloads;
  const out: string[] = [p.bold(`pvlab bench: one operation of each workload, ${modes.join(' / ')}`), ''];

  // Per preset: modeled cycles per operation and the ratio to native; exits per operation beside the first.
  result.presets.forEach((preset, i) => {
    const cycleCols = modes.flatMap((m) => (m === 'native' ? [m] : [m, 'ratio']));
    const group: Cell[] = [cell(''), cell(''), { text: 'modeled cycles/op', span: cycleCols.length, left: true, style: p.bold }];
    if (i === 0) group.push({ text: 'exits/op', span: modes.length, left: true, style: p.bold });
    const head: Cell[] = [cell('workload', p.bold), cell('op', p.bold, true), ...cycleCols.map((c) => cell(c, p.bold))];
    if (i === 0) head.push(...modes.map((m) => cell(m, p.bold)));
    const body = workloads.map((w) => {
      const missing = missingIn(w);
      const base = get(w, 'native')?.modeledCyclesPerOp[preset.name];
      const cells: Cell[] = [cell(w), cell(get(w, modes.find((m) => get(w, m)) ?? 'native')?.operation ?? '', undefined, true)];
      for (const m of modes) {
        const v = get(w, m)?.modeledCyclesPerOp[preset.name];
        cells.push(cell(v === undefined ? (missing(m) ? 'missing' : '-') : fmt(v), v === undefined ? p.bad : undefined));
        if (m !== 'native') {
          const ratio = v !== undefined && base ? v / base : NaN;
          cells.push(cell(Number.isFinite(ratio) ? fmtRatio(ratio) : '', Number.isFinite(ratio) ? ratioStyle(p, ratio) : undefined));
        }
      }
      if (i === 0) for (const m of modes) {
        const r = get(w, m);
        cells.push(cell(r ? fmt(r.exitsPerOp) : missing(m) ? 'missing' : '-', r ? undefined : p.bad));
      }
      return cells;
    });
    out.push(p.bold(`preset '${preset.name}'`) + `: ${preset.title}; an exit costs a ${fmt(preset.roundTrip.cycles)}-cycle round trip + its handler`);
    out.push(...renderTable([group, head, ...body]).map((l) => `  ${l}`), '');
  });

  // Host time: what this TypeScript hypervisor took, per operation, and guest MIPS.
  const head: Cell[] = [cell('workload', p.bold), cell('op', p.bold, true)];
  for (const m of modes) head.push({ text: `${m} ns/op`, style: p.bold }, { text: 'MIPS', style: p.bold });
  const body = workloads.map((w) => {
    const missing = missingIn(w);
    const cells: Cell[] = [cell(w), cell(get(w, modes.find((m) => get(w, m)) ?? 'native')?.operation ?? '', undefined, true)];
    for (const m of modes) {
      const r = get(w, m);
      cells.push(cell(r ? fmt(r.hostNsPerOp.median) : missing(m) ? 'missing' : '-', r ? undefined : p.bad), cell(r ? fmt(r.guestMips.median) : ''));
    }
    return cells;
  });
  out.push(p.bold(`host time per operation (median of ${result.settings.repeat}) and guest MIPS, this machine`));
  out.push(...renderTable([head, ...body]).map((l) => `  ${l}`), '');
  out.push(...exitLines(result, p));

  out.push(p.dim(`exact: instructions, exits and hypercalls (the same every run); modeled: cycles = instructions + Σ exits × cost (${result.presets.map((x) => `'${x.name}'`).join(', ')}; see --html); measured: host time.`));
  out.push(p.dim(`per operation = (region at N - region at N/2) / (their difference in operations); N: ${workloads.map((w) => `${w} ${result.settings.iterations[w]}${regionsOf(w) > 1 ? ` (${regionsOf(w)} regions a run, summed)` : ''}`).join(', ')}.`));
  for (const u of result.unavailable) out.push(p.bad(u.workload ? `${u.workload} ${u.mode}: missing: ${u.reason}` : `${u.mode}: missing: ${u.reason}`));
  return out.join('\n');
}

/** The mean host time of one exit in a row's measured region (each reason's median, weighted by its exits). */
export function hostNsPerExit(r: BenchRow): number {
  let ns = 0, n = 0;
  for (const [k, v] of Object.entries(r.hostNsPerExitByReason)) {
    ns += v * (r.exitsByReason[k] ?? 0);
    n += r.exitsByReason[k] ?? 0;
  }
  return n ? ns / n : 0;
}

/**
 * Host time per exit, by reason: what one world switch and its handling
 * cost this hypervisor (the fixed part, and the work a call asks for, such
 * as a batch's entries), and the share of each operation's host time spent
 * in exits. The measured counterpart of the modeled cost of an exit.
 */
function exitLines(result: BenchResult, p: Paint): string[] {
  const get = rowIndex(result);
  const rows = result.settings.workloads.flatMap((w) => columns(result).filter((m) => m !== 'native').map((m) => get(w, m)))
    .filter((r): r is BenchRow => r !== undefined && r.exitsPerOp > 0);
  if (!rows.length) return [];
  const head: Cell[] = [cell('workload', p.bold), cell('mode', p.bold, true), cell('exits/op', p.bold), cell('ns/exit', p.bold), cell('in exits', p.bold), cell('by reason: ns per exit (exits/op)', p.bold, true)];
  const body = rows.map((r) => {
    const top = Object.entries(r.exitsPerOpByReason).filter(([, k]) => k > 0).sort((a, b) => b[1] - a[1]).slice(0, 4);
    const share = r.hostNsPerOp.median > 0 ? (100 * r.hostNsInExitsPerOp.median) / r.hostNsPerOp.median : 0;
    return [
      cell(r.workload), cell(r.mode, undefined, true), cell(fmt(r.exitsPerOp)), cell(fmt(hostNsPerExit(r))), cell(`${share.toFixed(0)}%`),
      cell(top.map(([k, n]) => `${k} ${fmt(r.hostNsPerExitByReason[k] ?? 0)} (${fmt(n)})`).join(', '), undefined, true),
    ];
  });
  return [
    p.bold(`host time per exit, by reason (median of ${result.settings.repeat}): the world switch, the dispatch and the work asked for, timed inside the hypervisor`),
    ...renderTable([head, ...body]).map((l) => `  ${l}`),
    '',
  ];
}

/** Measured regions a run of workload `w` (BenchWorkloadSpec.regions). */
const regionsOf = (w: string): number => (isBenchWorkload(w) ? benchWorkload(w).regions ?? 1 : 1);
