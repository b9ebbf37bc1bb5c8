/**
 * virtio-net (virtio 1.2 §5.1), as QEMU 7.2's `virtio-net-device` offers
 * itself with `mrg_rxbuf=off` and no offloads: a receive queue (0) and a
 * transmit queue (1), a MAC in the configuration space (VIRTIO_NET_F_MAC)
 * and a link status that is always up (VIRTIO_NET_F_STATUS). Every buffer
 * either way starts with a `virtio_net_hdr`: 10 bytes, or 12 with
 * VIRTIO_F_VERSION_1 (its `num_buffers`, which the card sets to 1); then
 * the Ethernet frame, without its FCS.
 *
 *   transmit  a chain of device-readable buffers: header, frame (split
 *             anywhere); the frame goes to the backend, the chain comes
 *             back with 0 bytes written
 *   receive   a chain of device-writable buffers the driver made available;
 *             the card writes the header (all zero but num_buffers) and the
 *             frame, and pushes it back with their length
 *
 * Errors, as QEMU's `virtio_net_flush_tx` and `virtio_net_receive_rcu`: a
 * transmit chain without readable buffers or shorter than the header, and
 * a receive chain without writable buffers, are device errors (the device
 * stops until reset). A frame too big for the receive chain it got is
 * dropped, the chain left for the next one (QEMU without mergeable
 * buffers). Bounds: frames longer than `NET_FRAME_MAX` (an Ethernet frame
 * of 1500 bytes of payload and a VLAN tag) are dropped either way; frames
 * that arrive while the driver has no receive buffer wait in a backlog of
 * `NET_BACKLOG` frames (QEMU's netdev queue), the rest are dropped; one
 * `process` call sends `NET_TX_PER_CALL` frames at most.
 */
import { VIRTIO_F, VIRTIO_ID, featureWords } from './constants.js';
import type { VirtioDevice, VirtioPort } from './device.js';
import { VirtioError } from './guest-memory.js';
import type { NetBackend } from './net-backend.js';
import type { Buffer } from './virtqueue.js';

/** Feature bits of virtio-net (§5.1.3) the card offers. */
export const VIRTIO_NET_F = { mac: 5, status: 16 } as const;
/** Link status bits (§5.1.4). */
export const VIRTIO_NET_S_LINK_UP = 1;
/** The configuration space (§5.1.4): mac[6], status u16. */
export const NET_CONFIG = { mac: 0, status: 6, size: 8 } as const;
/** The queues: receiveq1 and transmitq1. */
export const NET_RXQ = 0;
export const NET_TXQ = 1;
/** QEMU's default rx_queue_size and tx_queue_size. */
export const NET_QUEUE_SIZE = 256;
/** The largest frame carried either way: 14 + 4 (a VLAN tag) + 1500. */
export const NET_FRAME_MAX = 1518;
/** Frames waiting for a receive buffer, at most. */
export const NET_BACKLOG = 256;
/** Frames one transmit `process` call sends at most (the rest wait a notify latency). */
export const NET_TX_PER_CALL = 256;
/** QEMU's first MAC for a card without `mac=` (52:54:00:12:34:56). */
export const DEFAULT_MAC = Uint8Array.of(0x52, 0x54, 0x00, 0x12, 0x34, 0x56);

/** `52:54:00:12:34:56` as six bytes; an Error for anything else. */
export function parseMac(text: string): Uint8Array {
  const m = /^([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2})$/i.exec(text);
  if (!m) throw new Error(`'${text}' is not a MAC address (six hex bytes separated by ':')`);
  const mac = Uint8Array.from(m.slice(1), (h) => parseInt(h, 16));
  if (mac[0] & 1) throw new Error(`${text} is a group address: a card's MAC must be unicast (even first byte)`);
  return mac;
}

/** `mac` as text. */
export const macText = (mac: Uint8Array) => [...mac].map((b) => b.toString(16).padStart(2, '0')).join(':');

export interface VirtioNetOptions {
  readonly backend: NetBackend;
  /** Six bytes; QEMU's default 52:54:00:12:34:56 when left out. */
  readonly mac?: Uint8Array;
}

const total = (bufs: readonly Buffer[]) => bufs.reduce((n, b) => n + b.len, 0);

/** The card's state, as a snapshot holds it. */
export interface NetState {
  readonly counts: VirtioNet['counts'];
  readonly backlog: readonly Uint8Array[];
  readonly backend: unknown;
}

export class VirtioNet implements VirtioDevice {
  readonly deviceId = VIRTIO_ID.net;
  readonly queueCount = 2;
  readonly queueSize = NET_QUEUE_SIZE;
  readonly config = new Uint8Array(NET_CONFIG.size);
  readonly backend: NetBackend;
  readonly mac: Uint8Array;
  /** Frames sent and received, and dropped by cause (for tests and statistics). */
  readonly counts = { sent: 0, received: 0, oversize: 0, tooSmall: 0, backlogFull: 0 };
  private port: VirtioPort | undefined;
  private readonly backlog: Uint8Array[] = [];

  constructor(o: VirtioNetOptions) {
    this.backend = o.backend;
    this.mac = o.mac ?? DEFAULT_MAC;
    if (this.mac.length !== 6) throw new RangeError('a MAC is six bytes');
    this.config.set(this.mac, NET_CONFIG.mac);
    this.config[NET_CONFIG.status] = VIRTIO_NET_S_LINK_UP;
  }

  features(modern: boolean): readonly [number, number] {
    const ring = modern ? [VIRTIO_F.version1] : [VIRTIO_F.notifyOnEmpty, VIRTIO_F.anyLayout];
    return featureWords(VIRTIO_NET_F.mac, VIRTIO_NET_F.status, VIRTIO_F.indirectDesc, VIRTIO_F.eventIdx, ...ring);
  }

