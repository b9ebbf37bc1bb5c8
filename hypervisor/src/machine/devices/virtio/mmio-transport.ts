/**
 * The virtio-mmio transport (virtio 1.2 §4.2): one slot of QEMU virt's
 * eight, 0x1000 apart from 0x1000_1000, with PLIC sources 1..8. Version 2
 * (modern, §4.2.2) or version 1 (legacy, §4.2.4); QEMU 7.2's default is
 * legacy (`virtio-mmio.force-legacy=true`), and so is the board's.
 *
 * As QEMU 7.2's `hw/virtio/virtio-mmio.c` behaves (observed with
 * _programs/c/virtio-regs.c on both transports):
 * - the registers answer in 0x000..0x1ff; above, up to the slot's end,
 *   accesses fault; registers below 0x100 take 4-byte accesses only (other
 *   widths read 0 and are ignored); the configuration space at 0x100 takes
 *   1, 2 and 4 bytes, and reads past its end give all ones;
 * - a slot with no device reads magic, version and vendor, 0 elsewhere,
 *   and ignores writes (Linux probes it and skips device id 0);
 * - write-only, wrong-version and unknown registers read 0, except
 *   SHMLenLow/High (no shared memory: all ones); writes to read-only ones
 *   are ignored;
 * - DeviceFeaturesSel/DriverFeaturesSel select word 0 or, for any other
 *   value, word 1; a legacy transport offers word 0 only;
 * - the driver's features are masked with the offered ones and take effect
 *   at once (legacy) or when FEATURES_OK is written (modern), never after
 *   FEATURES_OK; Status holds what was written; writing 0 resets, and so
 *   does a legacy QueuePFN of 0;
 * - GuestPageSize sets the PFN shift (its lowest set bit); QueueAlign any
 *   non-zero value; the used ring starts at the first `align` boundary at
 *   or after avail + 4 + 2 × size (QEMU's `virtio_queue_update_rings`,
 *   which leaves out the avail ring's trailing used_event);
 * - QueueNumMax reads 1024 for a queue the device has, 0 otherwise;
 *   QueueNum takes 1..1024; QueueReset (§4.2.2) acts only when
 *   VIRTIO_F_RING_RESET was negotiated (QEMU offers the bit and ignores the
 *   register, which for a driver that did not negotiate it is the same).
 *
 * Interrupts: a completion sets InterruptStatus bit 0 and reports the
 * line's level (InterruptStatus != 0) to the PLIC, at every completion the
 * ring asks an interrupt for, as QEMU's `virtio_notify` does; an
 * InterruptACK write reports it again. The PLIC takes each report of a
 * high level as a new request (plic.ts, `'report'` sources), so a driver
 * that never acknowledges still gets one interrupt per completion, as on
 * QEMU.
 *
 * Time: a QueueNotify write asks the device to work `NOTIFY_LATENCY`
 * modeled cycles later (10 µs of the board's 100 MHz), so requests complete
 * at the same instruction on every run.
 *
 * Errors: a bad ring or request (`VirtioError`) stops the device until it
 * is reset, as QEMU's `virtio_error`: with VIRTIO_F_VERSION_1 negotiated,
 * Status gains DEVICE_NEEDS_RESET and, once DRIVER_OK, a configuration
 * change interrupt; `lastError` keeps the message for the host.
 */
import type { Device, EventSource, IrqLine, Scheduler, Width } from '../device.js';
import { isAligned, low32 } from '../access.js';
import {
  VIRTIO_F, VIRTIO_ISR, VIRTIO_LEGACY_ALIGN, VIRTIO_MAGIC, VIRTIO_MMIO_CONFIG, VIRTIO_MMIO_VERSION, VIRTIO_MMIO_WINDOW, VIRTIO_STATUS,
  VIRTIO_VENDOR_QEMU, VIRTQUEUE_MAX_SIZE, VIRTQ_DESC_SIZE, hasFeature,
} from './constants.js';
import { GuestMemory, VirtioError } from './guest-memory.js';
import { SplitQueue, type SplitQueueState } from './virtqueue.js';
import type { VirtioDevice, VirtioPort } from './device.js';

