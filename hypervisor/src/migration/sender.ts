/**
 * Live migration, the sending side (pre-copy, as Xen and QEMU do it):
 *
 *   1. hello → ready: the receiver agrees to the mode, kernel and RAM size;
 *   2. round 0: every page of the VM's RAM, while the guest runs on;
 *   3. rounds 1…: the pages dirtied during the round before (dirty-log.ts),
 *      until the set is small (STOP_PAGES), stops shrinking, or MAX_ROUNDS;
 *   4. pause; the last dirty pages and the VM's state (vm-state.ts); done;
 *   5. the receiver restores it and says so (restored): the VM here is
 *      destroyed, and the receiver is told to run it (go).
 *
 * The guest runs between batches: each batch is one message, and the run
 * loop gets a turn after every BATCHES_PER_TURN of them. Until step 5 the VM is the sender's: any
 * failure — the receiver refuses, is killed, sends garbage, says nothing
 * for too long — resumes it here, and nothing was lost.
 */
import { connect, type Socket } from 'node:net';
import { createHash } from 'node:crypto';
import type { BootHandle, BootMode } from '../boot/types.js';
import { formatAddress, netOptions, type ControlAddress } from '../control/address.js';
import { Channel, ChannelClosed } from './channel.js';
import type { DirtyLog } from './dirty-log.js';
import type { MigrationIdentity } from './identity.js';
import { PAGES_PER_MESSAGE, encodePages, isZero } from './pages.js';
import type { MigrationReport, RoundReport } from './report.js';
import { boardLog, boardRam, unloggedPages } from './vm-memory.js';
import { STATE_MAX, type VmStateCodec } from './vm-state.js';
import { MESSAGE_MAX } from './wire.js';
import type { VmController } from '../control/controller.js';

/** Pre-copy ends when a round's dirty set is this small: the rest goes while the guest is paused. */
export const STOP_PAGES = 64;
/** At most this many rounds (round 0 included): a guest that dirties faster than the wire carries converges no better. */
export const MAX_ROUNDS = 8;
/** Batches of pages sent between two turns of the run loop (4 × 64 pages: 1 MiB, the guest's slice between). */
export const BATCHES_PER_TURN = 4;
/** How long the sender waits for the receiver to restore the VM (ms). */
export const RESTORE_MS = 60_000;

/** A migration that did not happen: the message says why; the VM runs on where it was. */
export class MigrationError extends Error {}

/** What the sender needs of the running boot (the controller provides it). */
export interface SenderHost {
  readonly handle: BootHandle;
  readonly vm: number;
  pause(): void;
  resume(): void;
  /** End the VM here: it runs at the receiver now. */
  destroy(reason: string): void;
  /** The VM's guest instructions so far. */
  retired(): number;
  /** The VM has halted (shut down, or destroyed meanwhile): there is nothing left to migrate. */
  halted(): boolean;
  /** The VM is paused (a VM migrated while paused stays paused if the migration fails). */
  paused(): boolean;
}

export interface MigrateOptions {
  readonly to: ControlAddress;
  /** The boot's mode (the receiver may insist on one). */
  readonly mode: BootMode;
  readonly codec: VmStateCodec;
  /** Limits for tests and the benchmark (defaults STOP_PAGES, MAX_ROUNDS). */
  readonly stopPages?: number;
  readonly maxRounds?: number;
}

