/**
 * The paravirtual disk's back end (the `blkif` extension; Xen's blkback):
 * it serves the request ring in a page the guest granted, against the VM's
 * disk image — the board's block backend, without the virtio transport.
 *
 * The guest queues a batch of requests and makes one `evtchn_send`; the
 * back end serves every request queued before it returns, writes each
 * response over its request's slot, and signals the connection's port once
 * for the batch, if the guest asked to be told (rsp_event) — as Xen's
 * RING_PUSH_RESPONSES_AND_CHECK_NOTIFY. Then it sets req_event so that the
 * guest notifies again for its next request (RING_FINAL_CHECK_FOR_REQUESTS).
 *
 * Nothing the guest writes is trusted: each request is copied out of the
 * ring before it is read (the guest cannot change it half-way), its data
 * page is looked up by grant on every use (a revoked grant fails the
 * request), its sectors are checked against the page and the disk, and a
 * producer index more than a ring ahead marks the ring corrupt: the back
 * end stops serving it (Xen: "Frontend provided bogus ring requests") and
 * every later send fails. One send does at most BLKIF_RING_SIZE requests of
 * 4 KiB: bounded work and memory.
 */
import { BLKIF_REQUEST, BLKIF_RESPONSE, BLKIF_SRING, PVLAB_BLKIF, type GuestMemory, type WorkMeter } from '@pvlab/hypercall-abi';
import { BackendError, type BlockBackend } from '../../machine/devices/virtio/block-backend.js';
import type { EventChannels } from './event-channels.js';
import type { GrantTable } from './grant-table.js';
import { SharedRing } from './shared-ring.js';
import { WORK } from '../work.js';

const C = PVLAB_BLKIF.constants;
/** Slots in the ring; requests outstanding at most. */
export const BLKIF_RING_SIZE = C.blkif_ring_size.value;
export const SECTOR = 512;
const SECTORS_PER_PAGE = C.blkif_sectors_per_page.value;
/** Response statuses (i32 in a u32 field). */
export const BLKIF_RSP = { okay: C.blkif_rsp_okay.value, error: C.blkif_rsp_error.value, eopnotsupp: C.blkif_rsp_eopnotsupp.value } as const;
export const BLKIF_OP = { read: C.blkif_op_read.value, write: C.blkif_op_write.value, flush: C.blkif_op_flush.value } as const;
export const BLKIF_FEATURE = { flush: C.blkif_feature_flush.value, readonly: C.blkif_feature_readonly.value } as const;

/** A request as copied out of the ring. */
type Request = { readonly [K in keyof typeof BLKIF_REQUEST.fields]: number };

/** blkback as a snapshot holds it. */
export interface BlkBackState {
  readonly ring: { readonly ref: number; readonly port: number; readonly reqCons: number; readonly rspProdPvt: number } | undefined;
  readonly broken: boolean;
  readonly served: BlkBack['served'];
}

export class BlkBack {
  /** The shared ring while connected. */
  private ring: SharedRing | undefined;
  private ref = 0;
  private port = 0;
  /** The ring was found corrupt: it is served no more. */
  broken = false;
  /** Requests served, by status (for tests and statistics). */
  readonly served = { okay: 0, error: 0, eopnotsupp: 0 };
  /** Sectors of the disk (a partial last sector reads zeros past the image's end, as virtio-blk's). */
  readonly sectors: number;

  constructor(
    private readonly disk: BlockBackend,
    private readonly memory: GuestMemory,
    private readonly grants: GrantTable,
    private readonly events: EventChannels,
    private readonly work: WorkMeter,
  ) {
    this.sectors = Math.ceil(disk.size / SECTOR);
  }

  /** The back end's state, for a snapshot: its ring (grant, port, private indexes) if connected, and its counts. */
  save(): BlkBackState {
    return { ring: this.ring && { ref: this.ref, port: this.port, ...this.ring.save() }, broken: this.broken, served: { ...this.served } };
  }