/** Where QEMU virt's virtio-mmio slots are: eight, 0x1000 apart, on PLIC sources 1..8. */
export const VIRTIO_MMIO_BASE = 0x1000_1000;
export const VIRTIO_MMIO_SLOT_SIZE = 0x1000;
export const VIRTIO_MMIO_SLOTS = 8;
export const VIRTIO_MMIO_FIRST_IRQ = 1;

/** Modeled cycles from a QueueNotify write to the device's work on that queue. */
export const NOTIFY_LATENCY = 1000;

export interface VirtioMmioOptions {
  /** The slot: 0..7 (base 0x1000_1000 + 0x1000 × slot, PLIC source slot + 1). */
  readonly slot: number;
  /** Version 2 (true) or 1, legacy (false: QEMU 7.2's default). */
  readonly modern: boolean;
  /** The device behind the slot; none: an empty slot (device id 0). */
  readonly device?: VirtioDevice;
  /** The slot's PLIC line (a 'report' source). */
  readonly irq: IrqLine;
  readonly memory: GuestMemory;
  readonly scheduler: Scheduler;
}

/** A queue's registers, as the driver wrote them. */
interface QueueRegs {
  num: number;
  /** Legacy: the descriptor table's address (QueuePFN << page shift) and the used ring's alignment. */
  pfnAddr: number;
  align: number;
  /** Modern: QueueReady and the three addresses, as low/high words. */
  ready: boolean;
  desc: [number, number];
  driver: [number, number];
  device: [number, number];
  /** QueueReset reads 1 after a reset until the queue is enabled again. */
  wasReset: boolean;
  readonly ring: SplitQueue;
  /** A device work event is pending for this queue. */
  scheduled: boolean;
}

/** One queue's registers and ring indexes, as a snapshot holds them. */
export interface QueueState {
  readonly num: number; readonly pfnAddr: number; readonly align: number; readonly ready: boolean;
  readonly desc: readonly number[]; readonly driver: readonly number[]; readonly device: readonly number[];
  readonly wasReset: boolean; readonly scheduled: boolean;
  readonly ring: SplitQueueState;
}

/** A slot's state, as a snapshot holds it: the transport's registers, its queues and the device's own. */
export interface VirtioMmioState {
  readonly driverWords: readonly number[]; readonly accepted: readonly number[];
  readonly featureSel: number; readonly driverSel: number; readonly pageShift: number; readonly queueSel: number;
  readonly isr: number; readonly status: number; readonly generation: number;
  readonly lastError: string | undefined; readonly broken: boolean; readonly epoch: number;
  readonly queues: readonly QueueState[];
  readonly device: unknown;
}

/** One register: what a read answers and what a write does; `only` limits it to one transport version. */
interface Register {
  readonly offset: number;
  readonly only?: 'legacy' | 'modern';
  read?(t: VirtioMmio): number;
  write?(t: VirtioMmio, v: number): void;
}

const addr64 = (w: readonly number[]) => w[1] * 2 ** 32 + w[0];

