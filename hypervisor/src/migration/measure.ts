/**
 * Migration figures for the benchmark (`pvlab bench --migration`): a guest
 * that waits at its shell prompt (idle) and one that faults in fresh pages
 * as fast as it can (busy), each migrated once in this process over a
 * loopback socket — the same sender, receiver and state codec as `pvlab ctl
 * migrate` between processes — with the guest running between batches, as
 * under `pvlab boot --control`. The counts (rounds, pages, bytes, downtime in
 * guest instructions) depend only on the guest and the slice the run loop
 * runs between batches; host milliseconds are measurements.
 */
import { startBoot } from '../boot/boot.js';
import type { BootHandle, BootMode } from '../boot/types.js';
import { VmController } from '../control/controller.js';
import { receiveVm } from './receiver.js';
import type { MigrationReport } from './report.js';
import { migrate, senderHostOf } from './sender.js';
import type { VmStateCodec } from './vm-state.js';

/** The guests measured: a script for the shell, and instructions to run before the migration starts. */
export const MIGRATION_GUESTS = {
  idle: { script: 'echo ready\n', before: 2_000_000, what: 'at its shell prompt, waiting for input' },
  busy: { script: 'run pgfault 200\n'.repeat(200) + 'halt\n', before: 5_000_000, what: 'faulting in 200 fresh heap pages and giving them back, again and again (run pgfault 200)' },
} as const;

export type MigrationGuest = keyof typeof MIGRATION_GUESTS;

/** Guest instructions the run loop runs between two batches of pages (the CLI's served slice is 2,000,000). */
export const MEASURE_SLICE = 200_000;

export interface MeasureOptions {
  readonly kernel: Uint8Array;
  readonly mode: BootMode;
  readonly guest: MigrationGuest;
  readonly codec: VmStateCodec;
  /** The native boot's firmware. */
  readonly firmware?: Uint8Array;
}

/** Migrate one guest once; resolves with the sender's report (the receiver's VM is left unrun). */
export async function measureMigration(o: MeasureOptions): Promise<MigrationReport> {
  const g = MIGRATION_GUESTS[o.guest];
  const h: BootHandle = startBoot(o.kernel, { mode: o.mode, script: g.script, firmware: o.firmware });
  h.run(g.before);
  const c = new VmController(h, o.mode);
  let at!: (where: string) => void;
  const listening = new Promise<string>((resolve) => (at = resolve));
  const received = receiveVm({ address: { kind: 'tcp', host: '127.0.0.1', port: 0 }, codec: o.codec, onListening: (w) => at(w) });
  received.catch(() => undefined); // the sender's error says it all
  const port = Number((await listening).split(':').pop());
  let sending = true;
  const loop = (async () => {
    while (sending) {
      if (c.runnable) h.run(MEASURE_SLICE);
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  try {
    return await migrate(senderHostOf(c, 0), { to: { kind: 'tcp', host: '127.0.0.1', port }, mode: o.mode, codec: o.codec });
  } finally {
    sending = false;
    await loop;
    await received.catch(() => undefined);
  }
}

/** The figures as a table: one row per guest. */
export function migrationTable(rows: readonly { guest: MigrationGuest; mode: BootMode; report: MigrationReport }[]): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const head = ['guest', 'mode', 'rounds', 'pages per round (the last: paused)', 'bytes', 'downtime pages', 'state bytes', 'guest insns', 'host ms'];
  const cells = rows.map(({ guest, mode, report: r }) => [
    guest, mode, String(r.rounds.length), r.rounds.map((x) => n(x.pages)).join(', '), n(r.bytes),
    n(r.downtime.pages), n(r.downtime.stateBytes), n(r.downtime.instructions), r.downtime.hostMs.toFixed(1),
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((s, i) => (i >= 4 ? s.padStart(width[i]) : s.padEnd(width[i]))).join('  ').trimEnd();
  return [line(head), ...cells.map(line)].join('\n');
}
