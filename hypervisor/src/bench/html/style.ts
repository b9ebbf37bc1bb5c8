/** The report's stylesheet, inlined into the file. */
export const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2430; margin: 0 auto; max-width: 1320px; padding: 0 24px 48px; }
h1 { font-size: 26px; margin: 24px 0 4px; } h2 { font-size: 20px; margin-top: 36px; border-bottom: 1px solid #d8dde3; } h3 { font-size: 16px; margin: 20px 0 6px; }
.meta { color: #5b6675; font-size: 13px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; font-size: 13px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #e6e9ed; text-align: right; } th { background: #f5f7f9; } td.text, th:first-child { text-align: left; }
td.ratio { color: #5b6675; } td.missing, .missing-note { color: #b3261e; }
.charts { display: flex; flex-wrap: wrap; gap: 10px 24px; }
svg.chart .chart-title { font-size: 13px; font-weight: 600; fill: #1d2430; }
svg.chart .tick, svg.chart .unit { font-size: 11px; fill: #5b6675; } svg.chart .grid { stroke: #e6e9ed; }
svg.chart .bar-label, svg.chart .bar-value { font-size: 12px; fill: #1d2430; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; vertical-align: baseline; }
.legend span { margin-right: 10px; font-size: 13px; white-space: nowrap; }
.basis { font-size: 11px; padding: 0 4px; border-radius: 3px; background: #eef1f4; } .basis.published { background: #dcefe0; } .basis.user { background: #e5e1f5; }
dl.reason-docs { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 13px; } dl.reason-docs dd { margin: 0; }
code { font-size: 0.92em; }
`;
