/**
 * The control protocol: one JSON object per line each way. A request names
 * a command of CONTROL_COMMANDS and its arguments; the reply says `ok` with
 * the command's data, or gives an `error` in one line. Everything a client
 * sends is checked here before anything acts on it: a line longer than
 * LINE_MAX, a line that is not a JSON object, an unknown command, a missing
 * or malformed argument is an error reply, never a crash, and never a
 * change to any VM.
 *
 *   → {"command":"pause","vm":0}
 *   ← {"ok":true,"command":"pause","vm":0,"state":"paused"}
 *   → {"command":"fly","vm":0}
 *   ← {"ok":false,"error":"unknown command 'fly' (commands: list, pause, …)"}
 */
import { CONTROL_COMMANDS, CONTROL_COMMAND_NAMES, isControlCommand, usageOf, type ControlArg, type ControlCommandName } from './commands.js';
import { ControlAddressError, parseControlAddress } from './address.js';

/** The longest request or reply line, in bytes (a request is a few dozen). */
export const LINE_MAX = 4096;
/** VMs are numbered 0..VM_MAX (the hypervisor runs a handful). */
export const VM_MAX = 63;
/** A snapshot file's path, in bytes. */
const FILE_MAX = 1024;

/** A checked request. */
export interface ControlRequest {
  readonly command: ControlCommandName;
  readonly vm?: number;
  readonly file?: string;
  /** Bytes (`balloon`). */
  readonly size?: number;
  /** `HOST:PORT` (`migrate`). */
  readonly to?: string;
}

/** A reply: the command's data, or why it failed. */
export type ControlReply = ({ readonly ok: true; readonly command: ControlCommandName } & Record<string, unknown>) | { readonly ok: false; readonly error: string };

/** A request that cannot be carried out as given. */
export class ControlRequestError extends Error {}

/** An error reply. */
export const errorReply = (error: string): ControlReply => ({ ok: false, error });

/** Parse and check one request line (without its newline). */
export function parseRequestLine(line: string): ControlRequest {
  if (Buffer.byteLength(line) > LINE_MAX) throw new ControlRequestError(`a request is one line of at most ${LINE_MAX} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ControlRequestError('a request is one JSON object per line, such as {"command":"list"}');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ControlRequestError('a request is a JSON object, such as {"command":"pause","vm":0}');
  return checkRequest(value as Record<string, unknown>);
}

/** Check a request's fields against its command's row. */
export function checkRequest(o: Record<string, unknown>): ControlRequest {
  const name = o.command;
  if (typeof name !== 'string') throw new ControlRequestError('a request names its "command" (a string)');
  if (!isControlCommand(name)) throw new ControlRequestError(`unknown command '${name.slice(0, 40)}' (commands: ${CONTROL_COMMAND_NAMES.join(', ')})`);
  const args = CONTROL_COMMANDS[name].args as readonly ControlArg[];
  const extra = Object.keys(o).filter((k) => k !== 'command' && !args.some((a) => a.name === k));
  if (extra.length) throw new ControlRequestError(`${name}: unexpected field '${extra[0].slice(0, 40)}' (usage: ${usageOf(name)})`);
  const out: Record<string, unknown> = { command: name };
  for (const a of args) out[a.name] = checkArg(name, a, o[a.name]);
  return out as unknown as ControlRequest;
}

function checkArg(command: ControlCommandName, a: ControlArg, v: unknown): unknown {
  const missing = () => new ControlRequestError(`${command}: needs ${a.usage} (usage: ${usageOf(command)})`);
  if (v === undefined || v === null) throw missing();
  switch (a.kind) {
    case 'vm':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > VM_MAX) throw new ControlRequestError(`${command}: a VM is a number from 0 to ${VM_MAX}, not ${JSON.stringify(v).slice(0, 40)}`);
      return v;
    case 'file':
      if (typeof v !== 'string' || v === '' || Buffer.byteLength(v) > FILE_MAX || v.includes('\0')) throw new ControlRequestError(`${command}: FILE is a path of 1 to ${FILE_MAX} bytes`);
      return v;
    case 'size':
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new ControlRequestError(`${command}: SIZE is a whole number of bytes, not ${JSON.stringify(v).slice(0, 40)}`);
      return v;
    case 'address':
      if (typeof v !== 'string') throw missing();
      try {
        parseControlAddress(v, `${command}: ${a.usage}`, { listening: false, unix: false });
      } catch (e) {
        if (e instanceof ControlAddressError) throw new ControlRequestError(e.message);
        throw e;
      }
      return v;
  }
}

/**
 * A request as words (`pvlab ctl pause 0`, the console's monitor prompt):
 * `VM` as `0` or `vm0`, `SIZE` as bytes or with K/M/G (`8M`).
 */
export function parseRequestWords(words: readonly string[]): ControlRequest {
  const [name, ...rest] = words;
  if (name === undefined) throw new ControlRequestError(`give a command (${CONTROL_COMMAND_NAMES.join(', ')})`);
  if (!isControlCommand(name)) throw new ControlRequestError(`unknown command '${name.slice(0, 40)}' (commands: ${CONTROL_COMMAND_NAMES.join(', ')})`);
  const args = CONTROL_COMMANDS[name].args as readonly ControlArg[];
  if (rest.length !== args.length) throw new ControlRequestError(`${name}: usage: ${usageOf(name)}`);
  const o: Record<string, unknown> = { command: name };
  args.forEach((a, i) => (o[a.name] = wordValue(a, rest[i])));
  return checkRequest(o);
}

function wordValue(a: ControlArg, w: string): unknown {
  if (a.kind === 'vm') return /^(vm)?\d{1,3}$/i.test(w) ? Number(w.replace(/^vm/i, '')) : w;
  if (a.kind === 'size') {
    const m = /^(\d+)([KMG])?(?:i?B)?$/i.exec(w);
    return m ? Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] ?? ' ').toUpperCase()) : w;
  }
  return w;
}