/** The sender's view of VM `vm` of a controlled boot: pausing, resuming and destroying go through the controller. */
export function senderHostOf(controller: VmController, vm: number): SenderHost {
  return {
    handle: controller.handle, vm,
    pause: () => controller.pause(vm),
    resume: () => controller.resume(vm),
    destroy: (reason) => controller.destroy(vm, reason),
    retired: () => controller.list()[vm].instructions,
    halted: () => controller.list()[vm].state === 'halted',
    paused: () => controller.list()[vm].state === 'paused',
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Migrate `host`'s VM to the receiver at `o.to`; resolves with the report once the receiver runs it. */
export async function migrate(host: SenderHost, o: MigrateOptions): Promise<MigrationReport> {
  const where = formatAddress(o.to);
  const t0 = performance.now();
  const socket = await reach(o.to, where);
  const ch = new Channel(socket, `the receiver at ${where}`);
  let log: DirtyLog | undefined;
  let paused = false, handedOver = false; // paused: by the migration (a VM the user paused stays paused)
  try {
    const identity: MigrationIdentity = { mode: o.mode, ramBytes: host.handle.machine.bus.ramSize };
    await ch.sendJson('hello', identity);
    await ch.expect('ready');
    if ((host.handle.hypervisor?.vms.length ?? 1) !== 1) throw new MigrationError(`migration moves a boot with one VM; this one has ${host.handle.hypervisor!.vms.length}`);
    log = boardLog(host.handle);
    const ram = boardRam(host.handle);
    const rounds: RoundReport[] = [];
    const stopPages = o.stopPages ?? STOP_PAGES, maxRounds = o.maxRounds ?? MAX_ROUNDS;
    let todo = Array.from({ length: ram.length / 4096 }, (_, i) => i);
    let converged: MigrationReport['converged'];
    for (let round = 0; ; round++) {
      rounds.push(await sendRound(ch, host, ram, round, todo, true));
      const dirty = log.take();
      const last = dirty.length <= stopPages ? 'small' : round > 0 && dirty.length >= todo.length ? 'not-shrinking' : round + 1 >= maxRounds ? 'rounds' : undefined;
      todo = dirty;
      if (last) {
        converged = last;
        break;
      }
    }
    // Stop and copy: nothing runs from here (the run loop holds a paused VM) until the receiver has it.
    if (host.halted()) throw new MigrationError(`VM ${host.vm} halted during the migration: there is nothing left to move`);
    const preMs = performance.now() - t0, preInstructions = rounds.reduce((a, r) => a + r.instructions, 0);
    paused = !host.paused();
    host.pause();
    const tp = performance.now(), pausedAt = host.retired();
    const final = await sendRound(ch, host, ram, rounds.length, [...new Set([...todo, ...log.take(), ...unloggedPages(host.handle)])].sort((a, b) => a - b), false);
    rounds.push(final);
    const state = o.codec.capture(host.handle);
    if (state.length > STATE_MAX) throw new MigrationError(`the VM's state is ${state.length} bytes, over the limit of ${STATE_MAX}`);
    for (let at = 0; at < state.length; at += MESSAGE_MAX) await ch.send('state', state.subarray(at, at + MESSAGE_MAX));
    await ch.sendJson('done', { stateBytes: state.length, sha256: createHash('sha256').update(state).digest('hex'), pausedAt });
    await ch.expect('restored', RESTORE_MS);
    // The receiver holds a restored VM, not running yet: the commit point. This VM ends; the receiver runs it.
    handedOver = true;
    host.destroy(`migrated to ${where}`);
    await ch.send('go');
    const hostMs = performance.now() - tp;
    const rate = preMs > 0 ? preInstructions / preMs : 0;
    return {
      vm: host.vm, to: where, mode: o.mode, rounds, converged, pausedAt,
      pages: rounds.reduce((a, r) => a + r.pages, 0), bytes: ch.sent,
      downtime: { pages: final.pages, stateBytes: state.length, hostMs, instructions: Math.round(rate * hostMs) },
      totalMs: performance.now() - t0,
    };
  } catch (e) {
    const why = e instanceof ChannelClosed || e instanceof MigrationError ? e.message : `internal error: ${(e as Error).message}`;
    if (handedOver) throw new MigrationError(`${why} after the VM was handed over: it runs at ${where}`);
    if (paused) host.resume();
    await ch.abort(why);
    throw new MigrationError(host.halted() ? why : `${why}; VM ${host.vm} runs on here`);
  } finally {
    log?.close();
    ch.close();
  }
}

/** Send `pages` as one round (their bytes as they are when each batch goes), the guest running between batches when `live`. */
async function sendRound(ch: Channel, host: SenderHost, ram: Uint8Array, round: number, pages: readonly number[], live: boolean): Promise<RoundReport> {
  const t0 = performance.now(), i0 = host.retired(), b0 = ch.sent;
  let zeroPages = 0;
  for (let at = 0, n = 0; at < pages.length; at += PAGES_PER_MESSAGE) {
    const batch = pages.slice(at, at + PAGES_PER_MESSAGE);
    for (const p of batch) if (isZero(ram, p)) zeroPages++;
    await ch.send('pages', encodePages(ram, batch));
    // The guest runs after every few batches, and at least once a round (a short round must give it a turn too).
    if (live && (++n % BATCHES_PER_TURN === 0 || at + PAGES_PER_MESSAGE >= pages.length)) await turn();
  }
  await ch.sendJson('round', { round, pages: pages.length });
  return { round, pages: pages.length, zeroPages, bytes: ch.sent - b0, instructions: host.retired() - i0, hostMs: performance.now() - t0 };
}

/** Connect to the receiver (a refused or unreachable one is a MigrationError that says so). */
function reach(to: ControlAddress, where: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(netOptions(to));
    const timer = setTimeout(() => (s.destroy(), reject(new MigrationError(`no answer from ${where} within 10 s; the VM runs on here`))), 10_000);
    s.once('connect', () => (clearTimeout(timer), resolve(s)));
    s.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new MigrationError(e.code === 'ECONNREFUSED' ? `nothing listens on ${where} (start one with: pvlab receive --listen ${where}); the VM runs on here` : `${where}: ${e.code ?? e.message}; the VM runs on here`));
    });
  });
}
