/**
 * Where a virtio-net card's frames go and come from, on the host: the
 * other end of its wire. A backend takes the frames the guest sends and
 * hands frames to the card whenever they arrive. Two exist:
 *
 * - `EchoPeer` (net-echo.ts): a built-in peer that answers every frame
 *   in virtual time, so a run with it is as deterministic as one without;
 * - `DgramSocket` (net-dgram.ts): frames in UDP datagrams on loopback, in
 *   QEMU 7.2's `-netdev dgram` format, to another pvlab or a QEMU guest —
 *   the one place where the outside world's timing enters a run.
 */

/** What a backend reaches of its card. */
export interface NetWire {
  /** A frame for the guest (the card copies it: the array may be reused). */
  receive(frame: Uint8Array): void;
  /** Run `fn` `delay` modeled cycles from now, in the board's virtual time. */
  after(delay: number, fn: () => void, what: string, data?: unknown): void;
}

export interface NetBackend {
  /** Short description for messages: `echo`, `dgram 127.0.0.1:5555 -> 127.0.0.1:5556`. */
  readonly name: string;
  /** Frames arrive in host time (a socket): a run must not jump its idle time past them. */
  readonly external: boolean;
  /** Called once, by the card, when the board is built. */
  connect(wire: NetWire): void;
  /** A frame from the guest (the backend copies it if it keeps it). */
  send(frame: Uint8Array): void;
  /**
   * For a snapshot: the backend's state as plain data (Uint8Arrays allowed),
   * and the work it scheduled on its wire made again from `what` and `data`.
   * A backend without `save` cannot be snapshotted (a socket: its peer is
   * outside the snapshot).
   */
  save?(): unknown;
  load?(state: unknown): void;
  rebuildEvent?(what: string, data: unknown): () => void;
  /** Release the host resource (the socket). */
  close(): void;
}
