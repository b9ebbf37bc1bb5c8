/**
 * Running a guest on the user's terminal: raw mode, so that every key
 * reaches the guest's UART as typed; the guest runs in slices and the keys
 * typed meanwhile are fed between them. Ctrl-A then x leaves, as in QEMU;
 * Ctrl-A's other keys are the console escape's (control/console-escape.ts).
 * Shared by `pvlab run`, `pvlab boot` and `pvlab receive`.
 */
import { ConsoleEscape, type ConsoleEscapeOptions } from '../control/console-escape.js';

/** What the terminal loop needs of a run. */
export interface TerminalTarget<R> {
  /** Run at most `max` instructions. */
  run(max: number): R;
  /** Bytes typed. */
  feed(bytes: number[]): void;
  /** Instructions the slice retired. */
  instructions(r: R): number;
  /** The guest waits for input (nothing else can wake it): give the user time to type. */
  waiting(r: R): boolean;
  /** The run is over (shut down). */
  finished(r: R): boolean;
  /** Run nothing now (every VM is paused); the loop looks again a moment later. */
  held?(): boolean;
  /** The run is over from the host's side (every VM destroyed or migrated away). */
  ended?(): boolean;
}

const SLICE = 5_000_000;
/** How long a held (paused) or waiting run sleeps before it looks again (ms). */
const NAP_MS = 20;

/**
 * Run `target` on the terminal until it finishes, `max` instructions pass, or
 * the user presses Ctrl-A x. Returns the last slice and the instructions run.
 * With `execute`, the console escape's commands reach the control plane.
 */
export async function runOnTerminal<R>(target: TerminalTarget<R>, max: number, flush: () => void, execute?: ConsoleEscapeOptions['execute']): Promise<{ last: R | undefined; instructions: number; quit: boolean }> {
  let quit = false;
  const detach = attachKeyboard((b) => target.feed(b), () => (quit = true), execute, flush);
  let last: R | undefined;
  try {
    let left = max;
    for (;;) {
      if (quit || target.ended?.()) return { last, instructions: max - left, quit };
      if (target.held?.()) {
        await new Promise((resolve) => setTimeout(resolve, NAP_MS));
        continue;
      }
      const r = (last = target.run(Math.min(left, SLICE)));
      flush();
      left -= target.instructions(r);
      if (quit || left <= 0 || target.finished(r)) return { last: r, instructions: max - left, quit };
      // Waiting for input: give the terminal time to type.
      await new Promise((resolve) => (target.waiting(r) ? setTimeout(resolve, NAP_MS) : setImmediate(resolve)));
    }
  } finally {
    detach();
  }
}

/**
 * The terminal in raw mode: each key typed goes to `feed` as it is typed,
 * except what follows Ctrl-A (control/console-escape.ts): Ctrl-A x calls
 * `quit`. Returns what puts the terminal back.
 */
export function attachKeyboard(feed: (bytes: number[]) => void, quit: () => void, execute?: ConsoleEscapeOptions['execute'], flush?: () => void): () => void {
  const stdin = process.stdin;
  const escape = new ConsoleEscape({
    feed, quit, execute,
    print: (text) => {
      flush?.();
      process.stdout.write(text);
    },
  });
  const onData = (d: Buffer) => escape.keys(d);
  stdin.setRawMode(true);
  stdin.on('data', onData);
  stdin.resume();
  return () => {
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
  };
}
