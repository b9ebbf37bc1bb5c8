/**
 * Running a guest on the user's terminal: raw mode, so that every key
 * reaches the guest's UART as typed; the guest runs in slices and the keys
 * typed meanwhile are fed between them. Ctrl-A then x leaves, as in QEMU.
 * Shared by `pvlab run` and `pvlab boot`.
 */

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
}

const SLICE = 5_000_000;
const CTRL_A = 0x01;

/**
 * Run `target` on the terminal until it finishes, `max` instructions pass, or
 * the user presses Ctrl-A x. Returns the last slice and the instructions run.
 */
export async function runOnTerminal<R>(target: TerminalTarget<R>, max: number, flush: () => void): Promise<{ last: R; instructions: number; quit: boolean }> {
  let quit = false;
  const detach = attachKeyboard((b) => target.feed(b), () => (quit = true));
  try {
    let left = max;
    for (;;) {
      const r = target.run(Math.min(left, SLICE));
      flush();
      left -= target.instructions(r);
      if (quit || left <= 0 || target.finished(r)) return { last: r, instructions: max - left, quit };
      // Waiting for input: give the terminal time to type.
      await new Promise((resolve) => (target.waiting(r) ? setTimeout(resolve, 20) : setImmediate(resolve)));
    }
  } finally {
    detach();
  }
}

/**
 * The terminal in raw mode: each key typed goes to `feed` as it is typed;
 * Ctrl-A then x calls `quit`. Returns what puts the terminal back.
 */
export function attachKeyboard(feed: (bytes: number[]) => void, quit: () => void): () => void {
  const stdin = process.stdin;
  let ctrlA = false;
  const onData = (d: Buffer) => {
    for (const b of d) {
      if (ctrlA && (b === 0x78 || b === 0x58)) quit();
      else if (b !== CTRL_A) feed([b]);
      ctrlA = b === CTRL_A;
    }
  };
  stdin.setRawMode(true);
  stdin.on('data', onData);
  stdin.resume();
  return () => {
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
  };
}
