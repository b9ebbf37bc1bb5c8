/**
 * A real terminal for end-to-end tests: a command runs in a detached tmux
 * session (a pseudo-terminal, so stdin is a TTY in raw mode as on a user's
 * screen); the test types keys and reads the screen. Each session has its
 * own tmux server (its own socket), so tests never touch anyone else's tmux.
 */
import { spawnSync } from 'node:child_process';

let sessions = 0;
const EXITED = 'tmux-session-exit-status';

/** Is tmux installed? */
export const tmuxAvailable = (): boolean => spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TmuxSession {
  private readonly socket = `pvlab-test-${process.pid}-${++sessions}`;

  /** Start `command` (argv) in a 120x50 terminal, in `cwd`, with `env`. */
  constructor(command: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
    const quoted = command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    // The shell prints the command's exit status when it ends (tmux's own pane_dead_status was seen
    // to miss a child's exit now and then); remain-on-exit keeps the pane to read it.
    const shell = `${quoted}; echo; echo "${EXITED} $?"`;
    this.tmux(['new-session', '-d', '-x', '120', '-y', '50', '-s', 'pvlab', '-c', options.cwd, shell, ';', 'set-option', '-t', 'pvlab', 'remain-on-exit', 'on'], options.env);
  }

  private tmux(args: readonly string[], env?: NodeJS.ProcessEnv): string {
    const r = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', env: env ?? process.env });
    if (r.status !== 0) throw new Error(`tmux ${args[0]}: ${r.stderr.trim()}`);
    return r.stdout;
  }

  /** Type text, character for character (no key names). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', 'pvlab', '-l', text]);
  }

  /** Press keys by tmux name: 'Enter', 'C-a', 'x'. */
  keys(...names: string[]): void {
    this.tmux(['send-keys', '-t', 'pvlab', ...names]);
  }

  /** What the terminal shows now, with its history. */
  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-S', '-1000', '-t', 'pvlab']);
  }

  /** The command's exit status once it has ended, else undefined. */
  exitStatus(): number | undefined {
    const m = new RegExp(`^${EXITED} (\\d+)$`, 'm').exec(this.screen());
    return m ? Number(m[1]) : undefined;
  }

  /** Wait until the screen matches `re` (or `timeoutMs` passes): the screen. */
  async waitFor(re: RegExp, timeoutMs = 30_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (re.test(s) || Date.now() > end) return s;
      await sleep(50);
    }
  }

  /** Wait for the command to end: its exit status (undefined if it did not end in time). */
  async waitForExit(timeoutMs = 30_000): Promise<number | undefined> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const status = this.exitStatus();
      if (status !== undefined || Date.now() > end) return status;
      await sleep(50);
    }
  }

  /** Stop this session's tmux server (and the command, if it still runs). */
  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
