/**
 * Snapshot and restore of a bare-board run (`pvlab run --bare`): the
 * board's setup (setup.ts: how it was built, and the images loaded into
 * it, in order), its state (machine/board-state.ts) and its RAM (ram.ts).
 * A restore builds the same board, loads the same images (so the reset
 * ROM, HTIF and symbols are as they were), then puts the state and RAM on it.
 */
import { Machine, type MachineOptions } from '../machine/machine.js';
import { BoardError } from '../machine/board.js';
import { LoadError, type LoadedProgram } from '../machine/elf-loader.js';
import { loadBoard, saveBoard, BoardStateError, type BoardState } from '../machine/board-state.js';
import { boardSetup, machineOptions, rebuildSlots, type BoardSetup } from './board-setup.js';
import { decodeSnapshot, encodeSnapshot, type SnapshotHeader } from './format.js';
import { decodeState, encodeState } from './json.js';
import { encodeRam, ramSectionLimit, restoreRam } from './ram.js';
import { SnapshotError, snapshotErrors } from './errors.js';

/** One image loaded into the board, as the CLI loaded it (QEMU's -bios, -kernel, a raw binary). */
export type LoadStep =
  | { readonly how: 'elf' | 'firmware' | 'kernel'; readonly bytes: Uint8Array }
  | { readonly how: 'binary' | 'raw-kernel'; readonly bytes: Uint8Array; readonly addr: number };

/** Load an image as a step says. */
export function loadStep(m: Machine, step: LoadStep): LoadedProgram {
  switch (step.how) {
    case 'elf': return m.loadElf(step.bytes);
    case 'firmware': return m.loadFirmware(step.bytes);
    case 'kernel': return m.loadKernel(step.bytes);
    case 'binary': return m.loadBinary(step.bytes, step.addr);
    case 'raw-kernel': return m.loadRawKernel(step.bytes, step.addr);
  }
}

/** A bare run's setup: the board, and the images loaded into it. */
export interface BareSetup {
  readonly board: BoardSetup;
  readonly loads: readonly LoadStep[];
}

/** Sections' raw sizes a reader accepts (the RAM section's limit comes from the board's RAM). */
export const SECTION_LIMITS = { setup: 256 << 20, state: 64 << 20 } as const;

/** Write a bare board's snapshot, between runs. `loads`: the images loaded into it, in order. */
export function captureBare(m: Machine, loads: readonly LoadStep[], pvlab: string): Uint8Array {
  const setup: BareSetup = { board: boardSetup(m), loads };
  const state = saveState(() => saveBoard(m));
  const header: SnapshotHeader = { kind: 'bare', pvlab, instructions: m.hart.retired() };
  return encodeSnapshot(header, [
    { name: 'setup', bytes: encodeState(setup) },
    { name: 'state', bytes: encodeState(state) },
    { name: 'ram', bytes: encodeRam(m.bus.u8) },
  ]);
}

/** A board restored from a snapshot, ready to run on. */
export interface RestoredBare {
  readonly machine: Machine;
  readonly header: SnapshotHeader;
  readonly setup: BareSetup;
}

/** Read a bare-run snapshot and build its board again (a SnapshotError, and nothing started, if it cannot). */
export function restoreBare(bytes: Uint8Array, sinks: Pick<MachineOptions, 'output' | 'onMarker'> = {}): RestoredBare {
  const doc = decodeSnapshot(bytes, ['bare']);
  const setup = decodeState<BareSetup>(doc.section('setup', SECTION_LIMITS.setup), 'setup');
  const state = decodeState<BoardState>(doc.section('state', SECTION_LIMITS.state), 'state');
  const ramSize = setup?.board?.ramSize;
  if (!Number.isSafeInteger(ramSize) || ramSize <= 0 || ramSize % 4096 !== 0 || ramSize > 2 ** 31) throw snapshotErrors.corrupt('the board\'s RAM size');
  const ram = doc.section('ram', ramSectionLimit(ramSize));
  const devices = rebuildSlots(setup.board.slots ?? []);
  const machine = built(() => {
    const m = new Machine(machineOptions(setup.board, devices, sinks));
    for (const step of setup.loads) loadStep(m, step);
    return m;
  });
  restoreRam(machine.bus.u8, ram);
  loaded(() => loadBoard(machine, state));
  return { machine, header: doc.header, setup };
}

/** Saving may find a device a snapshot cannot hold (a socket): a SnapshotError. */
export function saveState<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof BoardStateError) throw snapshotErrors.cannotSave(e.message);
    throw e;
  }
}

/** Building the board a setup describes: a bad setup is a corrupt file, not a crash. */
export function built<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SnapshotError) throw e;
    if (e instanceof BoardError || e instanceof LoadError || e instanceof RangeError || e instanceof TypeError) throw snapshotErrors.corrupt(`its setup: ${e.message}`);
    throw e;
  }
}

/** Loading a state: one that does not fit the board it describes is a corrupt file. */
export function loaded(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (e instanceof BoardStateError || e instanceof RangeError || e instanceof TypeError || e instanceof SyntaxError) throw snapshotErrors.corrupt(`its state: ${e.message}`);
    throw e;
  }
}
