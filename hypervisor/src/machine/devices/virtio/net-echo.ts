/**
 * `--netdev echo`: a built-in peer on the other end of the wire, for tests
 * and benchmarks that need no second machine. Every frame comes back with
 * its source and destination swapped, layer by layer, `ECHO_LATENCY`
 * modeled cycles after the card sent it — virtual time, so a run with the
 * echo peer is exactly reproducible:
 *
 *   Ethernet   destination := the frame's source; source := its destination,
 *              or the peer's own MAC (`ECHO_MAC`) when that was a group address
 *   ARP        a request (RFC 826) is answered as if the peer held every
 *              address: a reply from `ECHO_MAC` for the asked address
 *   IPv4       source and destination addresses swapped (the header checksum
 *              is a sum, it stays right)
 *   ICMP       an echo request becomes an echo reply (RFC 792), checksum redone
 *   UDP        ports swapped (the checksum stays right), so any port echoes
 *              as RFC 862's echo service would; but datagrams to the discard
 *              port 9 (RFC 863) are swallowed, so a stream is a stream
 *
 * Frames it cannot make sense of come back with only the Ethernet addresses
 * swapped. Dropped: ARP other than requests (replies to the peer need no
 * answer), other frames to a group address, and IPv4 packets to a
 * broadcast or multicast address (answering them would send from a group
 * address). At most `ECHO_IN_FLIGHT` frames are on
 * their way back at once; more are dropped (bounded host memory).
 */
import type { NetBackend, NetWire } from './net-backend.js';

/** The peer's MAC: locally administered, "pvlab" in ASCII. */
export const ECHO_MAC = Uint8Array.of(0x02, 0x70, 0x76, 0x6c, 0x61, 0x62);
/** Modeled cycles from a frame leaving the card to its reflection arriving (10 µs at 100 MHz). */
export const ECHO_LATENCY = 1000;
/** Frames on their way back at once, at most. */
export const ECHO_IN_FLIGHT = 512;
/** UDP's discard port (RFC 863): the peer swallows what is sent to it. */
export const DISCARD_PORT = 9;

const ETH_HLEN = 14, ETH_P_IP = 0x0800, ETH_P_ARP = 0x0806;
const IP_PROTO_ICMP = 1, IP_PROTO_UDP = 17;

const isGroup = (f: Uint8Array, at: number) => (f[at] & 1) === 1;
const get16 = (f: Uint8Array, at: number) => (f[at] << 8) | f[at + 1];
const put16 = (f: Uint8Array, at: number, v: number) => { f[at] = v >>> 8; f[at + 1] = v & 0xff; };

/**
 * Swap `n` bytes at `a` with `n` bytes at `b`. With a temporary, not a
 * destructuring swap: until V8 optimizes this (the peer answers a few
 * frames per run) each of those allocated an array per byte.
 */
function swap(f: Uint8Array, a: number, b: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const t = f[a + i];
    f[a + i] = f[b + i];
    f[b + i] = t;
  }
}

