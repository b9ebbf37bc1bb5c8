/**
 * The real gdb-multiarch, in batch mode, against `pvlab run --bare --gdb`
 * and `pvlab boot --gdb` in each mode (native, trap, paravirt, two VMs):
 * the scripts in _fixtures/ break at kernel symbols (hbreak too) and at
 * trap.s:LINE, step a system call from the trap vector into usertrap, read
 * scause and sepc there and the user's ecall at sepc through the guest's
 * page tables, `next` over a call and `step` into it, watch a kernel
 * variable (write, read), ask the hypervisor with `monitor` (mode, trace,
 * shadow, phys beside x, tlb, hypercalls, break-on-exit, exits);
 * gdb's own log of the packets shows it used what the protocol offers
 * (qXfer, vCont, Z0..Z3, qRcmd, D).
 *
 * - gdb's output is the golden in _golden/ (the checkout's path, host
 *   times and the port normalized), so it is the same run to run;
 * - the run a debugger stopped and stepped ends with exactly the counts,
 *   exits and transcript of the same run without one (the session detaches
 *   and the kernel runs on to its end: `--json` reports it).
 *
 * After a deliberate change to the kernel or the server, regenerate the
 * goldens with PVLAB_UPDATE_GOLDENS=1 npx ava test/gdb/sessions.test.ts and
 * review the diff.
 */
import test, { type ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, FIXTURES, GOLDEN, ROOT, gdbSession, kernelImages, needGdb, normalize, type Session } from './_helpers/gdb.js';

const SCRIPT = join(FIXTURES, 'kernel-session.txt');
const BARE_SOURCE = join(ROOT, 'hypervisor/test/gdb/_fixtures/bare.s');

function golden(t: ExecutionContext, name: string, text: string): void {
  t.notRegex(text, /Error in sourced command file|not supported by this target/, 'the whole script ran');
  const file = join(GOLDEN, `${name}.txt`);
  if (process.env.PVLAB_UPDATE_GOLDENS === '1' || !existsSync(file)) {
    writeFileSync(file, text);
    t.log(`wrote ${file}`);
  }
  t.is(text, readFileSync(file, 'utf8'), `${name}: gdb's output differs from _golden/${name}.txt`);
}

const plainRun = (args: readonly string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, json: JSON.parse(r.stdout) };
};

/** What must be the same with and without a debugger. */
const counts = (json: { instructions: number; cycles: number; transcript: string; exitCode: number; exitsByReason?: object; hypercallsByName?: object }) => ({
  instructions: json.instructions, cycles: json.cycles, transcript: json.transcript, exitCode: json.exitCode,
  exitsByReason: json.exitsByReason, hypercallsByName: json.hypercallsByName,
});

/** Packets the kernel script must make gdb send: the protocol's features in use, not only offered. */
const PACKETS = [
  ['the features', 'qSupported:'],
  ['the target description', 'qXfer:features:read:target.xml:'],
  ['which vCont actions', 'vCont?'],
  ['continue', 'vCont;c'],
  ['software breakpoints', 'Z0,'],
  ['hardware breakpoints (hbreak)', 'Z1,'],
  ['write watchpoints', 'Z2,'],
  ['read watchpoints', 'Z3,'],
  ['the threads', 'qfThreadInfo'],
  ['monitor commands', 'qRcmd,'],
  ['detach', 'D'],
] as const;

const MODES = [
  { mode: 'native', image: () => kernelImages().kernel },
  { mode: 'trap', image: () => kernelImages().kernel },
  { mode: 'paravirt', image: () => kernelImages().kernelPv },
] as const;

