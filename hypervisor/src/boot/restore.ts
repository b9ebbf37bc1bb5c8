/**
 * `restoreBoot(snapshot, options)`: a boot that was snapshotted (a
 * BootHandle's `snapshot`), built again and ready to run on from where it
 * stopped. The mode, the images, the devices and the console input not yet
 * read come from the file; where output goes from now on, from `options`.
 * A file that cannot be restored is a SnapshotError, and nothing started.
 */
import { decodeSnapshot } from '../snapshot/format.js';
import { bootNative } from './native.js';
import { bootHypervised } from './hypervised.js';
import { restoreNative } from './native-snapshot.js';
import { restoreHypervised } from './hypervised-snapshot.js';
import type { BootHandle, BootMode, RestoreOptions } from './types.js';
import { snapshotErrors } from '../snapshot/errors.js';

/** Restore a boot's snapshot; `mode`, if given, must be the snapshot's. */
export function restoreBoot(snapshot: Uint8Array, options: RestoreOptions & { readonly mode?: BootMode } = {}): BootHandle {
  const doc = decodeSnapshot(snapshot, ['native', 'trap', 'paravirt']);
  const kind = doc.header.kind as BootMode;
  if (options.mode !== undefined && options.mode !== kind) throw snapshotErrors.mode(kind, options.mode);
  return kind === 'native' ? restoreNative(doc, options, bootNative) : restoreHypervised(doc, options, bootHypervised);
}
