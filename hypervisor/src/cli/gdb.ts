/**
 * `--gdb` and `--gdb-wait`, shared by `pvlab run` and `pvlab boot`: the
 * flags' help, their checks, and a run served to a debugger (gdb/).
 */
import { GdbAddressError, parseGdbAddress, serveGdb, type DebugTarget, type GdbAddress, type RunEnd } from '../gdb/index.js';
import { UsageError } from './output.js';
import { attachKeyboard } from './terminal.js';

/** The flags' lines in a command's --help. */
export const GDB_HELP = `  --gdb ADDR           serve gdb (the GDB remote protocol) on ADDR, the loopback interface
                       only: 127.0.0.1:PORT, localhost:PORT or [::1]:PORT (port 0: any free
                       port, printed); stdio: on stdin/stdout, for gdb's 'target remote | …'
                       (the console then goes to stderr). Connect with:
                       gdb-multiarch -ex 'target remote 127.0.0.1:PORT' PROGRAM.elf
  --gdb-wait           hold the program at reset until gdb attaches and continues it
                       (QEMU's -S); without it the program runs, and gdb stops it on attaching`;

/** The `--gdb` address, checked (undefined without --gdb); `--gdb-wait` needs `--gdb`. */
export function gdbAddress(command: string, values: { gdb?: string; 'gdb-wait'?: boolean }): GdbAddress | undefined {
  if (values.gdb === undefined) {
    if (values['gdb-wait']) throw new UsageError(`${command}: --gdb-wait holds the program for a debugger: give --gdb ADDR too`);
    return undefined;
  }
  try {
    return parseGdbAddress(values.gdb);
  } catch (e) {
    if (e instanceof GdbAddressError) throw new UsageError(`${command}: ${e.message}`);
    throw e;
  }
}

export interface DebugRunOptions {
  readonly wait: boolean;
  /** Write the console out (after every slice). */
  readonly flush: () => void;
  /** Keys typed, for the program's console (on a terminal); undefined without one. */
  readonly feed?: (bytes: number[]) => void;
  /** The program ends when it idles with no debugger attached (its scripted input is used up). */
  readonly endWhenIdle: boolean;
  /** The file to name in the hint: `gdb-multiarch … FILE`. */
  readonly program: string;
}

/** Serve `target` on `address` until the run ends, telling the user where to connect. */
export async function debugRun(target: DebugTarget, address: GdbAddress, o: DebugRunOptions): Promise<RunEnd> {
  let killKeyboard: (() => void) | undefined;
  const quit = new AbortController();
  const ended = serveGdb(target, {
    address, wait: o.wait, onSlice: o.flush, endWhenIdle: o.endWhenIdle, abort: quit.signal,
    log: (line) => process.stderr.write(`pvlab: ${line}\n`),
    onListening: (where) => {
      if (where === 'stdio') return;
      process.stderr.write(`pvlab: gdb server on ${where}${o.wait ? ', the program waits at reset for it' : ''} (gdb-multiarch -ex 'target remote ${where}' ${o.program})\n`);
    },
  });
  // On a terminal, keys go to the program's console; Ctrl-A x ends the run as a debugger's kill does.
  if (o.feed && address.kind !== 'stdio' && process.stdin.isTTY) killKeyboard = attachKeyboard(o.feed, () => quit.abort());
  try {
    return await ended;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (address.kind === 'tcp' && (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL')) {
      throw new UsageError(`cannot serve gdb on ${address.host}:${address.port}: ${code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'permission denied' : 'no such address here'}`);
    }
    throw e;
  } finally {
    killKeyboard?.();
  }
}