for (const { mode, image } of MODES) {
  test.serial(`${mode}: the session is the golden one, and the run's counts and transcript are those of a plain run`, async (t) => {
    if (!needGdb(t)) return;
    const args = ['boot', image(), '--mode', mode, '--firmware', kernelImages().firmware, '--script', SCRIPT, '--json'];
    const s: Session = await gdbSession(t, [...args, '--gdb-wait'], image(), readFileSync(join(FIXTURES, 'kernel.gdb'), 'utf8'), { log: true });
    golden(t, mode, normalize(s.gdb));
    // What gdb asked for, from its own log of the packets it wrote.
    const sent = s.log.split('\n').filter((l) => /^w \+*\$/.test(l)).map((l) => l.replace(/^w \+*\$/, '')); // acks may come first
    for (const [what, packet] of PACKETS) t.true(sent.some((p) => p.startsWith(packet)), `gdb sent ${packet} (${what})`);
    // The kernel's first words read by gdb through the guest's page tables, and by `monitor phys` directly.
    const words = /<_start>:((?:\s+0x[0-9a-f]{8}){4})/.exec(s.gdb)?.[1].trim().split(/\s+/) ?? [];
    const bytes = /^0x80200000: ((?:[0-9a-f]{2} ?){16})$/m.exec(s.gdb)?.[1].trim().split(' ') ?? [];
    t.is(words.length, 4);
    t.deepEqual(words, [0, 1, 2, 3].map((i) => `0x${bytes.slice(4 * i, 4 * i + 4).reverse().join('')}`), 'x/4xw and monitor phys agree');
    t.is(s.pvlabStatus, 0, s.pvlabErr);
    const plain = plainRun(args);
    t.is(plain.status, 0);
    t.deepEqual(counts(JSON.parse(s.pvlabOut)), counts(plain.json));
  });
}

test.serial('bare board: the session is the golden one, and the program prints what it prints alone', async (t) => {
  if (!needGdb(t)) return;
  const elf = join(kernelImages().dir, 'bare.elf');
  const asm = spawnSync(process.execPath, [CLI, 'asm', BARE_SOURCE, '-o', elf], { encoding: 'utf8' });
  t.is(asm.status, 0, asm.stderr);
  const s = await gdbSession(t, ['run', '--bare', '--gdb-wait', '--stats', elf], elf, readFileSync(join(FIXTURES, 'bare.gdb'), 'utf8'));
  golden(t, 'bare', normalize(s.gdb));
  t.is(s.pvlabStatus, 0, s.pvlabErr);
  const plain = spawnSync(process.execPath, [CLI, 'run', '--bare', '--stats', elf], { encoding: 'utf8' });
  t.is(s.pvlabOut, plain.stdout);
  const stats = (e: string) => e.slice(e.indexOf('\ninstructions'));
  t.is(stats(s.pvlabErr), stats(plain.stderr), 'the same instructions, cycles and traps');
});

for (const { mode, image, golden: name } of [
  { mode: 'trap', image: () => kernelImages().kernel, golden: 'threads' },
  { mode: 'paravirt', image: () => kernelImages().kernelPv, golden: 'threads-paravirt' },
] as const) {
  test.serial(`${mode}: two VMs are two threads, each its own registers, privilege and exits`, async (t) => {
    if (!needGdb(t)) return;
    const args = ['boot', image(), '--mode', mode, '--vms', '2', '--script', SCRIPT, '--json'];
    const s = await gdbSession(t, [...args, '--gdb-wait'], image(), readFileSync(join(FIXTURES, 'threads.gdb'), 'utf8'));
    golden(t, name, normalize(s.gdb));
    t.regex(s.gdb, /^\* 1 +Thread 1 \(vm0: [^)]*\)[^\n]*\n +2 +Thread 2 \(vm1: /m, 'info threads lists both VMs');
    t.is(s.pvlabStatus, 0, s.pvlabErr);
    const vms = (json: { vms: { instructions: number; exitsByReason: object; transcript: string }[] }) => json.vms.map((v) => [v.instructions, v.exitsByReason, v.transcript]);
    t.deepEqual(vms(JSON.parse(s.pvlabOut)), vms(plainRun(args).json));
  });
}
