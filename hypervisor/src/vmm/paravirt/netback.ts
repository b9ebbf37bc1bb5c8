/**
 * The paravirtual network card's back end (the `netif` extension; Xen's
 * netback): it serves the guest's transmit and receive rings, two pages the
 * guest granted, against the VM's network backend — the same echo peer,
 * virtual switch or dgram socket a trapped virtio-net card is plugged into,
 * without the virtio transport.
 *
 *   transmit  the guest queues frames on the tx ring and makes one
 *             `evtchn_send`; the back end sends every queued frame to the
 *             backend before the call returns and answers each with a
 *             status. It signals the port only if the guest asked (the
 *             kernel's front end never does: its buffers are back when the
 *             send returns), and sets req_event so that the guest notifies
 *             again for its next frame.
 *   receive   the guest posts empty buffers on the rx ring. A frame that
 *             arrives (in the board's virtual time) goes into the next one
 *             at once; the port is signalled if rsp_prod passed the guest's
 *             rsp_event — an event-channel bit and a software interrupt,
 *             no exit. With no buffer posted, frames wait in a backlog of
 *             NETIF_BACKLOG (the rest are dropped, as a full queue drops
 *             them), and req_event asks the guest to notify when it posts
 *             more: only then does refilling the ring cost an exit.
 *
 * Nothing the guest writes is trusted: requests are copied out of the ring
 * before they are read, pages are looked up by grant on every use (a
 * revoked grant fails the request that names it), a frame longer than
 * NETIF_FRAME_MAX or a range past its page gets NETIF_RSP_ERROR, and a
 * producer index more than a ring ahead marks the rings corrupt: the back
 * end stops serving them and every later send fails. One send does at most
 * a ring's worth of frames each way: bounded work and memory.
 */
import { NETIF_RX_REQUEST, NETIF_RX_RESPONSE, NETIF_SRING, NETIF_TX_REQUEST, NETIF_TX_RESPONSE, PVLAB_NETIF, type GuestMemory, type WorkMeter } from '@pvlab/hypercall-abi';
import { PAGE_SIZE } from '@pvlab/assembler';
import type { PvNic } from '../vm.js';
import type { Scheduler } from '../../machine/devices/index.js';
import type { EventChannels } from './event-channels.js';
import type { GrantTable } from './grant-table.js';
import { SharedRing } from './shared-ring.js';
import { WORK } from '../work.js';

const C = PVLAB_NETIF.constants;
/** Slots in each ring. */
export const NETIF_RING_SIZE = C.netif_ring_size.value;
/** The largest frame carried either way. */
export const NETIF_FRAME_MAX = C.netif_frame_max.value;
/** Statuses (i32 in a u32 field); a receive response's status is otherwise the frame's length. */
export const NETIF_RSP = { okay: C.netif_rsp_okay.value, error: C.netif_rsp_error.value } as const;
/** Frames waiting for a receive buffer, at most (as virtio-net's NET_BACKLOG). */
export const NETIF_BACKLOG = 256;

/** netback as a snapshot holds it. */
export interface NetBackState {
  readonly rings: { readonly tx: RingState; readonly rx: RingState; readonly port: number } | undefined;
  readonly backlog: readonly Uint8Array[];
  readonly broken: boolean;
  readonly counts: NetBack['counts'];
  readonly backend: unknown;
}

interface RingState {
  readonly ref: number;
  readonly reqCons: number;
  readonly rspProdPvt: number;
}

export class NetBack {
  private tx: SharedRing | undefined;
  private rx: SharedRing | undefined;
  private refs: readonly number[] = [];
  private port = 0;
  private readonly backlog: Uint8Array[] = [];
  /** The rings were found corrupt: they are served no more. */
  broken = false;
  /** Frames by fate (for tests and statistics). */
  readonly counts = { sent: 0, received: 0, txError: 0, rxError: 0, oversize: 0, backlogFull: 0 };

  /**
   * `deviceWork`: the board's virtual time, for the backend's deliveries
   * (each piece of work may wake the VM); `work`: the running exit's meter.
   */
  constructor(
    readonly nic: PvNic,
    private readonly memory: GuestMemory,
    private readonly grants: GrantTable,
    private readonly events: EventChannels,
    private readonly work: WorkMeter,
    deviceWork: Scheduler,
  ) {
    nic.backend.connect({ receive: (frame) => this.arrive(frame), after: (delay, fn, what, data) => deviceWork.after(delay, fn, { owner: this, what: 'backend', data: { what, data } }) });
  }

  /** The backend's work made again from its tag (a restored snapshot). */
  rebuildEvent(what: string, data: unknown): () => void {
    const d = data as { what: string; data: unknown };
    if (what !== 'backend' || !this.nic.backend.rebuildEvent) throw new RangeError(`netback has no event '${what}'`);
    return this.nic.backend.rebuildEvent(d.what, d.data);
  }

  /** The back end's state, for a snapshot: its rings if connected, the frames waiting, counts, the backend's own. */
  save(): NetBackState {
    const rings = this.tx && this.rx ? { tx: { ref: this.refs[0], ...this.tx.save() }, rx: { ref: this.refs[1], ...this.rx.save() }, port: this.port } : undefined;
    return { rings, backlog: this.backlog.map((f) => f.slice()), broken: this.broken, counts: { ...this.counts }, backend: this.nic.backend.save?.() };
  }

