/**
 * The codec migration carries a boot's state with: a snapshot of the boot
 * without its RAM (the pages went ahead of it), restored as a new boot
 * given the RAM the pages filled (snapshot/, boot/restore.ts).
 */
import { restoreBoot } from '../boot/restore.js';
import type { RestoreOptions } from '../boot/types.js';
import type { VmStateCodec } from './vm-state.js';

/** `pvlab` names the pvlab writing the state; `restore` says where a restored boot's output goes. */
export function snapshotCodec(o: { readonly pvlab: string; readonly restore?: RestoreOptions }): VmStateCodec {
  return {
    capture: (handle) => handle.snapshot(o.pvlab, { ram: false }),
    restore: (state, ram) => restoreBoot(state, { ...o.restore, ram }),
  };
}
