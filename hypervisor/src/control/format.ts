/**
 * Replies as people read them (`pvlab ctl` without `--json`, the console's
 * monitor): `list` as a table, a migration's report with its rounds, one
 * line for the rest. Machines read the JSON (`--json`).
 */
import type { ControlReply } from './protocol.js';
import type { VmRow } from './controller.js';

const n = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toLocaleString('en-US'));
const mib = (bytes: number) => (bytes % (1 << 20) === 0 ? `${bytes / (1 << 20)}M` : bytes % 1024 === 0 ? `${bytes / 1024}K` : `${bytes}`);

/** The `list` table. */
export function vmTable(rows: readonly VmRow[]): string {
  const head = ['VM', 'MODE', 'STATE', 'INSTRUCTIONS', 'EXITS', 'HYPERCALLS', 'MEMORY'];
  const cells = rows.map((r) => [String(r.vm), r.mode, r.state + (r.reason ? ` (${r.reason})` : r.state === 'halted' && r.exitCode !== null ? ` (exit ${r.exitCode})` : ''), n(r.instructions), n(r.exits), n(r.hypercalls), mib(r.memory)]);
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const right = new Set([3, 4, 5, 6]);
  const line = (c: string[]) => c.map((s, i) => (right.has(i) ? s.padStart(width[i]) : s.padEnd(width[i]))).join('  ').trimEnd();
  return [line(head), ...cells.map(line)].join('\n');
}

/** A reply as text (several lines for `list` and `migrate`). */
export function formatReply(reply: ControlReply): string {
  if (!reply.ok) return `error: ${reply.error}`;
  const r = reply as Record<string, unknown>;
  switch (reply.command) {
    case 'list':
      return vmTable(r.vms as VmRow[]);
    case 'pause':
    case 'resume':
    case 'destroy':
      return `VM ${r.vm} ${r.state}${r.reason && reply.command === 'destroy' ? ` (${r.reason})` : ''} at instruction ${n(r.instructions as number)}`;
    case 'migrate':
      return migrationText(r);
    default:
      return Object.entries(r).filter(([k]) => k !== 'ok' && k !== 'command').map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('\n');
  }
}

/** A migration's report (migration/'s fields). */
function migrationText(r: Record<string, unknown>): string {
  const rounds = (r.rounds as { pages: number; bytes: number }[] | undefined) ?? [];
  const d = r.downtime as { instructions: number; hostMs: number } | undefined;
  return [
    `VM ${r.vm} migrated to ${r.to}`,
    `  rounds       ${rounds.length} (pages per round: ${rounds.map((x) => x.pages).join(', ')})`,
    `  bytes sent   ${n(r.bytes as number)}`,
    ...(d ? [`  downtime     ${n(d.instructions)} guest instructions, ${d.hostMs.toFixed(1)} ms on the host`] : []),
    `  total        ${(r.totalMs as number | undefined)?.toFixed(1) ?? '-'} ms`,
  ].join('\n');
}
