/**
 * A debugger that goes away without a word: the real gdb-multiarch stops
 * the kernel at a breakpoint and is then killed (SIGKILL: no detach, no
 * kill packet, the connection just closes) while the guest is stopped, and
 * again while it runs. pvlab lets the kernel run on by itself to its end,
 * with the counts and transcript of a run that never had a debugger.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI, FIXTURES, ROOT, gdbSession, kernelImages, needGdb, normalizeStats } from './_helpers/gdb.js';

async function until(f: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`waited ${ms / 1000} s in vain`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const CASES = [
  // Stopped at a breakpoint, gdb then waiting in a shell command until it is killed.
  { when: 'while the guest is stopped', script: 'break syscall\ncontinue\nshell sleep 60\n', at: ({ gdbOut }: Io) => /Breakpoint 1, syscall/.test(gdbOut()) },
  // Running: gdb waits in `continue`; the shell has echoed the long command.
  { when: 'while the guest runs', script: 'continue\n', at: ({ pvlabOut }: Io) => pvlabOut().includes('$ run compute') },
] as const;

interface Io { pvlabOut: () => string; gdbOut: () => string }

for (const { when, script, at } of CASES) {
  test.serial(`trap: gdb killed ${when}: the kernel runs on to its end, as without a debugger`, async (t) => {
    if (!needGdb(t)) return;
    const { kernel } = kernelImages();
    const args = ['boot', kernel, '--mode', 'trap', '--script', join(FIXTURES, 'compute-session.txt'), '--stats'];
    let reached = false;
    const s = await gdbSession(t, [...args, '--gdb-wait'], kernel, script, {
      during: async (io) => {
        await until(() => at(io), 60_000);
        reached = true;
        io.hangUp();
      },
    });
    t.true(reached);
    t.notRegex(s.gdb, /detached|killed|exited normally/, 'gdb said nothing more: it was killed');
    t.is(s.pvlabStatus, 0, s.pvlabErr);
    const plain = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    t.is(s.pvlabOut, plain.stdout, 'the same console output');
    t.is(normalizeStats(s.pvlabErr), normalizeStats(plain.stderr), 'the same instructions, cycles, traps and exits');
    t.not(normalizeStats(plain.stderr), '');
  });
}