  /** Take a saved state: the rings' grants are pinned already (the grant table's state holds the pins). */
  load(s: NetBackState): void {
    this.tx = this.rx = undefined;
    if (s.rings) {
      const ring = (r: { ref: number; reqCons: number; rspProdPvt: number }) => {
        const page = this.grants.page(r.ref, 'write');
        if (page === undefined) throw new RangeError(`netif ring grant ${r.ref} is not a writable grant`);
        const ring = new SharedRing(this.memory, page, NETIF_SRING.offsets, NETIF_SRING.size, NETIF_TX_REQUEST.size, NETIF_RING_SIZE);
        ring.load(r);
        return ring;
      };
      this.tx = ring(s.rings.tx);
      this.rx = ring(s.rings.rx);
      this.refs = [s.rings.tx.ref, s.rings.rx.ref];
      this.port = s.rings.port;
      this.events.bind(this.port, () => this.serve());
    }
    if (s.backlog.length > NETIF_BACKLOG) throw new RangeError(`netback state: ${s.backlog.length} frames waiting, more than ${NETIF_BACKLOG}`);
    this.backlog.splice(0, this.backlog.length, ...s.backlog.map((f) => f.slice()));
    this.broken = s.broken;
    Object.assign(this.counts, s.counts);
    this.nic.backend.load?.(s.backend);
  }

  get connected(): boolean {
    return this.tx !== undefined;
  }

  /** Frames waiting for a receive buffer now. */
  get waiting(): number {
    return this.backlog.length;
  }

  /** Serve the rings in the pages of grants `tx` and `rx` (writable: checked by the caller), held from now on, signalling `port`. */
  connect(tx: number, rx: number, port: number): void {
    const ring = (ref: number) => new SharedRing(this.memory, this.grants.pin(ref)!, NETIF_SRING.offsets, NETIF_SRING.size, NETIF_TX_REQUEST.size, NETIF_RING_SIZE);
    this.tx = ring(tx);
    this.rx = ring(rx);
    this.refs = [tx, rx];
    this.port = port;
    this.tx.reset();
    this.rx.reset();
    this.events.bind(port, () => this.serve());
  }

  /**
   * The front end went away (netif_disconnect): the port unbound, the
   * rings' grants let go, waiting frames dropped, the state as before
   * connect. The backend stays plugged in: frames that arrive meanwhile
   * wait for the next connect, within the backlog's bound.
   */
  disconnect(): void {
    this.events.unbind(this.port);
    for (const ref of this.refs) this.grants.unpin(ref);
    this.tx = this.rx = undefined;
    this.backlog.length = 0;
    this.broken = false;
  }

  /** The guest's send: every queued frame out, waiting frames into new buffers. False when the rings are (or are now found) corrupt. */
  serve(): boolean {
    if (this.broken || !this.tx) return false;
    const tx = this.tx;
    const n = tx.pending();
    if (n === undefined) return this.corrupt();
    const before = tx.rspProdPvt;
    for (let i = 0; i < n; i++) {
      const req = tx.take(NETIF_TX_REQUEST.offsets);
      this.work.charge(WORK.netFrame);
      tx.put(NETIF_TX_RESPONSE.offsets, { id: req.id, status: this.transmit(req) >>> 0 });
    }
    tx.wantRequests();
    const tell = tx.publish(before);
    if (!this.deliver(true)) return false;
    if (tell) this.events.signal(this.port);
    return true;
  }

  /** Send one frame: its status. */
  private transmit(req: { gref: number; offset: number; len: number }): number {
    const page = this.grants.page(req.gref, 'read');
    if (page === undefined || req.len === 0 || req.len > NETIF_FRAME_MAX || req.offset + req.len > PAGE_SIZE) {
      this.counts.txError++;
      return NETIF_RSP.error;
    }
    this.nic.backend.send(this.memory.read(page + req.offset, req.len));
    this.counts.sent++;
    return NETIF_RSP.okay;
  }

  /** A frame from the backend, in virtual time: into the next buffer, or the backlog. */
  private arrive(frame: Uint8Array): void {
    if (frame.length > NETIF_FRAME_MAX) {
      this.counts.oversize++;
      return;
    }
    if (this.broken || this.backlog.length >= NETIF_BACKLOG) {
      this.counts.backlogFull++;
      return;
    }
    this.backlog.push(frame.slice());
    this.deliver(false);
  }

  /**
   * Waiting frames into the buffers the guest posted, one signal for them
   * all if the guest asked; req_event set when frames are left waiting. False
   * when the rx ring is corrupt. `metered`: inside the guest's send (its
   * exit pays for each frame).
   */
  private deliver(metered: boolean): boolean {
    const rx = this.rx;
    if (!rx || this.backlog.length === 0) return true;
    const posted = rx.pending();
    if (posted === undefined) return this.corrupt();
    const before = rx.rspProdPvt;
    for (let i = 0; i < posted && this.backlog.length > 0; i++) {
      const req = rx.take(NETIF_RX_REQUEST.offsets);
      if (metered) this.work.charge(WORK.netFrame);
      rx.put(NETIF_RX_RESPONSE.offsets, { id: req.id, offset: req.offset, status: this.fill(req, this.backlog.shift()!) >>> 0 });
    }
    if (this.backlog.length > 0) rx.wantRequests(); // out of buffers: tell me when there are more
    if (rx.publish(before)) this.events.signal(this.port);
    return true;
  }

  /** One frame into one buffer: the frame's length, or an error (and the frame is dropped). */
  private fill(req: { gref: number; offset: number; room: number }, frame: Uint8Array): number {
    const page = this.grants.page(req.gref, 'write');
    if (page === undefined || req.offset >= PAGE_SIZE || req.room > PAGE_SIZE - req.offset || req.room < frame.length) {
      this.counts.rxError++;
      return NETIF_RSP.error;
    }
    this.memory.write(page + req.offset, frame);
    this.counts.received++;
    return frame.length;
  }

  /** A producer more than a ring ahead: the rings are served no more, waiting frames dropped. */
  private corrupt(): false {
    this.broken = true;
    this.backlog.length = 0;
    return false;
  }
}