/** The Internet checksum (RFC 1071) of `f[at, at + n)`: the ones' complement of the ones' complement sum. */
export function inetChecksum(f: Uint8Array, at: number, n: number): number {
  let sum = 0;
  for (let i = 0; i + 1 < n; i += 2) sum += get16(f, at + i);
  if (n & 1) sum += f[at + n - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** An ARP request answered as the holder of the asked address, in place; false if it is not one. */
function answerArp(f: Uint8Array): boolean {
  const p = ETH_HLEN;
  if (f.length < p + 28 || get16(f, p) !== 1 || get16(f, p + 2) !== ETH_P_IP || f[p + 4] !== 6 || f[p + 5] !== 4 || get16(f, p + 6) !== 1) return false;
  const asked = f.slice(p + 24, p + 28);
  if (asked.every((b, i) => b === f[p + 14 + i])) return false; // a gratuitous ARP: nobody to answer
  put16(f, p + 6, 2);
  f.copyWithin(p + 18, p + 8, p + 18); // target := the asker (MAC, address)
  f.set(ECHO_MAC, p + 8); // sender := the peer, with the address asked for
  f.set(asked, p + 14);
  f.copyWithin(0, 6, 12); // to the asker, from the peer
  f.set(ECHO_MAC, 6);
  return true;
}

/** The IPv4 packet at ETH_HLEN reflected in place; false to drop the frame. */
function reflectIp(f: Uint8Array): boolean {
  const p = ETH_HLEN;
  if (f.length < p + 20 || f[p] >> 4 !== 4) return true; // not one we read: the Ethernet swap only
  const hlen = (f[p] & 15) * 4, total = get16(f, p + 2);
  if (hlen < 20 || total < hlen || p + total > f.length) return true;
  const dst = (f[p + 16] << 24 | f[p + 17] << 16 | f[p + 18] << 8 | f[p + 19]) >>> 0;
  if (dst >= 0xe000_0000) return false; // multicast, or the limited broadcast
  swap(f, p + 12, p + 16, 4);
  if ((get16(f, p + 6) & 0x3fff) !== 0) return true; // a fragment: its transport header may not be here
  const l4 = p + hlen, len = total - hlen;
  if (f[p + 9] === IP_PROTO_ICMP && len >= 8 && f[l4] === 8) {
    f[l4] = 0; // echo request -> echo reply
    put16(f, l4 + 2, 0);
    put16(f, l4 + 2, inetChecksum(f, l4, len));
  } else if (f[p + 9] === IP_PROTO_UDP && len >= 8) {
    if (get16(f, l4 + 2) === DISCARD_PORT) return false;
    swap(f, l4, l4 + 2, 2);
  }
  return true;
}

/**
 * `frame` as the echo peer sends it back (a new array), or undefined when
 * the peer drops it. The rules are the module's comment.
 */
export function reflect(frame: Uint8Array): Uint8Array | undefined {
  if (frame.length < ETH_HLEN) return undefined;
  const f = frame.slice();
  const type = get16(f, 12);
  if (type === ETH_P_ARP) return answerArp(f) ? f : undefined;
  if (isGroup(f, 0)) return undefined;
  swap(f, 0, 6, 6);
  if (type === ETH_P_IP && !reflectIp(f)) return undefined;
  return f;
}

/** The echo peer as a card's backend. */
export class EchoPeer implements NetBackend {
  readonly name = 'echo';
  readonly external = false;
  /** Frames reflected, and frames dropped (by the rules, or over the in-flight bound). */
  readonly counts = { reflected: 0, dropped: 0 };
  private wire: NetWire | undefined;
  private inFlight = 0;

  connect(wire: NetWire): void {
    this.wire = wire;
  }

  send(frame: Uint8Array): void {
    const back = reflect(frame);
    if (!back || !this.wire || this.inFlight >= ECHO_IN_FLIGHT) {
      this.counts.dropped++;
      return;
    }
    this.inFlight++;
    this.counts.reflected++;
    this.wire.after(ECHO_LATENCY, () => this.deliver(back), 'reflect', back);
  }

  /** A reflected frame's latency has passed: to the guest. */
  private deliver(frame: Uint8Array): void {
    this.inFlight--;
    this.wire!.receive(frame);
  }

  /** The state: counts and frames in flight (the frames themselves wait in the board's events). */
  save(): { readonly counts: { reflected: number; dropped: number }; readonly inFlight: number } {
    return { counts: { ...this.counts }, inFlight: this.inFlight };
  }

  load(state: unknown): void {
    const s = state as ReturnType<EchoPeer['save']>;
    Object.assign(this.counts, s.counts);
    this.inFlight = s.inFlight;
  }

  rebuildEvent(what: string, data: unknown): () => void {
    if (what !== 'reflect' || !(data instanceof Uint8Array)) throw new RangeError(`the echo peer has no event '${what}'`);
    return () => this.deliver(data);
  }

  close(): void {}
}
