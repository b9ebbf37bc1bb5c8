/**
 * `pvlab bench --migration`: the idle and the busy guest migrated once each
 * per mode, the figures as JSON and as the table; the idle guest dirties
 * nothing (its stop-and-copy is the shadow pool alone), the busy one needs
 * more rounds.
 */
import test from 'ava';
import { pvlab } from '../control/_helpers/pvlab.js';

test('bench --migration: rounds, pages per round, bytes and downtime for an idle and a busy guest', async (t) => {
  const p = pvlab(t, ['bench', '--migration', '--modes', 'trap', '--json']);
  t.is(await p.exited, 0, p.stderr);
  const rows = JSON.parse(p.stdout) as { guest: string; mode: string; report: { rounds: { pages: number }[]; bytes: number; downtime: { pages: number; hostMs: number; instructions: number } } }[];
  t.deepEqual(rows.map((r) => [r.guest, r.mode]), [['idle', 'trap'], ['busy', 'trap']]);
  const [idle, busy] = rows.map((r) => r.report);
  t.is(idle.rounds[0].pages, 4608, 'round 0: the whole board');
  t.is(idle.rounds.length, 2);
  t.is(idle.downtime.pages, 512, 'idle: only the shadow pool is left for the stop-and-copy');
  t.true(busy.rounds.length > idle.rounds.length, `busy: ${busy.rounds.map((r) => r.pages).join(', ')}`);
  t.true(busy.downtime.pages > 512);
  t.true(idle.bytes < 4608 * 4096 / 10, 'deflated pages');
  const table = pvlab(t, ['bench', '--migration', '--modes', 'paravirt']);
  t.is(await table.exited, 0, table.stderr);
  t.regex(table.stdout, /^guest +mode +rounds +pages per round \(the last: paused\) +bytes +downtime pages +state bytes +guest insns +host ms$/m);
  t.regex(table.stdout, /^idle +paravirt +2 +4,608, 512 /m);
  t.regex(table.stdout, /^busy +paravirt +\d+ +4,608, /m);
});

test('bench --migration refuses what it does not use', async (t) => {
  const p = pvlab(t, ['bench', '--migration', '--repeat', '2']);
  t.is(await p.exited, 2);
  t.is(p.stderr, 'pvlab: bench: --repeat has no effect with --migration\n');
});
