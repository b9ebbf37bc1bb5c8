/**
 * A batch of pages on the wire (the `pages` message), deflated (raw
 * DEFLATE, level 1: a kernel's free pages hold one poison pattern, and
 * compress to almost nothing):
 *
 *   count (u32) | count × ( index (u32) | kind (u8: 0 zero, 1 bytes) | 4096 bytes when kind is 1 )
 *
 * A page of zeros travels as its index. At most PAGES_PER_MESSAGE pages a
 * message, so a message stays under MESSAGE_MAX, and inflating one is
 * bounded by the largest batch there can be.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { WireError } from './wire.js';
import { PAGE } from './vm-memory.js';

export const PAGES_PER_MESSAGE = 64;
const ZERO = 0, BYTES = 1;

/** Is this page all zeros? */
export function isZero(ram: Uint8Array, page: number): boolean {
  const w = new Int32Array(ram.buffer, ram.byteOffset + page * PAGE, PAGE / 4);
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) return false;
  return true;
}

/** The largest batch, inflated. */
const BATCH_MAX = 4 + PAGES_PER_MESSAGE * (5 + PAGE);

/** Encode `pages` (indices into `ram`) as one batch, deflated: their bytes as they are now. */
export function encodePages(ram: Uint8Array, pages: readonly number[]): Uint8Array {
  return deflateRawSync(rawPages(ram, pages), { level: 1 });
}

function rawPages(ram: Uint8Array, pages: readonly number[]): Uint8Array {
  if (pages.length > PAGES_PER_MESSAGE) throw new RangeError(`at most ${PAGES_PER_MESSAGE} pages a message`);
  const zero = pages.map((p) => isZero(ram, p));
  const out = new Uint8Array(4 + pages.length * 5 + zero.filter((z) => !z).length * PAGE);
  const v = new DataView(out.buffer);
  v.setUint32(0, pages.length, true);
  let at = 4;
  pages.forEach((p, i) => {
    v.setUint32(at, p, true);
    out[at + 4] = zero[i] ? ZERO : BYTES;
    at += 5;
    if (!zero[i]) {
      out.set(ram.subarray(p * PAGE, (p + 1) * PAGE), at);
      at += PAGE;
    }
  });
  return out;
}

/** Decode a batch into `ram` (checked: it inflates within BATCH_MAX, every index inside RAM, the lengths exact); returns the pages written. */
export function decodePages(deflated: Uint8Array, ram: Uint8Array): number {
  let payload: Uint8Array;
  try {
    payload = inflateRawSync(deflated, { maxOutputLength: BATCH_MAX });
  } catch {
    throw new WireError('a pages message that does not inflate (or inflates past the largest batch)');
  }
  const v = new DataView(payload.buffer, payload.byteOffset, payload.length);
  if (payload.length < 4) throw new WireError('a pages message without its count');
  const count = v.getUint32(0, true);
  if (count > PAGES_PER_MESSAGE) throw new WireError(`a pages message of ${count} pages (at most ${PAGES_PER_MESSAGE})`);
  const pages = ram.length / PAGE;
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (at + 5 > payload.length) throw new WireError('a pages message cut short');
    const page = v.getUint32(at, true), kind = payload[at + 4];
    at += 5;
    if (page >= pages) throw new WireError(`page ${page} is outside the VM's ${pages} pages`);
    if (kind === ZERO) ram.fill(0, page * PAGE, (page + 1) * PAGE);
    else if (kind === BYTES) {
      if (at + PAGE > payload.length) throw new WireError('a pages message cut short');
      ram.set(payload.subarray(at, at + PAGE), page * PAGE);
      at += PAGE;
    } else throw new WireError(`page ${page} of unknown kind ${kind}`);
  }
  if (at !== payload.length) throw new WireError('a pages message with bytes after its pages');
  return count;
}