  /** Take a saved state: the ring's grant is pinned already (the grant table's state holds the pin). */
  load(s: BlkBackState): void {
    this.ring = undefined;
    if (s.ring) {
      const page = this.grants.page(s.ring.ref, 'write');
      if (page === undefined) throw new RangeError(`blkif ring grant ${s.ring.ref} is not a writable grant`);
      this.ring = new SharedRing(this.memory, page, BLKIF_SRING.offsets, BLKIF_SRING.size, BLKIF_REQUEST.size, BLKIF_RING_SIZE);
      this.ring.load(s.ring);
      this.ref = s.ring.ref;
      this.port = s.ring.port;
      this.events.bind(this.port, () => this.serve());
    }
    this.broken = s.broken;
    Object.assign(this.served, s.served);
  }

  get connected(): boolean {
    return this.ring !== undefined;
  }

  /** The disk's features, as blkif_connect returns them. */
  get features(): number {
    return this.disk.readOnly ? BLKIF_FEATURE.readonly : BLKIF_FEATURE.flush;
  }

  /** Serve the ring in the page of grant `ref` (writable: checked by the caller), held from now on, signalling `port`. */
  connect(ref: number, port: number): void {
    this.ring = new SharedRing(this.memory, this.grants.pin(ref)!, BLKIF_SRING.offsets, BLKIF_SRING.size, BLKIF_REQUEST.size, BLKIF_RING_SIZE);
    this.ref = ref;
    this.port = port;
    this.ring.reset();
    this.events.bind(port, () => this.serve());
  }

  /** The front end went away (blkif_disconnect): the port unbound, the ring's grant let go, the state as before connect. */
  disconnect(): void {
    this.events.unbind(this.port);
    this.grants.unpin(this.ref);
    this.ring = undefined;
    this.broken = false;
  }

  /** The guest's send: serve every queued request. False when the ring is (or is now found) corrupt. */
  serve(): boolean {
    const ring = this.ring;
    if (this.broken || !ring) return false;
    const n = ring.pending();
    if (n === undefined) {
      this.broken = true;
      return false;
    }
    const before = ring.rspProdPvt;
    for (let i = 0; i < n; i++) {
      const req = ring.take(BLKIF_REQUEST.offsets);
      this.work.charge(WORK.blkRequest);
      const status = this.execute(req);
      ring.put(BLKIF_RESPONSE.offsets, { id: req.id, op: req.op, status: status >>> 0 });
      this.served[status === BLKIF_RSP.okay ? 'okay' : status === BLKIF_RSP.error ? 'error' : 'eopnotsupp']++;
    }
    ring.wantRequests();
    // Tell the guest once for the batch, if rsp_prod passed the point it asked about.
    if (ring.publish(before)) this.events.signal(this.port);
    return true;
  }

  /** Do one request: its status. */
  private execute(req: Request): number {
    try {
      if (req.op === BLKIF_OP.flush) {
        this.disk.flush();
        return BLKIF_RSP.okay;
      }
      if (req.op !== BLKIF_OP.read && req.op !== BLKIF_OP.write) return BLKIF_RSP.eopnotsupp;
      const read = req.op === BLKIF_OP.read;
      // A read writes the page: its grant must allow that.
      const page = this.grants.page(req.gref, read ? 'write' : 'read');
      if (page === undefined) return BLKIF_RSP.error;
      if (req.first_sect > req.last_sect || req.last_sect >= SECTORS_PER_PAGE) return BLKIF_RSP.error;
      const count = req.last_sect - req.first_sect + 1;
      const sector = req.sector_hi * 2 ** 32 + req.sector_lo;
      if (sector > this.sectors || count > this.sectors - sector) return BLKIF_RSP.error;
      if (!read && this.disk.readOnly) return BLKIF_RSP.error;
      const gpa = page + req.first_sect * SECTOR;
      if (read) {
        const data = new Uint8Array(count * SECTOR);
        this.disk.read(sector * SECTOR, data);
        this.memory.write(gpa, data);
      } else this.disk.write(sector * SECTOR, this.memory.read(gpa, count * SECTOR));
      return BLKIF_RSP.okay;
    } catch (e) {
      if (e instanceof BackendError) return BLKIF_RSP.error;
      throw e;
    }
  }
}
