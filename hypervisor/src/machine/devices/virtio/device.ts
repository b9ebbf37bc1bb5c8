/**
 * The contract between the virtio-mmio transport and a virtio device
 * (virtio-blk, and the devices that follow it): the device says what it
 * is, what it offers and what its configuration space holds; the transport
 * owns the registers, the negotiated features and the queues, and calls
 * the device to process a queue some cycles after the driver notified it.
 */
import type { GuestMemory, VirtioError } from './guest-memory.js';
import type { SplitQueue } from './virtqueue.js';

/** What a device sees of its transport. */
export interface VirtioPort {
  /** Guest RAM, for the buffers of the chains. */
  readonly memory: GuestMemory;
  /** Whether the driver accepted feature `bit`. */
  negotiated(bit: number): boolean;
  /** The live ring of queue `q` (set up and enabled by the driver), if any. */
  queue(q: number): SplitQueue | undefined;
  /** Chains were pushed to queue `q`: interrupt the driver if its ring asks for it. */
  usedBuffers(q: number): void;
  /**
   * Run `fn` `delay` modeled cycles from now (device work not started by a
   * notify: a frame arriving); `what` and `data` say what it is, for the
   * device's `rebuildEvent` (a restored snapshot). A `VirtioError` it throws puts the device in
   * its error state; nothing runs while the device is in it.
   */
  after(delay: number, fn: () => void, what: string, data?: unknown): void;
}

/** A virtio device behind a transport. */
export interface VirtioDevice {
  /** The virtio device id (1: network, 2: block). */
  readonly deviceId: number;
  /** Feature bits offered, as two 32-bit words, through a legacy or a modern transport. */
  features(modern: boolean): readonly [number, number];
  /** How many virtqueues the device has, and the size each starts with (QEMU's `queue-size`). */
  readonly queueCount: number;
  readonly queueSize: number;
  /** The device-specific configuration space, as the driver reads it (little-endian). */
  readonly config: Uint8Array;
  /** A driver write to the configuration space (`offset` within it, in bounds); absent: read-only. */
  configWrite?(offset: number, width: 1 | 2 | 4, value: number): void;
  /**
   * Work through queue `q` — the transport calls this a fixed number of
   * cycles after the driver's notify. Returns true when it stopped early
   * (a bound on work per call) and has more to do. A `VirtioError` thrown
   * from here puts the device in its error state.
   */
  process(port: VirtioPort, q: number): boolean;
  /** The device was reset: forget what it held. */
  reset(): void;
  /** Called once by the transport that holds the device, for a device that works without being notified (frames arrive). */
  plug?(port: VirtioPort): void;
  /** Make work it scheduled with `port.after` again, from its `what` and `data` (a restored snapshot). */
  rebuildEvent?(what: string, data: unknown): () => void;
  /** The device's own state (plain data), for a snapshot; absent: it has none beyond its configuration. */
  save?(): unknown;
  load?(state: unknown): void;
}

export type { VirtioError };