/** The register file (§4.2.2, §4.2.4), one row per register. */
const REGISTERS: readonly Register[] = [
  { offset: 0x000, read: () => VIRTIO_MAGIC },
  { offset: 0x004, read: (t) => (t.modern ? VIRTIO_MMIO_VERSION.modern : VIRTIO_MMIO_VERSION.legacy) },
  { offset: 0x008, read: (t) => t.device!.deviceId },
  { offset: 0x00c, read: () => VIRTIO_VENDOR_QEMU },
  { offset: 0x010, read: (t) => (t.modern || t.featureSel === 0 ? t.offered[t.featureSel] : 0) },
  { offset: 0x014, write: (t, v) => (t.featureSel = v ? 1 : 0) },
  { offset: 0x020, write: (t, v) => t.writeDriverFeatures(v) },
  { offset: 0x024, write: (t, v) => (t.driverSel = v ? 1 : 0) },
  { offset: 0x028, only: 'legacy', write: (t, v) => (t.pageShift = v === 0 ? 0 : 31 - Math.clz32(v & -v)) },
  { offset: 0x030, write: (t, v) => { if (v < VIRTQUEUE_MAX_SIZE) t.queueSel = v; } },
  { offset: 0x034, read: (t) => (t.selected() ? VIRTQUEUE_MAX_SIZE : 0) },
  { offset: 0x038, write: (t, v) => { const q = t.selected(); if (q && v > 0 && v <= VIRTQUEUE_MAX_SIZE) q.num = v; } },
  { offset: 0x03c, only: 'legacy', write: (t, v) => { const q = t.selected(); if (q && v !== 0) q.align = v; } },
  { offset: 0x040, only: 'legacy', read: (t) => Math.floor((t.selected()?.pfnAddr ?? 0) / 2 ** t.pageShift) >>> 0, write: (t, v) => t.writePfn(v) },
  { offset: 0x044, only: 'modern', read: (t) => (t.selected()?.ready ? 1 : 0), write: (t, v) => t.writeReady(v) },
  { offset: 0x050, write: (t, v) => t.notify(v) },
  { offset: 0x060, read: (t) => t.isr },
  { offset: 0x064, write: (t, v) => { t.isr &= ~v; t.report(); } },
  { offset: 0x070, read: (t) => t.status, write: (t, v) => t.writeStatus(v & 0xff) },
  ...(['desc', 'driver', 'device'] as const).flatMap((part, k) => [0, 1].map((half): Register => ({
    offset: 0x080 + 0x10 * k + 4 * half, only: 'modern', write: (t, v) => { const q = t.selected(); if (q) q[part][half] = v; },
  }))),
  { offset: 0x0b0, read: () => 0xffff_ffff }, // SHMLenLow/High: no shared memory region
  { offset: 0x0b4, read: () => 0xffff_ffff },
  { offset: 0x0c0, only: 'modern', read: (t) => (t.selected()?.wasReset ? 1 : 0), write: (t, v) => t.writeQueueReset(v) },
  { offset: 0x0fc, only: 'modern', read: (t) => t.generation },
];
const BY_OFFSET = new Map(REGISTERS.map((r) => [r.offset, r]));

/** One virtio-mmio slot. */
export class VirtioMmio implements Device, EventSource {
  readonly name: string;
  readonly base: number;
  readonly size = VIRTIO_MMIO_SLOT_SIZE;
  readonly modern: boolean;
  readonly device: VirtioDevice | undefined;
  /** Offered features (two words) and the ones the driver wrote (modern: kept until FEATURES_OK). */
  readonly offered: readonly [number, number];
  private readonly driverWords: [number, number] = [0, 0];
  /** Negotiated features. */
  readonly accepted: [number, number] = [0, 0];
  featureSel = 0;
  driverSel = 0;
  pageShift = 0;
  queueSel = 0;
  isr = 0;
  status = 0;
  generation = 0;
  /** Why the device stopped, until the driver resets it (for the host: traces, tests). */
  lastError: string | undefined;
  private broken = false;
  /** Bumped by every reset: work scheduled before it is dropped. */
  private epoch = 0;
  private readonly queues: QueueRegs[];
  private readonly irq: IrqLine;
  private readonly scheduler: Scheduler;
  private readonly port: VirtioPort;

