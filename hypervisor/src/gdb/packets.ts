/**
 * The GDB remote serial protocol's framing (GDB manual, "Overview" of
 * Appendix E, Remote Protocol):
 *
 *   $ data # c1 c2       a packet: data, then its checksum — the sum of the
 *                        data bytes modulo 256, two hex digits
 *   +  /  -              acknowledgement, or a request to send again
 *   0x03                 out of band: interrupt the running target (Ctrl-C)
 *
 * In data, `#`, `$`, `}` (and `*` in replies) are escaped as `}` followed by
 * the byte XOR 0x20; binary payloads (the `X` packet) carry escaped bytes.
 *
 * Strings here are byte strings: one char per byte (latin1), so binary data
 * passes through untouched. The reader is bounded: a packet longer than its
 * limit is consumed and reported as too long, never buffered whole.
 */

/** The longest packet accepted and sent (data bytes); announced in qSupported as PacketSize. */
export const MAX_PACKET = 0x4000;

/** What the byte stream from the debugger carries, one event at a time. */
export type Incoming =
  | { readonly kind: 'packet'; readonly data: string }
  | { readonly kind: 'bad-checksum' }
  | { readonly kind: 'too-long' }
  | { readonly kind: 'ack' }
  | { readonly kind: 'nak' }
  | { readonly kind: 'interrupt' };

const DOLLAR = 0x24, HASH = 0x23, PLUS = 0x2b, MINUS = 0x2d, CTRL_C = 0x03;

/** Sum of the bytes of `s` modulo 256. */
export function checksum(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum = (sum + s.charCodeAt(i)) & 0xff;
  return sum;
}

const hexDigit = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1);

/**
 * Splits the byte stream into packets, acknowledgements and interrupts. A
 * `$` inside a packet starts a new one (the debugger gave up on the first);
 * bytes outside packets that mean nothing are ignored.
 */
export class PacketReader {
  private state: 'idle' | 'data' | 'sum1' | 'sum2' = 'idle';
  private readonly buf: Uint8Array;
  private length = 0;
  private overflow = false;
  private sum = 0;
  private hi = 0;

  constructor(readonly limit = MAX_PACKET) {
    this.buf = new Uint8Array(limit);
  }

  /** Feed bytes; returns the events they complete, in order. */
  push(bytes: Uint8Array): Incoming[] {
    const out: Incoming[] = [];
    for (const b of bytes) {
      switch (this.state) {
        case 'idle':
          if (b === DOLLAR) this.begin();
          else if (b === PLUS) out.push({ kind: 'ack' });
          else if (b === MINUS) out.push({ kind: 'nak' });
          else if (b === CTRL_C) out.push({ kind: 'interrupt' });
          break;
        case 'data':
          if (b === DOLLAR) this.begin();
          else if (b === HASH) this.state = 'sum1';
          else {
            this.sum = (this.sum + b) & 0xff;
            if (this.length < this.limit) this.buf[this.length++] = b;
            else this.overflow = true;
          }
          break;
        case 'sum1':
          this.hi = hexDigit(b);
          this.state = 'sum2';
          break;
        case 'sum2': {
          const lo = hexDigit(b);
          this.state = 'idle';
          if (this.hi < 0 || lo < 0 || ((this.hi << 4) | lo) !== this.sum) out.push({ kind: 'bad-checksum' });
          else if (this.overflow) out.push({ kind: 'too-long' });
          else out.push({ kind: 'packet', data: Buffer.from(this.buf.subarray(0, this.length)).toString('latin1') });
          break;
        }
      }
    }
    return out;
  }

  private begin(): void {
    this.state = 'data';
    this.length = 0;
    this.sum = 0;
    this.overflow = false;
  }
}

/** `$data#cs`, with `#`, `$`, `}` and `*` escaped (`*` would start run-length encoding). */
export function framePacket(data: string): string {
  let body = '';
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    body += c === 0x23 || c === 0x24 || c === 0x7d || c === 0x2a ? '}' + String.fromCharCode(c ^ 0x20) : data[i];
  }
  return `$${body}#${checksum(body).toString(16).padStart(2, '0')}`;
}

/** The bytes of an escaped binary payload (`X` packet data), or undefined when an escape is cut off. */
export function unescapeBinary(s: string): Uint8Array | undefined {
  const out = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c === 0x7d) {
      if (++i >= s.length) return undefined;
      c = s.charCodeAt(i) ^ 0x20;
    }
    out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

/** Bytes as lowercase hex, two digits each. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Hex digits as bytes, or undefined unless `s` is an even number of hex digits. */
export function fromHex(s: string): Uint8Array | undefined {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  return new Uint8Array(Buffer.from(s, 'hex'));
}

/** Text as hex (qRcmd output, `O` packets, qThreadExtraInfo). */
export const textToHex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

/** Hex as text, or undefined when it is not hex. */
export function hexToText(s: string): string | undefined {
  const b = fromHex(s);
  return b && Buffer.from(b).toString('utf8');
}

/** A 32-bit register value as the protocol sends it: 8 hex digits, target byte order (little-endian). */
export function le32(v: number): string {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return toHex(b);
}

/** 8 hex digits in target byte order as a value, or undefined. */
export function parseLe32(s: string): number | undefined {
  const b = s.length === 8 ? fromHex(s) : undefined;
  return b && new DataView(b.buffer, b.byteOffset).getUint32(0, true);
}

/** A hex number of at most `maxDigits` digits (addresses, lengths, register numbers), or undefined. */
export function parseHexNumber(s: string, maxDigits = 8): number | undefined {
  if (!/^[0-9a-fA-F]+$/.test(s)) return undefined;
  const digits = s.replace(/^0+(?=.)/, '');
  return digits.length > maxDigits ? undefined : parseInt(digits, 16);
}
