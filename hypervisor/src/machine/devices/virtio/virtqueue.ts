/**
 * A split virtqueue, the device's side (virtio 1.2 §2.7):
 *
 *   descriptor table  size × { addr u64, len u32, flags u16, next u16 }
 *   available ring    flags u16, idx u16, ring[size] u16, used_event u16
 *   used ring         flags u16, idx u16, ring[size] { id u32, len u32 },
 *                     avail_event u16
 *
 * `pop` takes the next chain the driver made available and returns its
 * buffers, device-readable ones first, then device-writable ones; `push`
 * returns a chain to the driver with the bytes written. Everything read
 * from the guest is checked: a head or `next` past the table, a chain
 * longer than its table (a loop), a readable buffer after a writable one,
 * an empty buffer, a bad indirect table or a buffer outside RAM is a
 * `VirtioError` (the device then stops until reset, as QEMU's
 * `virtqueue_split_pop` does) — each chain is bounded by its table, so
 * every walk ends.
 *
 * Indirect descriptors (§2.7.5.3): a chain of normal descriptors may end in
 * one that points at a table of descriptors; that table's descriptors must
 * not be indirect themselves. Event index (§2.7.7, §2.7.10): with
 * VIRTIO_F_EVENT_IDX the device publishes `avail_event` and notifies only
 * when the used index passes the driver's `used_event`.
 */
import { GuestMemory, VirtioError } from './guest-memory.js';
import { VIRTQ_AVAIL_F_NO_INTERRUPT, VIRTQ_DESC_F, VIRTQ_DESC_SIZE } from './constants.js';

/** One buffer of a chain, in guest-physical addresses. */
export interface Buffer {
  readonly addr: number;
  readonly len: number;
}

/** A chain the driver made available: its head (the id to push back) and its buffers. */
export interface Chain {
  readonly head: number;
  readonly readable: readonly Buffer[];
  readonly writable: readonly Buffer[];
}

/** Where a queue's three parts are (addresses in guest RAM) and how many entries it has. */
export interface QueueLayout {
  readonly size: number;
  readonly desc: number;
  readonly avail: number;
  readonly used: number;
}

/** The ring features negotiated. */
export interface RingFeatures {
  readonly eventIdx: boolean;
  readonly notifyOnEmpty: boolean;
}

const u16 = (v: number) => v & 0xffff;

/** A ring's device-side indexes, as a snapshot holds them (the layout comes from the registers). */
export interface SplitQueueState {
  readonly lastAvail: number;
  readonly usedIdx: number;
  readonly signalledUsed: number;
  readonly signalledValid: boolean;
}

export class SplitQueue {
  /** The next available-ring entry to take, and the next used-ring entry to fill (free-running 16-bit). */
  lastAvail = 0;
  usedIdx = 0;
  /** The used index at the last interrupt (event index), and whether there was one since reset. */
  private signalledUsed = 0;
  private signalledValid = false;

  /** Where the rings are: the transport sets it from the driver's registers before each use. */
  layout: QueueLayout = { size: 0, desc: 0, avail: 0, used: 0 };

  constructor(
    private readonly mem: GuestMemory,
    /** The ring features the driver accepted (they change only when it negotiates). */
    private readonly features: () => RingFeatures,
  ) {}

  save(): SplitQueueState {
    return { lastAvail: this.lastAvail, usedIdx: this.usedIdx, signalledUsed: this.signalledUsed, signalledValid: this.signalledValid };
  }

  load(s: SplitQueueState): void {
    this.lastAvail = s.lastAvail & 0xffff;
    this.usedIdx = s.usedIdx & 0xffff;
    this.signalledUsed = s.signalledUsed & 0xffff;
    this.signalledValid = s.signalledValid;
  }

  /** The driver's available index. */
  private availIdx(): number {
    return this.mem.u16(this.layout.avail + 2, 'the available ring');
  }

  /** Chains waiting: at most the queue size, or the driver moved its index too far (§2.7.13.3). */
  waiting(): number {
    const n = u16(this.availIdx() - this.lastAvail);
    if (n > this.layout.size) throw new VirtioError(`the driver moved the available index ${n} entries ahead of a ${this.layout.size}-entry queue`);
    return n;
  }

  /** The next available chain, or undefined when there is none. */
  pop(): Chain | undefined {
    if (this.waiting() === 0) return undefined;
    const { size, avail } = this.layout;
    const head = this.mem.u16(avail + 4 + 2 * (this.lastAvail % size), 'the available ring');
    this.lastAvail = u16(this.lastAvail + 1);
    if (head >= size) throw new VirtioError(`the driver made descriptor ${head} available in a ${size}-entry queue`);
    if (this.features().eventIdx) this.publishAvailEvent();
    return this.walk(head);
  }

