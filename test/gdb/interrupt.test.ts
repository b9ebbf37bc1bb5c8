/**
 * Ctrl-C with the real gdb-multiarch: gdb `continue`s the kernel; once its
 * shell has echoed `run compute 300` (millions of instructions to go: the
 * fork, the exec, the computation) the test sends gdb SIGINT, as a
 * terminal's Ctrl-C does; gdb sends the interrupt byte to pvlab, which
 * stops the guest between two slices wherever it is. gdb reads the stopped guest's
 * privilege and asks `monitor mode`, then detaches: the kernel runs on to
 * its end, and prints and counts exactly what it does without a debugger
 * (where it stopped differs from run to run; what it does may not).
 * gdb's protocol log shows the interrupt byte went out.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, gdbSession, kernelImages, needGdb, normalizeStats } from './_helpers/gdb.js';

const SCRIPT = 'run compute 300\nhalt\n';

const MODES = [
  { mode: 'native', image: () => kernelImages().kernel, describes: /^native: the kernel alone on the board/m },
  { mode: 'trap', image: () => kernelImages().kernel, describes: /^vm0: trap and emulate/m },
  { mode: 'paravirt', image: () => kernelImages().kernelPv, describes: /^vm0: paravirtual/m },
] as const;

for (const { mode, image, describes } of MODES) {
  test.serial(`${mode}: Ctrl-C in gdb stops the running kernel; detached, it ends as a run without a debugger`, async (t) => {
    if (!needGdb(t)) return;
    const script = join(kernelImages().dir, 'compute-session.txt');
    writeFileSync(script, SCRIPT);
    const args = ['boot', image(), '--mode', mode, '--firmware', kernelImages().firmware, '--script', script, '--stats'];
    const s = await gdbSession(t, [...args, '--gdb-wait'], image(), 'continue\ninfo registers priv\nmonitor mode\ndetach\n', {
      log: true,
      // Once the shell has echoed the command the kernel has a long way to go: interrupt it on the way.
      during: async ({ pvlabOut, interrupt }) => {
        await until(() => pvlabOut().includes('$ run compute'), 60_000);
        interrupt();
      },
    });
    t.regex(s.gdb, /Program received signal SIGINT, Interrupt\./);
    t.regex(s.gdb, /^priv +0x[013]\t/m);
    t.regex(s.gdb, describes);
    t.regex(s.gdb, /\[Inferior 1 \(Remote target\) detached\]/);
    t.true(s.log.includes('w \\x03') || s.log.includes('w \x03'), "gdb's log shows the interrupt byte sent");
    t.is(s.pvlabStatus, 0, s.pvlabErr);
    const plain = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    t.is(s.pvlabOut, plain.stdout, 'the same console output');
    t.is(normalizeStats(s.pvlabErr), normalizeStats(plain.stderr), 'the same instructions, cycles, traps and exits');
  });
}

async function until(f: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`waited ${ms / 1000} s in vain`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
