/**
 * The snapshot file format: a round trip keeps every section; a damaged
 * file — truncated anywhere, a bit flipped anywhere, another version, a
 * forged size — is one SnapshotError with a clear message, and nothing is
 * allocated from a size the reader has not checked.
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { FORMAT_VERSION, SnapshotError, decodeSnapshot, encodeSnapshot } from '../../src/snapshot/index.js';

const header = { kind: 'bare' as const, pvlab: 'pvlab test', instructions: 12345 };
const state = new TextEncoder().encode(JSON.stringify({ a: 1, b: 'two', c: [3, 4, 5] }).repeat(50));
const ram = new Uint8Array(8192).map((_, i) => (i * 7) & 0xff);
const file = encodeSnapshot(header, [{ name: 'state', bytes: state }, { name: 'ram', bytes: ram }, { name: 'plain', bytes: Uint8Array.of(1, 2, 3), raw: true }]);

/** Recompute the checksum after editing the bytes before it (a forged file rather than a damaged one). */
function reseal(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out.set(createHash('sha256').update(out.subarray(0, out.length - 32)).digest(), out.length - 32);
  return out;
}

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof SnapshotError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
};

test('a round trip keeps the header and every section', (t) => {
  const doc = decodeSnapshot(file);
  t.deepEqual(doc.header, header);
  t.deepEqual(doc.names, ['state', 'ram', 'plain']);
  t.deepEqual(doc.section('state', 1 << 20), state);
  t.deepEqual(doc.section('ram', 1 << 20), ram);
  t.deepEqual([...doc.section('plain', 10)], [1, 2, 3]);
  t.true(file.length < state.length); // deflated
});

test('truncated at every eighth, and by one byte: "truncated"', (t) => {
  for (let k = 0; k < 8; k++) {
    const cut = Math.floor((file.length * k) / 8);
    t.regex(code(() => decodeSnapshot(file.subarray(0, cut))), /^truncated: truncated: /, `cut at ${cut}`);
  }
  t.is(code(() => decodeSnapshot(file.subarray(0, file.length - 1))), `truncated: truncated: ${(file.length - 1).toLocaleString('en-US')} bytes of the ${file.length.toLocaleString('en-US')} its header declares`);
});

test('a bit flipped anywhere is caught, by the magic, the version, the length or the checksum', (t) => {
  for (let at = 0; at < file.length; at += Math.max(1, Math.floor(file.length / 97))) {
    for (const bit of [0, 5]) {
      const bad = file.slice();
      bad[at] ^= 1 << bit;
      t.regex(code(() => decodeSnapshot(bad)), /^(not-snapshot|version|truncated|corrupt|checksum): /, `byte ${at} bit ${bit}`);
    }
  }
  const flipped = file.slice();
  flipped[file.length - 40] ^= 1;
  t.is(code(() => decodeSnapshot(flipped)), 'checksum: checksum mismatch (SHA-256): the file is damaged');
});

test('another format version, another file, another kind: each says so', (t) => {
  const v = file.slice();
  new DataView(v.buffer).setUint32(8, FORMAT_VERSION + 1, true);
  t.is(code(() => decodeSnapshot(v)), `version: snapshot format version ${FORMAT_VERSION + 1}; this pvlab reads version ${FORMAT_VERSION}`);
  t.is(code(() => decodeSnapshot(new TextEncoder().encode('#!/bin/sh\necho this is not a snapshot, but long enough\n'))), 'not-snapshot: not a pvlab snapshot (no PVLABSNP magic)');
  t.is(code(() => decodeSnapshot(file, ['native', 'trap', 'paravirt'])),
    'kind: this is a snapshot of a bare-board run, not of a native boot or a trap-and-emulate boot or a paravirtual boot: restore it with pvlab run --restore');
  const boot = encodeSnapshot({ ...header, kind: 'paravirt' }, []);
  t.is(code(() => decodeSnapshot(boot, ['bare'])), 'kind: this is a snapshot of a paravirtual boot, not of a bare-board run: restore it with pvlab boot --restore');
});

test('sizes are checked against limits before anything is allocated', (t) => {
  // A section bigger than the reader accepts.
  t.is(code(() => decodeSnapshot(file).section('ram', 4096)), 'too-big: the ram section of 8,192 bytes is over the limit of 4,096');
  // A forged raw length (checksum resealed): inflating stops at it.
  const text = new TextDecoder().decode(file);
  const head = text.indexOf('"raw":8192');
  t.true(head > 0);
  const forged = reseal(file.slice());
  forged.set(new TextEncoder().encode('"raw":8191'), head);
  t.regex(code(() => decodeSnapshot(reseal(forged)).section('ram', 1 << 20)), /^corrupt: corrupt: the ram section does not inflate to its 8191 bytes/);
  // A header length beyond the file.
  const h = file.slice();
  new DataView(h.buffer).setUint32(12, 0x7fff_0000, true);
  t.regex(code(() => decodeSnapshot(reseal(h))), /^too-big: the header of 2,147,418,112 bytes/);
  // A declared total that is not a length.
  const total = file.slice();
  new DataView(total.buffer).setFloat64(16, 2 ** 60, true);
  t.regex(code(() => decodeSnapshot(total)), /^(corrupt|truncated): /);
});
