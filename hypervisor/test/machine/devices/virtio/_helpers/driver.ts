/**
 * A virtio-blk driver written in TypeScript for the device tests: it pokes
 * the board's registers and writes rings into its RAM as a guest would, and
 * runs the device's pending work (what the hart would wait for) with
 * `settle`. Addresses are guest-physical.
 */
import { Machine, MemoryDisk, NOTIFY_LATENCY, VIRTIO_MMIO_BASE, placeDrives, type BlockBackend, type VirtioMmio } from '@pvlab/hypervisor';

export const R = {
  magic: 0x000, version: 0x004, deviceId: 0x008, deviceFeatures: 0x010, deviceFeaturesSel: 0x014, driverFeatures: 0x020,
  driverFeaturesSel: 0x024, guestPageSize: 0x028, queueSel: 0x030, queueNumMax: 0x034, queueNum: 0x038, queueAlign: 0x03c,
  queuePfn: 0x040, queueReady: 0x044, queueNotify: 0x050, isr: 0x060, ack: 0x064, status: 0x070, descLow: 0x080, descHigh: 0x084,
  driverLow: 0x090, driverHigh: 0x094, deviceLow: 0x0a0, deviceHigh: 0x0a4, queueReset: 0x0c0, generation: 0x0fc, config: 0x100,
} as const;
export const STATUS = { ack: 1, driver: 2, driverOk: 4, featuresOk: 8, needsReset: 0x40 } as const;
export const F = { indirect: 28, eventIdx: 29, version1: 32, ringReset: 40 } as const;

/** Where the test driver puts its queue and buffers. */
export const QUEUE = 0x8010_0000;
export const BUFS = 0x8020_0000;

export interface DriverOptions {
  readonly modern?: boolean;
  readonly readOnly?: boolean;
  readonly sectors?: number;
  readonly size?: number;
  /** Another backend than the in-memory disk (which then stays unused). */
  readonly backend?: BlockBackend;
}

export class TestDriver {
  readonly m: Machine;
  readonly disk: MemoryDisk;
  readonly slot: VirtioMmio;
  readonly base = VIRTIO_MMIO_BASE;
  readonly size: number;
  private readonly view: DataView;
  availIdx = 0;

  constructor(o: DriverOptions = {}) {
    this.disk = new MemoryDisk(new Uint8Array((o.sectors ?? 128) * 512), o.readOnly);
    for (let i = 0; i < this.disk.bytes.length; i++) this.disk.bytes[i] = ((i >> 9) * 7 + (i & 511)) & 0xff;
    this.m = new Machine({ ramSize: 16 << 20, virtio: o.modern ? 'modern' : 'legacy', virtioDevices: placeDrives([{ backend: o.backend ?? this.disk }]) });
    this.slot = this.m.virtio[0];
    this.size = o.size ?? 8;
    this.view = new DataView(this.m.bus.u8.buffer, this.m.bus.u8.byteOffset);
  }

  reg(off: number): number {
    return this.m.bus.read(this.base + off, 4)!;
  }

  setReg(off: number, v: number): void {
    this.m.bus.write(this.base + off, 4, v >>> 0);
  }

  /** Guest RAM accessors (little-endian, guest-physical addresses). */
  u16(pa: number): number {
    return this.view.getUint16(pa - 0x8000_0000, true);
  }
  u32(pa: number): number {
    return this.view.getUint32(pa - 0x8000_0000, true);
  }
  setU8(pa: number, v: number): void {
    this.view.setUint8(pa - 0x8000_0000, v);
  }
  setU16(pa: number, v: number): void {
    this.view.setUint16(pa - 0x8000_0000, v, true);
  }
  setU32(pa: number, v: number): void {
    this.view.setUint32(pa - 0x8000_0000, v >>> 0, true);
  }
  bytes(pa: number, n: number): Uint8Array {
    return this.m.bus.u8.subarray(pa - 0x8000_0000, pa - 0x8000_0000 + n);
  }

