/**
 * The migration stream's framing: every message is a header and a payload,
 *
 *   0      4        5       6      8          12         16
 *   | PVMG | version | type | 0  0 | length    | crc32     | payload (length bytes)
 *
 * little-endian, the CRC-32 over the payload (and the type: a message cannot
 * change its kind and keep its checksum). Every length is bounded
 * (MESSAGE_MAX), so a corrupt or hostile peer costs a bounded buffer and a
 * one-line error, never a crash or an allocation it chose. Message types are
 * one table, MESSAGES.
 */
import { crc32 } from 'node:zlib';

export const MAGIC = 0x474d5650; // 'PVMG'
/** The protocol's version: a receiver refuses any other. */
export const WIRE_VERSION = 1;
export const HEADER_BYTES = 16;
/** A payload's limit: a batch of pages (64 × 4 KiB and their indices), or a piece of the VM's state. */
export const MESSAGE_MAX = 1 << 20;

/** THE table of messages, with who sends them. */
export const MESSAGES = {
  hello: { id: 1, from: 'sender', what: 'what is coming: the mode, the kernel image\'s digest, the RAM size, the VM' },
  ready: { id: 2, from: 'receiver', what: 'the receiver can take it (or an error says why not)' },
  pages: { id: 3, from: 'sender', what: 'a batch of pages, deflated: index and bytes, or index and "zero"' },
  round: { id: 4, from: 'sender', what: 'a round of pages is complete: its number and page count' },
  state: { id: 5, from: 'sender', what: 'a piece of the paused VM\'s device, CPU and hypervisor state' },
  done: { id: 6, from: 'sender', what: 'everything is sent: the state\'s length and digest' },
  restored: { id: 7, from: 'receiver', what: 'the VM is restored and ready to run (not yet running)' },
  go: { id: 8, from: 'sender', what: 'the sender destroyed its VM: run it' },
  error: { id: 9, from: 'either', what: 'the transfer is off: the message says why; nothing is started' },
} as const;

export type MessageName = keyof typeof MESSAGES;
const BY_ID = new Map<number, MessageName>(Object.entries(MESSAGES).map(([n, m]) => [m.id, n as MessageName]));

/** A message off the wire. */
export interface Message {
  readonly type: MessageName;
  readonly payload: Uint8Array;
}

/** A stream that is not the migration protocol, or is broken: the message says where. */
export class WireError extends Error {}

const checksum = (type: number, payload: Uint8Array) => crc32(payload, type) >>> 0;

/** One message, framed. */
export function frame(type: MessageName, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (payload.length > MESSAGE_MAX) throw new RangeError(`a ${type} message of ${payload.length} bytes is over the limit of ${MESSAGE_MAX}`);
  const id = MESSAGES[type].id;
  const out = new Uint8Array(HEADER_BYTES + payload.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, MAGIC, true);
  out[4] = WIRE_VERSION;
  out[5] = id;
  v.setUint32(8, payload.length, true);
  v.setUint32(12, checksum(id, payload), true);
  out.set(payload, HEADER_BYTES);
  return out;
}

/** JSON messages (hello, ready, round, done, restored, error) as bytes, and back. */
export const jsonPayload = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
export function parseJson<T>(m: Message): T {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(m.payload)) as T;
  } catch {
    throw new WireError(`a ${m.type} message that is not JSON`);
  }
}

/**
 * Bytes in, messages out: the framing checked as it arrives. Holds at most
 * one message's bytes; a bad magic, version, type, length or checksum
 * throws WireError (the stream cannot be trusted past it).
 */
export class MessageReader {
  private held: Uint8Array = new Uint8Array(0);

  /** Bytes received; returns the messages they complete. */
  push(bytes: Uint8Array): Message[] {
    this.held = this.held.length ? concat(this.held, bytes) : bytes;
    const out: Message[] = [];
    while (this.held.length >= HEADER_BYTES) {
      const v = new DataView(this.held.buffer, this.held.byteOffset, HEADER_BYTES);
      if (v.getUint32(0, true) !== MAGIC) throw new WireError('not a pvlab migration stream (bad magic)');
      if (this.held[4] !== WIRE_VERSION) throw new WireError(`migration protocol version ${this.held[4]}, this pvlab speaks ${WIRE_VERSION}`);
      const type = BY_ID.get(this.held[5]);
      if (!type) throw new WireError(`unknown message type ${this.held[5]}`);
      const length = v.getUint32(8, true);
      if (length > MESSAGE_MAX) throw new WireError(`a ${type} message of ${length} bytes is over the limit of ${MESSAGE_MAX}`);
      if (this.held.length < HEADER_BYTES + length) break;
      const payload = this.held.slice(HEADER_BYTES, HEADER_BYTES + length);
      if (checksum(this.held[5], payload) !== v.getUint32(12, true)) throw new WireError(`a ${type} message failed its checksum`);
      out.push({ type, payload });
      this.held = this.held.subarray(HEADER_BYTES + length);
    }
    return out;
  }

  /** Bytes of an unfinished message (a stream that ends here was cut). */
  get pending(): number {
    return this.held.length;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
