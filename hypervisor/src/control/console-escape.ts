/**
 * The console escape, as QEMU's: Ctrl-A then a key is for pvlab, not the
 * guest. The keys are a table (ESCAPE_KEYS), the commands those of
 * CONTROL_COMMANDS run on the console's VM (0), and Ctrl-A c opens a small
 * monitor prompt where any control command can be typed (`migrate 0
 * 127.0.0.1:7421`), as QEMU's monitor. Ctrl-A Ctrl-A sends the guest a
 * Ctrl-A. Everything else goes to the guest as typed.
 */
import { CONTROL_COMMANDS, type ControlCommandName } from './commands.js';
import { ControlRequestError, errorReply, parseRequestWords, type ControlReply, type ControlRequest } from './protocol.js';
import { formatReply } from './format.js';

export const CTRL_A = 0x01;

/** What a key after Ctrl-A does: a control command on VM 0, or the escape's own. */
type EscapeAction = { readonly command: ControlCommandName; readonly words: readonly string[] } | 'quit' | 'help' | 'monitor';

/** The console's keys after Ctrl-A (commands with a `key` in CONTROL_COMMANDS, and the escape's own). */
export const ESCAPE_KEYS: ReadonlyMap<string, EscapeAction> = new Map<string, EscapeAction>([
  ['x', 'quit'],
  ['h', 'help'],
  ['c', 'monitor'],
  ...Object.entries(CONTROL_COMMANDS).flatMap(([name, c]): [string, EscapeAction][] => ('key' in c ? [[c.key, {
    command: name as ControlCommandName,
    words: [name, ...c.args.map((a) => (a.kind === 'vm' ? '0' : a.kind === 'file' ? 'vm0.snap' : ''))],
  }]] : [])),
]);

/** A monitor line's limit. */
const MONITOR_LINE_MAX = 256;

export interface ConsoleEscapeOptions {
  /** Bytes for the guest. */
  readonly feed: (bytes: number[]) => void;
  /** Ctrl-A x. */
  readonly quit: () => void;
  /** Text for the user (the terminal). */
  readonly print: (text: string) => void;
  /** Run a control request (the controller); without it only x, h and Ctrl-A work. */
  readonly execute?: (request: ControlRequest) => Promise<ControlReply>;
}

/** The keyboard's bytes, sorted into the guest's and pvlab's. */
export class ConsoleEscape {
  private escaped = false;
  private monitor: number[] | undefined;
  /** A request in flight (its reply is printed when it comes). */
  pending: Promise<void> | undefined;

  constructor(private readonly o: ConsoleEscapeOptions) {}

  /** The help text (Ctrl-A h). */
  help(): string {
    const keys = [...ESCAPE_KEYS].map(([k, a]) => `  Ctrl-A ${k}   ${typeof a === 'string' ? { quit: 'leave pvlab', help: 'this help', monitor: 'open or close the monitor prompt (type any control command)' }[a] : `${a.words.filter(Boolean).join(' ')}: ${CONTROL_COMMANDS[a.command].summary}`}`);
    return ['console escape keys:', ...keys, '  Ctrl-A Ctrl-A   send Ctrl-A to the guest', ...(this.o.execute ? [] : ['  (no control here: boot under the hypervisor for pause, resume, list)'])].join('\n');
  }

  /** Bytes typed. */
  keys(data: Iterable<number>): void {
    for (const b of data) this.key(b);
  }

  private key(b: number): void {
    if (this.escaped) {
      this.escaped = false;
      if (b === CTRL_A) return this.monitor ? undefined : this.o.feed([CTRL_A]);
      const action = ESCAPE_KEYS.get(String.fromCharCode(b).toLowerCase());
      if (action === undefined) return this.o.print(`\r\n[pvlab: Ctrl-A ${printable(b)} is not a key: Ctrl-A h lists them]\r\n`);
      if (action === 'quit') return this.o.quit();
      if (action === 'help') return this.o.print(`\r\n${this.help().replace(/\n/g, '\r\n')}\r\n`);
      if (action === 'monitor') {
        this.monitor = this.monitor ? undefined : [];
        return this.o.print(this.monitor ? '\r\n(pvlab) ' : '\r\n[pvlab: monitor closed]\r\n');
      }
      return this.run(action.words.filter(Boolean));
    }
    if (b === CTRL_A) {
      this.escaped = true;
      return;
    }
    if (!this.monitor) return this.o.feed([b]);
    // The monitor prompt: a line, edited with backspace, run with Enter.
    if (b === 0x0d || b === 0x0a) {
      const line = Buffer.from(this.monitor).toString('latin1').trim();
      this.monitor = [];
      this.o.print('\r\n');
      if (line) this.run(line.split(/\s+/), true);
      else this.o.print('(pvlab) ');
    } else if (b === 0x7f || b === 0x08) {
      if (this.monitor.length) {
        this.monitor.pop();
        this.o.print('\b \b');
      }
    } else if (b >= 0x20 && b < 0x7f && this.monitor.length < MONITOR_LINE_MAX) {
      this.monitor.push(b);
      this.o.print(String.fromCharCode(b));
    }
  }

  /** Run a command line; print its reply (and the prompt again, at the monitor). */
  private run(words: string[], prompt = false): void {
    const done = (text: string) => this.o.print(`${prompt ? '' : '\r\n'}${text.replace(/\n/g, '\r\n')}\r\n${prompt && this.monitor ? '(pvlab) ' : ''}`);
    if (words[0] === 'help') return done(this.help());
    if (!this.o.execute) return done(formatReply(errorReply('no control here: pause, resume and the rest are pvlab boot\'s')));
    let req: ControlRequest;
    try {
      req = parseRequestWords(words);
    } catch (e) {
      if (e instanceof ControlRequestError) return done(formatReply(errorReply(e.message)));
      throw e;
    }
    this.pending = this.o.execute(req).then((reply) => done(formatReply(reply)), (e: Error) => done(`error: ${e.message}`));
  }
}

const printable = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `0x${b.toString(16).padStart(2, '0')}`);
