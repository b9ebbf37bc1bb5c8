/**
 * Horizontal stacked bar charts as inline SVG (no script, no network): one
 * bar per mode, one segment per part of the total (instructions, then each
 * exit reason). Every bar is a `<g class="bar">` carrying its value in
 * `data-value`, so a test can check in a browser that bars with a value
 * are visible and bars without one are empty.
 */
import { escapeHtml } from './escape.js';

/** One part of a bar. */
export interface Segment {
  readonly key: string;
  readonly value: number;
  readonly color: string;
}

/** One bar. */
export interface Bar {
  readonly label: string;
  readonly segments: readonly Segment[];
  /** The number printed at the bar's end. */
  readonly text: string;
}

/** A chart. */
export interface Chart {
  readonly id: string;
  readonly title: string;
  /** What the axis counts (`cycles per getpid`). */
  readonly unit: string;
  readonly bars: readonly Bar[];
}

const WIDTH = 560, LABEL = 78, VALUE = 96, BAR = 22, GAP = 10, TOP = 26, AXIS = 30;

/** A round axis maximum at or above `x` (1, 2 or 5 times a power of ten). */
export function niceMax(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

const tickText = (v: number) => (v >= 1e6 ? `${+(v / 1e6).toFixed(2)}M` : v >= 1e3 ? `${+(v / 1e3).toFixed(2)}k` : `${+v.toFixed(2)}`);

/** The chart as an `<svg>` element. */
export function svgChart(chart: Chart): string {
  const total = (b: Bar) => b.segments.reduce((a, s) => a + s.value, 0);
  const max = niceMax(Math.max(0, ...chart.bars.map(total)));
  const plot = WIDTH - LABEL - VALUE;
  const height = TOP + chart.bars.length * (BAR + GAP) + AXIS;
  const x = (v: number) => (v / max) * plot;
  const parts: string[] = [];
  parts.push(`<svg class="chart" id="${escapeHtml(chart.id)}" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(chart.title)}">`);
  parts.push(`<title>${escapeHtml(chart.title)}</title>`);
  parts.push(`<text class="chart-title" x="0" y="15">${escapeHtml(chart.title)}</text>`);
  const axisY = TOP + chart.bars.length * (BAR + GAP);
  for (let i = 0; i <= 4; i++) {
    const tx = LABEL + (plot * i) / 4;
    parts.push(`<line class="grid" x1="${tx.toFixed(1)}" y1="${TOP - 4}" x2="${tx.toFixed(1)}" y2="${axisY}"/>`);
    parts.push(`<text class="tick" x="${tx.toFixed(1)}" y="${axisY + 14}" text-anchor="middle">${tickText((max * i) / 4)}</text>`);
  }
  parts.push(`<text class="unit" x="${LABEL + plot / 2}" y="${axisY + 28}" text-anchor="middle">${escapeHtml(chart.unit)}</text>`);
  chart.bars.forEach((bar, i) => {
    const y = TOP + i * (BAR + GAP);
    const value = total(bar);
    parts.push(`<g class="bar" data-label="${escapeHtml(bar.label)}" data-value="${value}">`);
    parts.push(`<text class="bar-label" x="${LABEL - 8}" y="${y + BAR / 2 + 4}" text-anchor="end">${escapeHtml(bar.label)}</text>`);
    let at = LABEL;
    for (const s of bar.segments) {
      if (!(s.value > 0)) continue;
      // At least half a pixel, so that a segment with a value is never invisible.
      const w = Math.max(x(s.value), 0.5);
      parts.push(`<rect class="seg" data-key="${escapeHtml(s.key)}" x="${at.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${BAR}" fill="${s.color}"><title>${escapeHtml(`${bar.label}: ${s.key} ${tickText(s.value)}`)}</title></rect>`);
      at += x(s.value);
    }
    parts.push(`<text class="bar-value" x="${(Math.max(at, LABEL) + 6).toFixed(2)}" y="${y + BAR / 2 + 4}">${escapeHtml(bar.text)}</text>`);
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('');
}