  constructor(o: VirtioMmioOptions) {
    if (!Number.isInteger(o.slot) || o.slot < 0 || o.slot >= VIRTIO_MMIO_SLOTS) throw new RangeError(`virtio-mmio slot ${o.slot} does not exist (0..${VIRTIO_MMIO_SLOTS - 1})`);
    this.name = `virtio${o.slot}`;
    this.base = VIRTIO_MMIO_BASE + o.slot * VIRTIO_MMIO_SLOT_SIZE;
    this.modern = o.modern;
    this.device = o.device;
    this.offered = o.device ? [...o.device.features(o.modern)] as [number, number] : [0, 0];
    this.irq = o.irq;
    this.scheduler = o.scheduler;
    const ringFeatures = () => ({ eventIdx: this.negotiated(VIRTIO_F.eventIdx), notifyOnEmpty: this.negotiated(VIRTIO_F.notifyOnEmpty) });
    this.queues = Array.from({ length: o.device?.queueCount ?? 0 }, () => this.freshQueue(new SplitQueue(o.memory, ringFeatures)));
    this.port = {
      memory: o.memory,
      negotiated: (bit) => this.negotiated(bit),
      queue: (q) => this.liveRing(q),
      usedBuffers: (q) => this.usedBuffers(q),
      after: (delay, fn, what, data) => this.scheduler.after(delay, () => this.guarded(fn), { owner: this, what: 'device', data: { what, data } }),
    };
    o.device?.plug?.(this.port);
  }

  private freshQueue(ring: SplitQueue): QueueRegs {
    ring.lastAvail = 0;
    ring.usedIdx = 0;
    return {
      num: this.device?.queueSize ?? 0, pfnAddr: 0, align: VIRTIO_LEGACY_ALIGN, ready: false,
      desc: [0, 0], driver: [0, 0], device: [0, 0], wasReset: false, ring, scheduled: false,
    };
  }

  /** The PLIC source of a slot. */
  static irqOf(slot: number): number {
    return VIRTIO_MMIO_FIRST_IRQ + slot;
  }

  negotiated(bit: number): boolean {
    return hasFeature(this.accepted, bit);
  }

  /** The selected queue, if the device has it. */
  selected(): QueueRegs | undefined {
    return this.queues[this.queueSel];
  }

  read(offset: number, width: Width): number | undefined {
    if (offset >= VIRTIO_MMIO_WINDOW || !isAligned(offset, width) || width === 8) return undefined;
    if (!this.device) {
      // An empty slot: magic, version and vendor (whatever the width, as QEMU), zero elsewhere.
      const v = offset === 0x000 || offset === 0x004 || offset === 0x00c ? BY_OFFSET.get(offset)!.read!(this) : 0;
      return width === 4 ? v >>> 0 : v & ((1 << (8 * width)) - 1);
    }
    if (offset >= VIRTIO_MMIO_CONFIG) return this.configRead(offset - VIRTIO_MMIO_CONFIG, width);
    if (width !== 4) return 0;
    const r = BY_OFFSET.get(offset);
    if (!r?.read || (r.only && r.only !== (this.modern ? 'modern' : 'legacy'))) return 0;
    return r.read(this) >>> 0;
  }

  write(offset: number, width: Width, value: number | bigint): boolean {
    if (offset >= VIRTIO_MMIO_WINDOW || !isAligned(offset, width) || width === 8) return false;
    if (!this.device) return true;
    const v = low32(value);
    if (offset >= VIRTIO_MMIO_CONFIG) {
      const at = offset - VIRTIO_MMIO_CONFIG;
      if (at + width <= this.device.config.length) this.device.configWrite?.(at, width, v);
      return true;
    }
    if (width !== 4) return true;
    const r = BY_OFFSET.get(offset);
    if (r?.write && !(r.only && r.only !== (this.modern ? 'modern' : 'legacy'))) r.write(this, v);
    return true;
  }

  /** Configuration space: little-endian, all ones past its end (QEMU's `virtio_config_read*`). */
  private configRead(at: number, width: 1 | 2 | 4): number {
    const c = this.device!.config;
    if (at + width > c.length) return width === 4 ? 0xffff_ffff : (1 << (8 * width)) - 1;
    let v = 0;
    for (let i = width - 1; i >= 0; i--) v = v * 256 + c[at + i];
    return v >>> 0;
  }

