/**
 * Why a snapshot cannot be written or read: named factories, one line each,
 * so the wording lives in one place and tests can match it. The CLI prints
 * `pvlab: error: FILE: <message>` and exits 1; nothing has started then.
 */

/** Why a snapshot failed: its `message` is one line for the user. */
export type SnapshotErrorCode = 'truncated' | 'not-snapshot' | 'version' | 'checksum' | 'corrupt' | 'too-big' | 'kind' | 'mode' | 'disk' | 'cannot-save';

export class SnapshotError extends Error {
  constructor(readonly code: SnapshotErrorCode, message: string) {
    super(message);
  }
}

const plain = (n: number) => n.toLocaleString('en-US');

/** What each kind of snapshot is, and the command that restores it. */
export const KIND_TEXT = {
  bare: { what: 'a bare-board run', restore: 'pvlab run --restore' },
  native: { what: 'a native boot', restore: 'pvlab boot --restore' },
  trap: { what: 'a trap-and-emulate boot', restore: 'pvlab boot --restore' },
  paravirt: { what: 'a paravirtual boot', restore: 'pvlab boot --restore' },
} as const;

export type SnapshotKind = keyof typeof KIND_TEXT;

export const snapshotErrors = {
  tooShort: (length: number) => new SnapshotError('truncated', `truncated: ${plain(length)} bytes is less than a snapshot's fixed header`),
  notSnapshot: () => new SnapshotError('not-snapshot', 'not a pvlab snapshot (no PVLABSNP magic)'),
  version: (found: number, known: number) => new SnapshotError('version', `snapshot format version ${found}; this pvlab reads version ${known}`),
  truncated: (length: number, total: number) => new SnapshotError('truncated', `truncated: ${plain(length)} bytes of the ${plain(total)} its header declares`),
  trailing: (length: number, total: number) => new SnapshotError('corrupt', `${plain(length - total)} bytes after the ${plain(total)} its header declares`),
  checksum: () => new SnapshotError('checksum', 'checksum mismatch (SHA-256): the file is damaged'),
  corrupt: (detail: string) => new SnapshotError('corrupt', `corrupt: ${detail}`),
  tooBig: (what: string, size: number, limit: number) => new SnapshotError('too-big', `${what} of ${plain(size)} bytes is over the limit of ${plain(limit)}`),
  kind: (found: SnapshotKind, wanted: readonly SnapshotKind[]) =>
    new SnapshotError('kind', `this is a snapshot of ${KIND_TEXT[found].what}, not of ${wanted.map((k) => KIND_TEXT[k].what).join(' or ')}: restore it with ${KIND_TEXT[found].restore}`),
  mode: (found: string, asked: string) => new SnapshotError('mode', `this is a snapshot of a ${found} boot; --mode ${asked} does not match it (leave --mode out: the mode comes from the file)`),
  disk: (detail: string) => new SnapshotError('disk', `disk image ${detail}`),
  cannotSave: (detail: string) => new SnapshotError('cannot-save', `cannot snapshot: ${detail}`),
};
