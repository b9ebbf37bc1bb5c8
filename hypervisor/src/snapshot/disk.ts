/**
 * A disk's identity in a snapshot: its path, size and SHA-256. The guest's
 * view of a disk is the image's bytes, which a snapshot does not copy (an
 * image may be large, and it is the user's file); a restore checks that
 * the image is still what it was when the snapshot was taken, and refuses
 * to start otherwise — a guest whose file system changed under it would
 * continue into corruption, not into the run it was part of.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { BlockBackend } from '../machine/devices/virtio/block-backend.js';
import { ImageFile } from '../machine/devices/virtio/block-backend.js';
import { snapshotErrors } from './errors.js';

/** What a snapshot records of a disk. */
export interface DiskIdentity {
  /** The image file's absolute path (undefined for a disk in memory, which the caller gives again). */
  readonly path: string | undefined;
  readonly readOnly: boolean;
  readonly size: number;
  readonly sha256: string;
}

/** Read a disk through its backend in 1 MiB pieces, hashing it. */
function hashOf(backend: BlockBackend): string {
  const h = createHash('sha256');
  const piece = new Uint8Array(Math.min(1 << 20, Math.max(1, backend.size)));
  for (let at = 0; at < backend.size; at += piece.length) {
    const n = Math.min(piece.length, backend.size - at);
    backend.read(at, piece.subarray(0, n));
    h.update(piece.subarray(0, n));
  }
  return h.digest('hex');
}

/** The identity of a disk now (its writes so far flushed first, so the file holds what the guest sees). */
export function diskIdentity(backend: BlockBackend): DiskIdentity {
  if (!backend.readOnly) backend.flush();
  return { path: backend instanceof ImageFile ? resolve(backend.path) : undefined, readOnly: backend.readOnly, size: backend.size, sha256: hashOf(backend) };
}

/** Check that `backend` is the disk `id` describes, unchanged; a SnapshotError says how it differs. */
export function checkDisk(backend: BlockBackend, id: DiskIdentity): void {
  const name = `'${id.path ?? 'in memory'}'`;
  if (backend.size !== id.size) throw snapshotErrors.disk(`${name} is ${backend.size} bytes, ${id.size} when the snapshot was taken: it changed`);
  if (hashOf(backend) !== id.sha256) throw snapshotErrors.disk(`${name} changed since the snapshot was taken (its SHA-256 differs)`);
}

/** Open the image a snapshot names and check it (a SnapshotError if it is gone or changed). */
export function reopenDisk(id: DiskIdentity): BlockBackend {
  if (id.path === undefined) throw snapshotErrors.disk('in memory: give the disk again (the API\'s disks option)');
  let backend: ImageFile;
  try {
    backend = ImageFile.open(id.path, id.readOnly);
  } catch (e) {
    throw snapshotErrors.disk(`'${id.path}': ${(e as Error).message.replace(/^cannot open disk image '[^']*'/, 'cannot be opened')}`);
  }
  try {
    checkDisk(backend, id);
  } catch (e) {
    backend.close();
    throw e;
  }
  return backend;
}