  writeDriverFeatures(v: number): void {
    if (this.modern) {
      this.driverWords[this.driverSel] = v >>> 0;
    } else if (this.driverSel === 0 && !(this.status & VIRTIO_STATUS.featuresOk)) {
      this.accepted[0] = (v & this.offered[0]) >>> 0;
    }
  }

  writeStatus(v: number): void {
    if (this.modern && v & VIRTIO_STATUS.featuresOk && !(this.status & VIRTIO_STATUS.featuresOk)) {
      this.accepted[0] = (this.driverWords[0] & this.offered[0]) >>> 0;
      this.accepted[1] = (this.driverWords[1] & this.offered[1]) >>> 0;
    }
    this.status = v;
    if (v === 0) this.reset();
  }

  writePfn(v: number): void {
    const q = this.selected();
    if (v === 0) this.reset();
    else if (q) q.pfnAddr = v * 2 ** this.pageShift;
  }

  writeReady(v: number): void {
    const q = this.selected();
    if (!q) return;
    q.ready = (v & 1) === 1;
    if (q.ready) q.wasReset = false;
  }

  writeQueueReset(v: number): void {
    const q = this.selected();
    if (!q || v !== 1 || !this.negotiated(VIRTIO_F.ringReset)) return;
    const fresh = this.freshQueue(q.ring);
    Object.assign(q, fresh, { wasReset: true });
  }

  /** QueueNotify: the device works on the queue NOTIFY_LATENCY cycles from now. */
  notify(q: number): void {
    const regs = this.queues[q];
    if (!regs || regs.scheduled || this.broken) return;
    regs.scheduled = true;
    const epoch = this.epoch;
    this.scheduler.after(NOTIFY_LATENCY, () => this.notified(q, epoch), { owner: this, what: 'notify', data: { q, epoch } });
  }

  /** A notify's latency has passed: the work, unless the device was reset since (`epoch`). */
  private notified(q: number, epoch: number): void {
    if (epoch !== this.epoch) return;
    this.queues[q].scheduled = false;
    this.work(q);
  }

  /** Work this transport scheduled, made again from its tag (a restored snapshot). */
  rebuildEvent(what: string, data: unknown): () => void {
    const d = data as { q: number; epoch: number } & { what: string; data: unknown };
    if (what === 'notify') {
      if (!Number.isInteger(d.q) || !this.queues[d.q]) throw new RangeError(`${this.name}: a notify of queue ${d.q}, which the device lacks`);
      return () => this.notified(d.q, d.epoch);
    }
    const fn = what === 'device' ? this.device?.rebuildEvent?.(d.what, d.data) : undefined;
    if (!fn) throw new RangeError(`${this.name}: no event '${what}${what === 'device' ? `/${d.what}` : ''}' to make again`);
    return () => this.guarded(fn);
  }

  /** The transport's state, its queues' and its device's, for a snapshot. */
  save(): VirtioMmioState {
    return {
      driverWords: [...this.driverWords], accepted: [...this.accepted], featureSel: this.featureSel, driverSel: this.driverSel,
      pageShift: this.pageShift, queueSel: this.queueSel, isr: this.isr, status: this.status, generation: this.generation,
      lastError: this.lastError, broken: this.broken, epoch: this.epoch,
      queues: this.queues.map((q) => ({
        num: q.num, pfnAddr: q.pfnAddr, align: q.align, ready: q.ready, desc: [...q.desc], driver: [...q.driver], device: [...q.device],
        wasReset: q.wasReset, scheduled: q.scheduled, ring: q.ring.save(),
      })),
      device: this.device?.save?.(),
    };
  }

