/**
 * The bare-board fixture of the gdb tests (bare.s), built with pvlab's
 * assembler, and a gdb server on a fresh board running it — listening on
 * 127.0.0.1 with a free port, torn down with the test.
 */
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { assemble, type Program } from '@pvlab/assembler';
import { Machine } from '../../../src/machine/machine.js';
import { machineTarget } from '../../../src/gdb/machine-target.js';
import { serveGdb, type ServeOptions } from '../../../src/gdb/server.js';
import type { RunEnd } from '../../../src/gdb/run-control.js';
import { RspClient } from './rsp-client.js';

export const BARE_SOURCE = join(import.meta.dirname, '../_fixtures/bare.s');

let program: Program | undefined;
/** bare.s, linked (its symbols, and its ELF with line information). */
export function bareProgram(): Program {
  if (!program) {
    const r = assemble([{ path: BARE_SOURCE }]);
    if (!r.ok || !r.program) throw new Error(r.formatDiagnostics());
    program = r.program;
  }
  return program;
}

export const symbol = (name: string): number => {
  const s = bareProgram().symbols.find((x) => x.name === name);
  if (!s) throw new Error(`bare.s has no symbol ${name}`);
  return s.value >>> 0;
};

/** A board with bare.s loaded. */
export function bareMachine(output: number[] = []): Machine {
  const m = new Machine({ ramSize: 16 << 20, output: (b) => output.push(b) });
  m.loadElf(bareProgram().elf());
  return m;
}

export interface Served {
  readonly machine: Machine;
  readonly client: RspClient;
  readonly ended: Promise<RunEnd>;
  readonly output: number[];
  readonly port: number;
}

/** bare.s on a board served to a client connected over TCP (held at reset unless `wait` is false). */
export async function serveBare(t: ExecutionContext, options: Partial<ServeOptions> = {}): Promise<Served> {
  const output: number[] = [];
  const machine = bareMachine(output);
  const abort = new AbortController();
  let listening: (port: number) => void = () => {};
  const port = new Promise<number>((resolve) => (listening = resolve));
  const ended = serveGdb(machineTarget(machine, 'bare'), {
    address: { kind: 'tcp', host: '127.0.0.1', port: 0 }, wait: true, abort: abort.signal, endWhenIdle: true,
    onListening: (where) => listening(Number(where.split(':').pop())),
    ...options,
  });
  const p = await port;
  const client = await RspClient.open(p);
  t.teardown(() => {
    client.close();
    abort.abort();
  });
  return { machine, client, ended, output, port: p };
}

/** A 32-bit value as the protocol sends it (little-endian hex). */
export const le = (v: number): string => Buffer.from(new Uint32Array([v >>> 0]).buffer).toString('hex');
/** A little-endian hex register value as a number. */
export const fromLe = (s: string): number => Buffer.from(s, 'hex').readUInt32LE(0);
