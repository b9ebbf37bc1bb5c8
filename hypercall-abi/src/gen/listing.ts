/** `pvlab hypercalls list`: the catalogue as a table, or as JSON. */
import { hex32 } from '../sbi/ranges.js';
import type { Extension } from '../schema/extension.js';
import { errorsOf, registersOf, resultText, typeText } from './describe.js';
import { macroName } from './symbols.js';

/** A JSON-ready description of extensions (what `--json` prints). */
export function describeExtensions(extensions: readonly Extension[], origin?: (e: Extension) => string) {
  return extensions.map((e) => ({
    name: e.name,
    title: e.title,
    eid: e.eid,
    eidHex: hex32(e.eid),
    ...(origin ? { origin: origin(e) } : {}),
    doc: e.doc,
    calls: e.list.map((c) => ({
      name: c.name,
      fid: c.fid,
      macro: macroName(c),
      doc: c.doc,
      args: c.order.map((name) => ({ name, registers: registersOf(c, name), type: typeText(c.args[name]), doc: c.args[name].doc })),
      result: resultText(c.result),
      errors: errorsOf(c),
    })),
  }));
}

/** A plain-text table, one call per row. */
export function listText(extensions: readonly Extension[]): string {
  const rows = [['EID', 'FID', 'extension', 'call', 'macro', 'arguments (a0..a5)']];
  for (const e of extensions)
    for (const c of e.list) rows.push([hex32(e.eid), String(c.fid), e.name, c.name, macroName(c), c.slots.map((s) => s.param).join(', ')]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}
