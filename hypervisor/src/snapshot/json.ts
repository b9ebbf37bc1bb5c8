/**
 * State sections as JSON: every owner saves plain data (numbers, strings,
 * booleans, arrays, objects), and byte arrays (a frame waiting, a program
 * image) travel as `{ "$bytes": base64 }`. Parsing a damaged section is a
 * SnapshotError, never a crash.
 */
import { snapshotErrors } from './errors.js';

const BYTES = '$bytes';

/** State to the bytes of a JSON section. */
export function encodeState(value: unknown): Uint8Array {
  // The holder's own value: a Buffer's toJSON has already turned `v` into { type, data } by now.
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const own = this[key];
    return own instanceof Uint8Array ? { [BYTES]: Buffer.from(own.buffer, own.byteOffset, own.byteLength).toString('base64') } : v;
  });
  return new TextEncoder().encode(text);
}

/** The bytes of a JSON section to state; `what` names the section in errors. */
export function decodeState<T>(bytes: Uint8Array, what: string): T {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes), (_key, v: unknown) => {
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as Record<string, unknown>)[BYTES] === 'string') {
        return new Uint8Array(Buffer.from((v as Record<string, string>)[BYTES], 'base64'));
      }
      return v;
    }) as T;
  } catch {
    throw snapshotErrors.corrupt(`the ${what} section is not valid JSON`);
  }
}