  /** Take a saved state (of a slot with the same device); the PLIC's line is restored with the PLIC. */
  load(s: VirtioMmioState): void {
    if (s.queues.length !== this.queues.length) throw new RangeError(`${this.name}: a state with ${s.queues.length} queues for a device with ${this.queues.length}`);
    [this.driverWords[0], this.driverWords[1]] = [s.driverWords[0] >>> 0, s.driverWords[1] >>> 0];
    [this.accepted[0], this.accepted[1]] = [s.accepted[0] >>> 0, s.accepted[1] >>> 0];
    ({ featureSel: this.featureSel, driverSel: this.driverSel, pageShift: this.pageShift, queueSel: this.queueSel } = s);
    ({ isr: this.isr, status: this.status, generation: this.generation, lastError: this.lastError, broken: this.broken, epoch: this.epoch } = s);
    s.queues.forEach((qs, i) => {
      const q = this.queues[i];
      Object.assign(q, { num: qs.num, pfnAddr: qs.pfnAddr, align: qs.align, ready: qs.ready, wasReset: qs.wasReset, scheduled: qs.scheduled });
      q.desc = [qs.desc[0] >>> 0, qs.desc[1] >>> 0];
      q.driver = [qs.driver[0] >>> 0, qs.driver[1] >>> 0];
      q.device = [qs.device[0] >>> 0, qs.device[1] >>> 0];
      q.ring.load(qs.ring);
    });
    if (this.device?.load) this.device.load(s.device);
  }

  /** The device's work on queue `q`; a guest error puts the device in its error state. */
  private work(q: number): void {
    if (this.broken || !this.liveRing(q)) return;
    this.guarded(() => {
      if (this.device!.process(this.port, q)) this.notify(q);
    });
  }

  /** Device work, unless the device is in its error state; a guest error found doing it puts it there. */
  private guarded(fn: () => void): void {
    if (this.broken) return;
    try {
      fn();
    } catch (e) {
      if (!(e instanceof VirtioError)) throw e;
      this.fail(e.message);
    }
  }

  /** Queue `q`'s ring with its layout from the registers, if the driver made it live. */
  private liveRing(q: number): SplitQueue | undefined {
    const r = this.queues[q];
    if (!r) return undefined;
    if (this.modern) {
      if (!r.ready) return undefined;
      r.ring.layout = { size: r.num, desc: addr64(r.desc), avail: addr64(r.driver), used: addr64(r.device) };
    } else {
      if (r.pfnAddr === 0) return undefined;
      const avail = r.pfnAddr + VIRTQ_DESC_SIZE * r.num;
      const used = Math.ceil((avail + 4 + 2 * r.num) / r.align) * r.align;
      r.ring.layout = { size: r.num, desc: r.pfnAddr, avail, used };
    }
    return r.ring;
  }

  private usedBuffers(q: number): void {
    if (!this.queues[q].ring.shouldNotify()) return;
    this.isr |= VIRTIO_ISR.used;
    this.report();
  }

  /** The device's error state (QEMU's `virtio_error`). */
  fail(message: string): void {
    this.broken = true;
    this.lastError = message;
    if (!this.negotiated(VIRTIO_F.version1)) return;
    this.status |= VIRTIO_STATUS.needsReset;
    if (this.status & VIRTIO_STATUS.driverOk) {
      this.isr |= VIRTIO_ISR.used | VIRTIO_ISR.config;
      this.generation = (this.generation + 1) >>> 0;
      this.report();
    }
  }

  /** Report the line's level to the PLIC (QEMU's `virtio_mmio_update_irq`). */
  report(): void {
    this.irq.set(this.isr !== 0);
  }

  /** Device reset (§2.4): the transport's state, the queues and the device forget everything. */
  private reset(): void {
    this.epoch++;
    this.status = 0;
    this.isr = 0;
    this.accepted[0] = this.accepted[1] = 0;
    this.driverWords[0] = this.driverWords[1] = 0;
    this.queueSel = 0; // the selectors and the page size stay, as in QEMU's virtio_reset
    this.broken = false;
    this.lastError = undefined;
    for (const q of this.queues) Object.assign(q, this.freshQueue(q.ring));
    this.device?.reset();
    this.report();
  }
}
