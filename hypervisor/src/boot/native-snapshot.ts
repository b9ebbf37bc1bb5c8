/**
 * Snapshot and restore of a native boot: the board (snapshot/bare.ts's
 * pieces), the kernel and firmware it was built from, and the boot's
 * session (the transcript so far, the markers). A restore boots the same
 * images on the same board (`bootNative`, without running anything), then
 * puts the state, the RAM and the session on it.
 */
import type { Machine } from '../machine/machine.js';
import { loadBoard, saveBoard, type BoardState } from '../machine/board-state.js';
import { boardSetup, rebuildSlots, type BoardSetup } from '../snapshot/board-setup.js';
import { SECTION_LIMITS, built, loaded, saveState } from '../snapshot/bare.js';
import { encodeSnapshot, type SnapshotDoc } from '../snapshot/format.js';
import { decodeState, encodeState } from '../snapshot/json.js';
import { ramSections, restoreBoardRam } from '../snapshot/ram.js';
import { snapshotErrors } from '../snapshot/errors.js';
import type { BootSession, SessionState } from './session.js';
import type { BootHandle, BootRunner, RestoreOptions } from './types.js';

/** What builds a native boot again. */
export interface NativeSetup {
  readonly kernel: Uint8Array;
  readonly firmware: Uint8Array;
  readonly board: BoardSetup;
  /** The board had virtio devices: the reset ROM entered the firmware with a device tree. */
  readonly devices: boolean;
  readonly transcriptLimit: number | undefined;
}

interface NativeState {
  readonly board: BoardState;
  readonly session: SessionState;
}

/** A native boot's snapshot, between runs. */
export function captureNative(m: Machine, session: BootSession, inputs: { kernel: Uint8Array; firmware: Uint8Array; devices: boolean; transcriptLimit?: number }, pvlab: string, ram: boolean): Uint8Array {
  const setup: NativeSetup = { ...inputs, board: boardSetup(m), transcriptLimit: inputs.transcriptLimit };
  const state: NativeState = { board: saveState(() => saveBoard(m)), session: session.save() };
  return encodeSnapshot({ kind: 'native', pvlab, instructions: m.hart.retired() }, [
    { name: 'setup', bytes: encodeState(setup) },
    { name: 'state', bytes: encodeState(state) },
    ...ramSections(m.bus.u8, ram),
  ]);
}

/**
 * Boot again what a native snapshot describes, through `bootNative`, and
 * put its state on the board: the handle runs on from where it stopped.
 * `sinks`: where output and markers go from now on.
 */
export function restoreNative(doc: SnapshotDoc, sinks: RestoreOptions, bootNative: BootRunner): BootHandle {
  const setup = decodeState<NativeSetup>(doc.section('setup', SECTION_LIMITS.setup), 'setup');
  const state = decodeState<NativeState>(doc.section('state', SECTION_LIMITS.state), 'state');
  const ramSize = setup?.board?.ramSize;
  if (!Number.isSafeInteger(ramSize) || ramSize <= 0 || ramSize % 4096 !== 0 || ramSize > 2 ** 31) throw snapshotErrors.corrupt('the board\'s RAM size');
  if (!(setup.kernel instanceof Uint8Array) || !(setup.firmware instanceof Uint8Array)) throw snapshotErrors.corrupt('its setup has no kernel or firmware');
  const slots = setup.devices ? rebuildSlots(setup.board.slots ?? [], (slot) => sinks.disk?.(0, slot)) : undefined;
  const handle = built(() => bootNative(setup.kernel, {
    mode: 'native', maxInstructions: Infinity, firmware: setup.firmware, memory: ramSize,
    onOutput: sinks.onOutput, onMarker: sinks.onMarker, transcriptLimit: sinks.transcriptLimit ?? setup.transcriptLimit,
    ...(slots ? { devices: () => ({ modern: setup.board.virtio === 'modern', devices: slots }), bootargs: setup.board.bootargs } : {}),
    resume: ({ machine, sessions }) => {
      restoreBoardRam(machine.bus.u8, doc, sinks.ram);
      loaded(() => {
        loadBoard(machine, state.board);
        sessions[0].load(state.session);
      });
    },
  }));
  return handle;
}
