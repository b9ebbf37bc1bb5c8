/**
 * Snapshot and restore: the file format, and the capture and restore of a
 * bare-board run, a boot, and a VM. See README.md.
 */
export { FORMAT_VERSION, MAGIC, decodeSnapshot, encodeSnapshot, type SnapshotDoc, type SnapshotHeader, type SectionInput } from './format.js';
export { KIND_TEXT, SnapshotError, snapshotErrors, type SnapshotErrorCode, type SnapshotKind } from './errors.js';
export { captureBare, loadStep, restoreBare, type BareSetup, type LoadStep, type RestoredBare } from './bare.js';
export { checkDisk, diskIdentity, type DiskIdentity } from './disk.js';