  /** The transport is built: frames from the backend can reach the guest from now on. */
  plug(port: VirtioPort): void {
    this.port = port;
    this.backend.connect({
      receive: (frame) => this.arrive(frame),
      after: (delay, fn, what, data) => port.after(delay, fn, 'backend', { what, data }),
    });
  }

  /** The state: counts, frames waiting for receive buffers, the backend's. */
  save(): NetState {
    return { counts: { ...this.counts }, backlog: this.backlog.map((f) => f.slice()), backend: this.backend.save!() };
  }

  load(state: unknown): void {
    const s = state as NetState;
    if (s.backlog.length > NET_BACKLOG) throw new RangeError(`virtio-net state: ${s.backlog.length} frames waiting, more than ${NET_BACKLOG}`);
    Object.assign(this.counts, s.counts);
    this.backlog.splice(0, this.backlog.length, ...s.backlog.map((f) => f.slice()));
    this.backend.load?.(s.backend);
  }

  /** Whether a snapshot can hold this card: its backend's state must be data (the echo peer; not a socket). */
  get snapshottable(): boolean {
    return this.backend.save !== undefined;
  }

  rebuildEvent(what: string, data: unknown): () => void {
    if (what === 'drain') return () => this.drain(this.port!);
    const d = data as { what: string; data: unknown };
    if (what === 'backend' && this.backend.rebuildEvent) return this.backend.rebuildEvent(d.what, d.data);
    throw new RangeError(`virtio-net has no event '${what}'`);
  }

  /** The header's size: num_buffers exists with VIRTIO_F_VERSION_1 (§5.1.6). */
  private headerSize(port: VirtioPort): number {
    return port.negotiated(VIRTIO_F.version1) ? 12 : 10;
  }

  reset(): void {
    this.backlog.length = 0;
  }

  process(port: VirtioPort, q: number): boolean {
    if (q === NET_RXQ) {
      this.drain(port); // new receive buffers: the frames that waited for them
      return false;
    }
    return this.transmit(port);
  }

  /** Send what the transmit queue holds, `NET_TX_PER_CALL` frames at most; true if more wait. */
  private transmit(port: VirtioPort): boolean {
    const ring = port.queue(NET_TXQ);
    if (!ring) return false;
    const hdr = this.headerSize(port);
    for (let n = 0; n < NET_TX_PER_CALL; n++) {
      const chain = ring.pop();
      if (!chain) return false;
      const bytes = total(chain.readable);
      if (chain.readable.length === 0) throw new VirtioError('virtio-net: a transmit chain without device-readable buffers');
      if (bytes < hdr) throw new VirtioError(`virtio-net: a transmit chain of ${bytes} bytes, shorter than its ${hdr}-byte header`);
      if (bytes - hdr > NET_FRAME_MAX) this.counts.oversize++;
      else if (bytes > hdr) {
        this.backend.send(this.gather(port, chain.readable, hdr, bytes - hdr));
        this.counts.sent++;
      }
      ring.push(chain.head, 0);
      port.usedBuffers(NET_TXQ);
    }
    return ring.waiting() > 0;
  }

  /** Bytes [skip, skip + n) of the buffers, in a new array. */
  private gather(port: VirtioPort, bufs: readonly Buffer[], skip: number, n: number): Uint8Array {
    const out = new Uint8Array(n);
    let at = 0;
    for (const b of bufs) {
      if (skip >= b.len) {
        skip -= b.len;
        continue;
      }
      const len = Math.min(b.len - skip, n - at);
      out.set(port.memory.bytes(b.addr + skip, len, 'a transmit buffer'), at);
      at += len;
      skip = 0;
      if (at === n) break;
    }
    return out;
  }

  /** A frame from the backend (any time): into the backlog, and to the guest at the next event. */
  private arrive(frame: Uint8Array): void {
    if (frame.length > NET_FRAME_MAX) {
      this.counts.oversize++;
      return;
    }
    if (this.backlog.length >= NET_BACKLOG) {
      this.counts.backlogFull++;
      return;
    }
    this.backlog.push(frame.slice());
    if (this.backlog.length === 1) this.port?.after(0, () => this.drain(this.port!), 'drain');
  }

  /** Hand waiting frames to the guest while it has receive buffers. */
  private drain(port: VirtioPort): void {
    const ring = port.queue(NET_RXQ);
    if (!ring) return; // not set up yet (or reset): the frames wait, as in QEMU's queue
    const hdr = this.headerSize(port);
    while (this.backlog.length > 0) {
      const chain = ring.pop();
      if (!chain) return; // no buffer: the next notify of the receive queue drains the rest
      if (chain.writable.length === 0) throw new VirtioError('virtio-net: a receive chain without device-writable buffers');
      const frame = this.backlog.shift()!;
      const room = total(chain.writable);
      if (room < hdr + frame.length) {
        this.counts.tooSmall++;
        ring.unpop();
        continue;
      }
      const data = new Uint8Array(hdr + frame.length); // the header: no offloads, num_buffers 1
      if (hdr === 12) data[10] = 1;
      data.set(frame, hdr);
      let at = 0;
      for (const b of chain.writable) {
        const len = Math.min(b.len, data.length - at);
        if (len === 0) break;
        port.memory.bytes(b.addr, len, 'a receive buffer').set(data.subarray(at, at + len));
        port.memory.written(b.addr, len);
        at += len;
      }
      this.counts.received++;
      ring.push(chain.head, data.length);
      port.usedBuffers(NET_RXQ);
    }
  }
}
