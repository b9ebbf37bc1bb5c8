/**
 * `pvlab boot --control` and `pvlab ctl`, as processes: a scripted boot
 * started paused is listed, resumed, paused and resumed from another
 * process and ends as the same boot without control; bad addresses and
 * requests are one-line errors; destroy ends the run.
 */
import test from 'ava';
import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTROL_LINE, ctl, pvlab, pvlabSync } from './_helpers/pvlab.js';

const SCRIPT = 'run compute 300\nrun null 500\nhalt 3\n';

test('a scripted boot under control: listed paused, resumed, paused, resumed — and it ends with the counts of a boot without control', async (t) => {
  const plain = pvlabSync(['boot', '--mode', 'trap', '--script', '-', '--json'], SCRIPT);
  t.is(plain.status, 3, plain.stderr);
  const want = JSON.parse(plain.stdout);
  const p = pvlab(t, ['boot', '--mode', 'trap', '--script', '-', '--json', '--control', '127.0.0.1:0', '--paused'], SCRIPT);
  const at = await p.waitFor(CONTROL_LINE);
  const listed = ctl(at, 'list');
  t.is(listed.status, 0);
  t.like((listed.reply.vms as object[])[0], { vm: 0, mode: 'trap', state: 'paused', instructions: 0, exits: 0, hypercalls: 0, memory: 16 << 20 });
  // A malformed line on a raw connection: an error reply, and the VM is untouched.
  const answer = await new Promise<string>((resolve) => {
    const s = connect(Number(at.split(':')[1]), '127.0.0.1', () => s.write('{"command":"destroy"\n'));
    s.on('data', (d) => (resolve(String(d)), s.destroy()));
  });
  t.deepEqual(JSON.parse(answer), { ok: false, error: 'a request is one JSON object per line, such as {"command":"list"}' });
  t.like(ctl(at, 'pause', '7'), { status: 1, reply: { ok: false, error: 'no VM 7 (VMs: 0)' } });
  t.like(ctl(at, 'resume', 'vm0'), { status: 0, reply: { ok: true, state: 'running' } });
  const paused = ctl(at, 'pause', '0');
  if (paused.status === 0) {
    t.like(ctl(at, 'list').reply, { vms: [{ state: 'paused' }] });
    t.like(ctl(at, 'resume', '0'), { status: 0 });
  }
  t.is(await p.exited, 3, p.stderr);
  const got = JSON.parse(p.stdout);
  for (const k of ['transcript', 'instructions', 'cycles', 'exits', 'exitsByReason', 'hypercallsByName', 'stop', 'exitCode']) t.deepEqual(got[k], want[k], k);
});

test('ctl prints a table without --json; destroy ends the run, and says so', async (t) => {
  const p = pvlab(t, ['boot', '--mode', 'paravirt', '--script', '-', '--control', '127.0.0.1:0', '--paused'], SCRIPT);
  const at = await p.waitFor(CONTROL_LINE);
  const table = pvlabSync(['ctl', '--connect', at, 'list']);
  t.is(table.status, 0);
  t.regex(table.stdout, /^VM +MODE +STATE +INSTRUCTIONS +EXITS +HYPERCALLS +MEMORY\n0 +paravirt +paused +0 +0 +0 +16M\n$/);
  const gone = pvlabSync(['ctl', '--connect', at, 'destroy', '0']);
  t.is(gone.stdout, 'VM 0 halted (destroyed) at instruction 0\n');
  t.is(await p.exited, 0);
  t.regex(p.stderr, /^pvlab: VM 0 destroyed$/m);
});

