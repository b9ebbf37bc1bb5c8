/**
 * Live migration between pvlab processes (`pvlab boot --control`, `pvlab
 * receive`, `pvlab ctl migrate`): the VM continues in the receiver and
 * ends with the uninterrupted run's transcript and counts; a receiver
 * killed (SIGKILL) at several points leaves the sender's VM running to
 * that same end; a sender killed mid-transfer leaves the receiver starting
 * nothing, with one line that says why. Every process is killed at the end.
 */
import test from 'ava';
import { CONTROL_LINE, ctlAsync, pvlab, type Running } from '../control/_helpers/pvlab.js';

/** A session long enough to be migrated while it runs, busy writing memory. */
const SCRIPT = 'run fork 8\nrun pgfault 64\nrun compute 800\nrun ctxsw 100\nrun compute 800\necho done\nhalt 6\n';
const WAITING = /pvlab: waiting for a VM on (\S+) /;
const KEYS = ['transcript', 'instructions', 'cycles', 'exits', 'exitsByReason', 'hypercallsByName', 'stop', 'exitCode'];

/**
 * The run without migration. (Everything here runs in the background: the
 * tests of a file run side by side, and a process waited for synchronously
 * would hold the others' timers and pipes, and their kills, until it ends.)
 */
async function uninterrupted(t: import('ava').ExecutionContext, mode: string): Promise<Record<string, unknown>> {
  const p = pvlab(t, ['boot', '--mode', mode, '--script', '-', '--json'], SCRIPT);
  await p.exited;
  return JSON.parse(p.stdout) as Record<string, unknown>;
}

async function sender(t: import('ava').ExecutionContext, mode: string): Promise<{ p: Running; at: string }> {
  const p = pvlab(t, ['boot', '--mode', mode, '--script', '-', '--json', '--control', '127.0.0.1:0', '--paused'], SCRIPT);
  return { p, at: await p.waitFor(CONTROL_LINE) };
}

async function receiver(t: import('ava').ExecutionContext, extra: string[] = []): Promise<{ p: Running; at: string }> {
  const p = pvlab(t, ['receive', '--listen', '127.0.0.1:0', '--json', ...extra]);
  return { p, at: await p.waitFor(WAITING) };
}

for (const mode of ['trap', 'paravirt'] as const) {
  test(`${mode}: migrated to another process while it runs, and on to a third; it ends there exactly as uninterrupted`, async (t) => {
    const want = await uninterrupted(t, mode);
    const a = await sender(t, mode);
    const b = await receiver(t, ['--control', '127.0.0.1:0', '--paused']);
    const c = await receiver(t);
    t.like(await ctlAsync(t, a.at, 'resume', '0'), { status: 0 });
    const first = await ctlAsync(t, a.at, 'migrate', '0', b.at);
    t.is(first.status, 0, JSON.stringify(first.reply));
    t.like(first.reply, { ok: true, command: 'migrate', vm: 0, to: b.at, mode });
    t.true((first.reply.rounds as unknown[]).length >= 2);
    t.is(await a.p.exited, 0, a.p.stderr);
    t.regex(a.p.stderr, new RegExp(`^pvlab: VM 0 migrated to ${b.at.replace(/\./g, '\\.')}$`, 'm'));
    const bControl = await b.p.waitFor(CONTROL_LINE);
    t.like((await ctlAsync(t, bControl, 'list')).reply, { vms: [{ state: 'paused', instructions: first.reply.pausedAt }] }, 'received where it stopped, held by --paused');
    t.like(await ctlAsync(t, bControl, 'resume', '0'), { status: 0 });
    const second = await ctlAsync(t, bControl, 'migrate', '0', c.at);
    t.is(second.status, 0, JSON.stringify(second.reply));
    t.is(await b.p.exited, 0, b.p.stderr);
    t.is(await c.p.exited, 6, c.p.stderr);
    const got = JSON.parse(c.p.stdout) as Record<string, unknown>;
    for (const k of KEYS) t.deepEqual(got[k], want[k], k);
  });
}

for (const [point, when] of [
  ['as round 0 begins', (r: Running) => r.waitFor(/pvlab: (receiving) /)],
  ['in the middle of the pre-copy', (r: Running) => r.waitFor(/pvlab: (receiving) /).then(() => new Promise((s) => setTimeout(s, 150)))],
  ['while it restores', (r: Running) => r.waitFor(/pvlab: (restoring) /)],
] as const) {
  test(`a receiver killed ${point}: the migration fails in one line, and the sender's VM runs on to its uninterrupted end`, async (t) => {
    const want = await uninterrupted(t, 'trap');
    const a = await sender(t, 'trap');
    const b = await receiver(t);
    t.like(await ctlAsync(t, a.at, 'resume', '0'), { status: 0 });
    const killed = when(b.p).then(() => b.p.child.kill('SIGKILL'));
    const migrating = await ctlAsync(t, a.at, 'migrate', '0', b.at);
    await killed;
    t.is(migrating.status, 1, JSON.stringify(migrating.reply));
    t.regex(String(migrating.reply.error), /^migrate: the receiver at 127\.0\.0\.1:\d+ (closed the connection|went away \(\w+\)); VM 0 runs on here$/);
    t.is(await a.p.exited, 6, a.p.stderr);
    const got = JSON.parse(a.p.stdout) as Record<string, unknown>;
    for (const k of KEYS) t.deepEqual(got[k], want[k], k);
  });
}

test('a sender killed mid-transfer: the receiver starts nothing and says why', async (t) => {
  const a = await sender(t, 'trap');
  const b = await receiver(t);
  t.like(await ctlAsync(t, a.at, 'resume', '0'), { status: 0 });
  void b.p.waitFor(/pvlab: (receiving) /).then(() => a.p.child.kill('SIGKILL'));
  await ctlAsync(t, a.at, 'migrate', '0', b.at);
  t.is(await b.p.exited, 1);
  t.regex(b.p.stderr, /^pvlab: receive: no VM from 127\.0\.0\.1:\d+: the sender (closed the connection|went away \(\w+\)); nothing was started$/m);
  t.is(b.p.stdout, '', 'no VM ran, nothing printed');
});

test('receive: a bad address or mode is a usage error; a VM of another mode is refused and the sender keeps it', async (t) => {
  const run = async (args: string[]) => {
    const p = pvlab(t, args);
    return { status: await p.exited, stderr: p.stderr };
  };
  t.like(await run(['receive']), { status: 2, stderr: 'pvlab: receive: --listen ADDR says where to wait for the VM (try: pvlab receive --help)\n' });
  t.like(await run(['receive', '--listen', '10.1.2.3:7000']), { status: 2 });
  t.like(await run(['receive', '--listen', '127.0.0.1:0', '--mode', 'fast']), { status: 2, stderr: "pvlab: receive: unknown mode 'fast' (modes: native, trap, paravirt)\n" });
  const a = await sender(t, 'trap');
  const b = await receiver(t, ['--mode', 'paravirt']);
  const refused = await ctlAsync(t, a.at, 'migrate', '0', b.at);
  t.is(refused.status, 1);
  t.regex(String(refused.reply.error), /the VM runs in mode trap; this receiver was started with --mode paravirt; VM 0 runs on here/);
  t.is(await b.p.exited, 1);
  t.like((await ctlAsync(t, a.at, 'list')).reply, { vms: [{ state: 'paused' }] }, 'still the sender\'s, still paused as it was');
  await ctlAsync(t, a.at, 'destroy', '0');
  await a.p.exited;
});