  /**
   * Follow the chain from `head`: normal descriptors, possibly ending in an
   * indirect one. The count of descriptors visited bounds the walk: more
   * than a table holds means the chain loops.
   */
  private walk(head: number): Chain {
    const readable: Buffer[] = [];
    const writable: Buffer[] = [];
    let table = this.layout.desc;
    let max = this.layout.size;
    let indirect = false;
    let i = head;
    for (let seen = 1; ; seen++) {
      if (seen > max) throw new VirtioError(`descriptor chain ${head} loops (more than ${max} descriptors)`);
      const at = table + VIRTQ_DESC_SIZE * i;
      const addr = this.mem.u64(at, 'a descriptor');
      const len = this.mem.u32(at + 8, 'a descriptor');
      const flags = this.mem.u16(at + 12, 'a descriptor');
      const next = this.mem.u16(at + 14, 'a descriptor');
      if (flags & VIRTQ_DESC_F.indirect) {
        if (indirect) throw new VirtioError(`descriptor chain ${head}: an indirect descriptor inside an indirect table`);
        if (flags & VIRTQ_DESC_F.next) throw new VirtioError(`descriptor chain ${head}: an indirect descriptor with NEXT set`);
        if (len === 0 || len % VIRTQ_DESC_SIZE !== 0) throw new VirtioError(`descriptor chain ${head}: an indirect table of ${len} bytes`);
        this.mem.offset(addr, len, 'an indirect descriptor table');
        table = addr;
        max = len / VIRTQ_DESC_SIZE;
        indirect = true;
        seen = 0;
        i = 0;
        continue;
      }
      if (len === 0) throw new VirtioError(`descriptor chain ${head}: an empty buffer`);
      this.mem.offset(addr, len, 'a buffer');
      if (flags & VIRTQ_DESC_F.write) writable.push({ addr, len });
      else if (writable.length > 0) throw new VirtioError(`descriptor chain ${head}: a device-readable buffer after a device-writable one`);
      else readable.push({ addr, len });
      if (!(flags & VIRTQ_DESC_F.next)) return { head, readable, writable };
      if (next >= max) throw new VirtioError(`descriptor chain ${head}: next is ${next} in a ${max}-entry table`);
      i = next;
    }
  }

  /** Put the chain `pop` just took back: the next `pop` takes it again (a frame too big for it, §5.1.6.3). */
  unpop(): void {
    this.lastAvail = u16(this.lastAvail - 1);
  }

  /** Give chain `head` back with `written` bytes written into its buffers. */
  push(head: number, written: number): void {
    const { size, used } = this.layout;
    const at = used + 4 + 8 * (this.usedIdx % size);
    this.mem.setU32(at, head, 'the used ring');
    this.mem.setU32(at + 4, written, 'the used ring');
    this.usedIdx = u16(this.usedIdx + 1);
    this.mem.setU16(used + 2, this.usedIdx, 'the used ring');
  }

  /** With the event index: tell the driver to notify again when it makes the next chain available. */
  publishAvailEvent(): void {
    const { size, used } = this.layout;
    this.mem.setU16(used + 4 + 8 * size, this.lastAvail, 'the used ring');
  }

  /**
   * Whether the driver wants an interrupt for what was just pushed
   * (§2.7.7.2, §2.7.10; QEMU's `virtio_split_should_notify`): always when
   * the queue ran empty under VIRTIO_F_NOTIFY_ON_EMPTY; else, with the
   * event index, when the used index passed `used_event`; else unless the
   * driver set VIRTQ_AVAIL_F_NO_INTERRUPT.
   */
  shouldNotify(): boolean {
    const { size, avail } = this.layout;
    const f = this.features();
    if (f.notifyOnEmpty && this.waiting() === 0) return true;
    if (!f.eventIdx) return (this.mem.u16(avail, 'the available ring') & VIRTQ_AVAIL_F_NO_INTERRUPT) === 0;
    const valid = this.signalledValid;
    const old = this.signalledUsed;
    this.signalledValid = true;
    this.signalledUsed = this.usedIdx;
    const event = this.mem.u16(avail + 4 + 2 * size, 'the available ring');
    // vring_need_event: the used index stepped over event (mod 2^16)
    return !valid || u16(this.usedIdx - event - 1) < u16(this.usedIdx - old);
  }
}
