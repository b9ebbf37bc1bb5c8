/**
 * `pvlab bench --compare old.json`: what changed between two runs, row by
 * row. Exact counts either are equal or changed (any change is real: the
 * machine is deterministic); modeled cycles follow from them; host time is
 * a measurement and moves a little from run to run.
 */
import { cell, fmt, paint, renderTable, type Cell } from './format.js';
import { BENCH_MODES, type BenchResult, type BenchRow } from './result.js';

const change = (a: number, b: number): string => {
  if (a === b) return '=';
  if (a === 0) return 'new';
  const pct = ((b - a) / a) * 100;
  return `${pct > 0 ? '+' : ''}${Math.abs(pct) >= 10 ? pct.toFixed(0) : pct.toFixed(1)}%`;
};

/** The comparison as text lines. */
export function formatCompare(old: BenchResult, now: BenchResult, color = false): string {
  const p = paint(color);
  const preset = now.presets.find((x) => old.presets.some((o) => o.name === x.name))?.name;
  const key = (r: BenchRow) => `${r.workload}/${r.mode}`;
  const olds = new Map(old.rows.map((r) => [key(r), r]));
  const news = new Map(now.rows.map((r) => [key(r), r]));
  const order = [...new Set([...now.rows, ...old.rows].map((r) => r.workload))];
  const keys = order.flatMap((w) => BENCH_MODES.map((m) => `${w}/${m}`)).filter((k) => olds.has(k) || news.has(k));

  const head: Cell[] = [cell('workload', p.bold), cell('mode', p.bold, true), { text: 'instructions/op', style: p.bold, span: 3 }, { text: 'exits/op', style: p.bold, span: 3 }];
  if (preset) head.push({ text: `cycles/op (${preset})`, style: p.bold, span: 3 });
  head.push({ text: 'host ns/op (median)', style: p.bold, span: 3 });
  let same = 0, changed = 0;
  const body = keys.map((k) => {
    const [w, m] = k.split('/');
    const a = olds.get(k), b = news.get(k);
    if (!a || !b) return [cell(w), cell(m, undefined, true), { text: a ? 'only in the old run' : 'only in the new run', span: 3, left: true } as Cell];
    const exact = a.instructionsPerOp === b.instructionsPerOp && JSON.stringify(a.exitsPerOpByReason) === JSON.stringify(b.exitsPerOpByReason);
    if (exact) same++;
    else changed++;
    const trio = (x: number, y: number, exactFigure: boolean): Cell[] => {
      const c = change(x, y);
      return [cell(fmt(x)), cell(fmt(y)), cell(c, c === '=' ? p.dim : exactFigure ? (y < x ? p.good : p.bad) : undefined)];
    };
    const cells = [cell(w), cell(m, undefined, true), ...trio(a.instructionsPerOp, b.instructionsPerOp, true), ...trio(a.exitsPerOp, b.exitsPerOp, true)];
    if (preset) cells.push(...trio(a.modeledCyclesPerOp[preset] ?? NaN, b.modeledCyclesPerOp[preset] ?? NaN, true));
    cells.push(...trio(a.hostNsPerOp.median, b.hostNsPerOp.median, false));
    return cells;
  });
  return [
    p.bold(`pvlab bench --compare: old ${old.version}, ${old.date}  ->  new ${now.version}, ${now.date}`),
    ...renderTable([head, ...body]).map((l) => `  ${l}`),
    '',
    `exact counts: ${same} row${same === 1 ? '' : 's'} unchanged, ${changed} changed${changed ? ' (a change in exact counts is a change in the guest or the hypervisor, never noise)' : ''}; host time is measured and varies between runs.`,
  ].join('\n');
}