  /** The three parts of queue 0. */
  get desc(): number {
    return QUEUE;
  }
  get avail(): number {
    return QUEUE + 16 * this.size;
  }
  get used(): number {
    return this.slot.modern ? QUEUE + 0x2000 : QUEUE + Math.ceil((16 * this.size + 4 + 2 * this.size) / 4096) * 4096;
  }

  /** The initialization of §3.1.1 with `features` (default: what the device offers), queue 0 of `size` entries. */
  init(features?: [number, number]): void {
    this.setReg(R.status, 0);
    this.setReg(R.status, STATUS.ack | STATUS.driver);
    const want = features ?? [0, 1].map((w) => (this.setReg(R.deviceFeaturesSel, w), this.reg(R.deviceFeatures)));
    for (const w of [0, 1]) {
      this.setReg(R.driverFeaturesSel, w);
      this.setReg(R.driverFeatures, want[w]);
    }
    this.setReg(R.status, STATUS.ack | STATUS.driver | STATUS.featuresOk);
    this.m.bus.u8.fill(0, QUEUE - 0x8000_0000, QUEUE - 0x8000_0000 + 0x3000);
    this.setReg(R.queueSel, 0);
    this.setReg(R.queueNum, this.size);
    if (this.slot.modern) {
      this.setReg(R.descLow, this.desc);
      this.setReg(R.driverLow, this.avail);
      this.setReg(R.deviceLow, this.used);
      this.setReg(R.queueReady, 1);
    } else {
      this.setReg(R.guestPageSize, 4096);
      this.setReg(R.queuePfn, QUEUE / 4096);
    }
    this.setReg(R.status, STATUS.ack | STATUS.driver | STATUS.featuresOk | STATUS.driverOk);
    this.availIdx = 0;
  }

  /** Write descriptor `i` of the table at `table` (default: the queue's). */
  setDesc(i: number, addr: number, len: number, flags: number, next = 0, table = this.desc): void {
    const at = table + 16 * i;
    this.setU32(at, addr);
    this.setU32(at + 4, Math.floor(addr / 2 ** 32));
    this.setU32(at + 8, len);
    this.setU16(at + 12, flags);
    this.setU16(at + 14, next);
  }

  /** Make chain `head` available (no notify). */
  offer(head: number): void {
    this.setU16(this.avail + 4 + 2 * (this.availIdx % this.size), head);
    this.availIdx = (this.availIdx + 1) & 0xffff;
    this.setU16(this.avail + 2, this.availIdx);
  }

  notify(q = 0): void {
    this.setReg(R.queueNotify, q);
  }

  /** Run the device work that is due once `cycles` more cycles have passed (default: all of it). */
  settle(cycles = Infinity): void {
    this.m.hart.extraCycles += Number.isFinite(cycles) ? cycles : 0;
    this.m.events.runDue(Number.isFinite(cycles) ? this.m.hart.cycles() : Infinity);
  }

  usedIdx(): number {
    return this.u16(this.used + 2);
  }

  usedElem(i: number): { id: number; len: number } {
    return { id: this.u32(this.used + 4 + 8 * (i % this.size)), len: this.u32(this.used + 8 + 8 * (i % this.size)) };
  }

  /**
   * A whole block request, descriptors 0..: the 16-byte header, data
   * buffers, a status byte; returns the status (0xff: not done).
   */
  request(type: number, sector: number, data: { addr: number; len: number; write: boolean }[] = []): number {
    const header = BUFS, status = BUFS + 0x10;
    this.setU32(header, type);
    this.setU32(header + 4, 0);
    this.setU32(header + 8, sector);
    this.setU32(header + 12, 0);
    this.setU8(status, 0xff);
    const bufs = [{ addr: header, len: 16, write: false }, ...data, { addr: status, len: 1, write: true }];
    bufs.forEach((b, i) => this.setDesc(i, b.addr, b.len, (b.write ? 2 : 0) | (i + 1 < bufs.length ? 1 : 0), i + 1));
    this.offer(0);
    this.notify();
    this.settle();
    return this.bytes(status, 1)[0];
  }
}

export { NOTIFY_LATENCY };
