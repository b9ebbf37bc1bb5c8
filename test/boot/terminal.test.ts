/**
 * `pvlab boot` on a terminal, as a person uses it: in a real pseudo-terminal
 * (tmux), the shell's prompt appears, typed keys reach the guest and its
 * answers come back, in each of the three modes; Ctrl-A x leaves.
 */
import test from 'ava';
import { join } from 'node:path';
import { BOOT_MODE_NAMES } from '@pvlab/hypervisor';
import { TmuxSession, tmuxAvailable } from './_helpers/tmux.js';

const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'hypervisor/dist/cli/main.js');
const env = { ...process.env, NO_COLOR: '1' };

const terminal = tmuxAvailable() ? test : test.skip;
if (!tmuxAvailable() && process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') test('tmux is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)', (t) => t.fail());

for (const mode of BOOT_MODE_NAMES) {
  terminal(`${mode}: typed commands reach the shell and its answers appear; Ctrl-A x leaves`, async (t) => {
    const s = new TmuxSession([process.execPath, CLI, 'boot', '--mode', mode], { cwd: ROOT, env });
    try {
      t.regex(await s.waitFor(/^\$ $/m), /^pvlab kernel \(/m, 'the banner and the prompt');
      s.type('help');
      s.keys('Enter');
      t.regex(await s.waitFor(/attack: hostile/), /^\$ help\n[\s\S]*compute \[N\]/m, 'help is echoed and answered');
      s.type(`echo typed in ${mode}`);
      s.keys('Enter');
      const answered = new RegExp(`^\\$ echo typed in ${mode}\\ntyped in ${mode}\\n\\$ `, 'm');
      t.regex(await s.waitFor(answered), answered, 'the line is echoed, answered, and the prompt comes back');
      s.keys('C-a', 'x');
      t.is(await s.waitForExit(), 0, s.screen());
    } finally {
      s.close();
    }
  });
}

terminal('Ctrl-A x still prints --stats: the counts of what ran until then', async (t) => {
  const s = new TmuxSession([process.execPath, CLI, 'boot', '--mode', 'trap', '--stats'], { cwd: ROOT, env });
  try {
    await s.waitFor(/^\$ $/m);
    s.type('run null 10');
    s.keys('Enter');
    await s.waitFor(/^null: 10 getpid calls ok$/m);
    s.keys('C-a', 'x');
    t.is(await s.waitForExit(), 0, s.screen());
    const screen = s.screen();
    t.regex(screen, /^mode +trap$/m);
    t.regex(screen, /^ +region 1: [\d,]+ instructions/m);
    t.regex(screen, /^exits: [\d,]+$/m);
  } finally {
    s.close();
  }
});

terminal('the console escape: Ctrl-A l lists, p pauses (typed keys wait), r resumes, c opens the monitor prompt', async (t) => {
  const s = new TmuxSession([process.execPath, CLI, 'boot', '--mode', 'trap'], { cwd: ROOT, env });
  try {
    await s.waitFor(/^\$ $/m);
    s.keys('C-a', 'l');
    t.regex(await s.waitFor(/^0 +trap +running +[\d,]+ +[\d,]+ +0 +16M/m), /^VM +MODE +STATE +INSTRUCTIONS +EXITS +HYPERCALLS +MEMORY/m);
    s.keys('C-a', 'p');
    await s.waitFor(/^VM 0 paused at instruction [\d,]+/m);
    s.type('echo while paused');
    s.keys('Enter');
    await new Promise((r) => setTimeout(r, 500));
    t.notRegex(s.screen(), /^while paused$/m, 'a paused guest does not answer');
    s.keys('C-a', 'r');
    t.regex(await s.waitFor(/^while paused$/m), /^VM 0 running at instruction/m, 'resumed, it reads what was typed');
    s.keys('C-a', 'c');
    await s.waitFor(/\(pvlab\) $/m);
    s.type('list');
    s.keys('Enter');
    await s.waitFor(/\(pvlab\) list\n(.*\n)?VM +MODE/m);
    s.keys('C-a', 'c');
    s.keys('C-a', 'x');
    t.is(await s.waitForExit(), 0, s.screen());
  } finally {
    s.close();
  }
});