test('a control address off the loopback interface is refused; ctl with nothing listening, or a bad command, says why', (t) => {
  const far = pvlabSync(['boot', '--control', '0.0.0.0:7420', '--script', '-'], 'halt\n');
  t.is(far.status, 2);
  t.is(far.stderr, "pvlab: boot: --control: the loopback interface only (127.0.0.1, localhost or [::1]), not '0.0.0.0': whoever reaches it can pause, copy and destroy VMs\n");
  const none = pvlabSync(['ctl', '--connect', '127.0.0.1:1', 'list']);
  t.is(none.status, 1);
  t.is(none.stderr, 'pvlab: ctl: nothing listens on 127.0.0.1:1 (start it with: pvlab boot … --control 127.0.0.1:1)\n');
  const waited = pvlabSync(['ctl', '--connect', '127.0.0.1:1', '--wait', '1', 'list']);
  t.like(waited, { status: 1, stderr: none.stderr }, '--wait tries again for a second, then says the same');
  t.like(pvlabSync(['ctl', 'fly', '0']), { status: 2, stderr: "pvlab: ctl: unknown command 'fly' (commands: list, pause, resume, snapshot, balloon, migrate, destroy)\n" });
  t.like(pvlabSync(['ctl', 'pause']), { status: 2, stderr: 'pvlab: ctl: pause: usage: pause VM\n' });
  t.like(pvlabSync(['boot', '--paused', '--script', '-'], 'halt\n'), { status: 2, stderr: 'pvlab: boot: --paused needs a way to resume: --control ADDR, or the console (Ctrl-A r) on a terminal\n' });
  const help = pvlabSync(['ctl', '--help']);
  t.is(help.status, 0);
  for (const c of ['list', 'pause VM', 'resume VM', 'snapshot VM FILE', 'balloon VM SIZE', 'migrate VM HOST:PORT', 'destroy VM']) t.regex(help.stdout, new RegExp(`^  ${c} `, 'm'));
});

test('ctl balloon sets a paravirtual VM\'s target (the balloon\'s setBalloonTarget); a trapped VM has no driver, and the reply says so', async (t) => {
  const pv = pvlab(t, ['boot', '--mode', 'paravirt', '--script', '-', '--control', '127.0.0.1:0', '--paused'], SCRIPT);
  const trap = pvlab(t, ['boot', '--mode', 'trap', '--script', '-', '--control', '127.0.0.1:0', '--paused'], SCRIPT);
  const [a, b] = [await pv.waitFor(CONTROL_LINE), await trap.waitFor(CONTROL_LINE)];
  const set = ctl(a, 'balloon', '0', '8M');
  t.is(set.status, 0, JSON.stringify(set.reply));
  t.like(set.reply, { ok: true, command: 'balloon', vm: 0, target: 8 << 20, maxPages: 4096 });
  const refused = ctl(b, 'balloon', '0', '8M');
  t.is(refused.status, 1);
  t.regex(String(refused.reply.error), /^balloon: VM 0 runs the unmodified kernel \(trap mode\): it has no balloon driver/);
  for (const at of [a, b]) ctl(at, 'destroy', '0');
  t.is(await pv.exited, 0);
  t.is(await trap.exited, 0);
});

test('ctl snapshot writes the whole boot to a file, as --snapshot-at does: restored, it ends as the run that never stopped', async (t) => {
  const plain = pvlabSync(['boot', '--mode', 'paravirt', '--script', '-', '--json'], SCRIPT);
  const p = pvlab(t, ['boot', '--mode', 'paravirt', '--script', '-', '--control', '127.0.0.1:0', '--paused'], SCRIPT);
  const at = await p.waitFor(CONTROL_LINE);
  const file = join(mkdtempSync(join(tmpdir(), 'pvlab-ctl-')), 'vm.pvsnap');
  const saved = ctl(at, 'snapshot', '0', file);
  t.like(saved, { status: 0, reply: { ok: true, command: 'snapshot', vm: 0, file, instructions: 0, holds: 'the whole boot' } });
  ctl(at, 'destroy', '0');
  await p.exited;
  const restored = pvlabSync(['boot', '--restore', file, '--json']);
  t.is(restored.status, 3, restored.stderr);
  t.is(restored.stdout, plain.stdout);
  t.like(ctl(at, 'list'), { status: 1 }, 'the first run is gone');
});
