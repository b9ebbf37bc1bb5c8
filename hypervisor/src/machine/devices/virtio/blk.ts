/**
 * virtio-blk (virtio 1.2 §5.2), as QEMU 7.2's `virtio-blk-device` with a
 * raw `-drive`: one request queue; read, write, flush, get-id, discard and
 * write-zeroes; capacity, geometry, `blk_size` 512 and the rest of QEMU's
 * configuration space. A request is a chain:
 *
 *   device-readable   type u32, reserved u32, sector u64  [, data to write]
 *   device-writable   [data read, or the id,] status u8 (the chain's last byte)
 *
 * The buffers may split the header and data anywhere (VIRTIO_F_ANY_LAYOUT
 * behaviour, as QEMU: it gathers them). Outcomes, as QEMU's
 * `virtio_blk_handle_request`: a chain without both parts, or with a
 * header shorter than 16 bytes, is a device error (DEVICE_NEEDS_RESET); a
 * sector range past the disk, a length not a multiple of 512, a write to a
 * read-only disk or a host I/O error is VIRTIO_BLK_S_IOERR; an unknown type
 * is VIRTIO_BLK_S_UNSUPP. Each completed request is pushed with the size of
 * its writable buffers (QEMU's `in_len`) and may interrupt.
 *
 * Durability: writes go to the backend at once; FLUSH is the backend's
 * flush (an fsync of the image): acknowledged means durable. With the
 * configuration's `writeback` byte cleared by the driver (write-through,
 * VIRTIO_BLK_F_CONFIG_WCE), every write is flushed before it completes.
 * Discard is accepted and changes nothing, as QEMU's default `discard=ignore`
 * (the data may stay, §5.2.6.2); write-zeroes writes zeros.
 *
 * Bounds: a read or write moves at most 64 MiB (larger ones: IOERR; QEMU
 * allows 2 GiB), a discard or write-zeroes QEMU's 0x3fffff sectors, and one
 * `process` call goes on to a new request only while it has moved less than
 * 16 MiB; the rest waits a notify latency.
 */
import { BackendError, type BlockBackend } from './block-backend.js';
import { VIRTIO_F, VIRTIO_ID, featureWords } from './constants.js';
import type { VirtioDevice, VirtioPort } from './device.js';
import type { GuestMemory } from './guest-memory.js';
import { VirtioError } from './guest-memory.js';
import type { Buffer, Chain } from './virtqueue.js';

/** Feature bits of virtio-blk (§5.2.3). */
export const VIRTIO_BLK_F = {
  sizeMax: 1, segMax: 2, geometry: 4, ro: 5, blkSize: 6, scsi: 7, flush: 9, topology: 10, configWce: 11, discard: 13, writeZeroes: 14,
} as const;

/** Request types (§5.2.6); QEMU masks the OUT bit (1) and the legacy BARRIER flag before dispatching. */
export const VIRTIO_BLK_T = {
  in: 0, out: 1, scsiCmd: 2, flush: 4, getId: 8, getLifetime: 10, discard: 11, writeZeroes: 13, barrier: 0x8000_0000,
} as const;

/** Status byte values (§5.2.6). */
export const VIRTIO_BLK_S = { ok: 0, ioerr: 1, unsupp: 2 } as const;

export const SECTOR = 512;
/** Bytes of the id a GET_ID request returns at most. */
export const VIRTIO_BLK_ID_BYTES = 20;
/** QEMU's default queue size for virtio-blk, and so its seg_max (size − 2). */
export const BLK_QUEUE_SIZE = 256;
/** QEMU's limits for one discard or write-zeroes request (its max_*_sectors). */
export const BLK_MAX_DWZ_SECTORS = 0x3f_ffff;
/** The most data one request may move, and one `process` call. */
export const BLK_MAX_REQUEST = 64 << 20;
export const BLK_MAX_PER_CALL = 16 << 20;

/** The configuration space (§5.2.4), little-endian, as far as QEMU 7.2 exposes it with discard and write-zeroes. */
export const BLK_CONFIG = {
  capacity: 0x00, sizeMax: 0x08, segMax: 0x0c, cylinders: 0x10, heads: 0x12, sectors: 0x13, blkSize: 0x14,
  physicalBlockExp: 0x18, alignmentOffset: 0x19, minIoSize: 0x1a, optIoSize: 0x1c, writeback: 0x20, numQueues: 0x22,
  maxDiscardSectors: 0x24, maxDiscardSeg: 0x28, discardSectorAlignment: 0x2c,
  maxWriteZeroesSectors: 0x30, maxWriteZeroesSeg: 0x34, writeZeroesMayUnmap: 0x38,
  size: 0x39,
} as const;

export interface VirtioBlkOptions {
  readonly backend: BlockBackend;
  /** What GET_ID answers (QEMU's `serial=`); empty by default. */
  readonly serial?: string;
}

/** A guest's request, decoded: `type`, `sector`, its data buffers and where the status byte goes. */
interface Request {
  readonly type: number;
  readonly sector: number;
  /** Device-readable bytes after the header (a write's data). */
  readonly out: readonly Buffer[];
  /** Device-writable bytes before the status byte (a read's data, the id). */
  readonly in: readonly Buffer[];
  readonly status: number;
  /** The writable buffers' total size, status included: the used length. */
  readonly inLength: number;
}

const total = (bufs: readonly Buffer[]) => bufs.reduce((n, b) => n + b.len, 0);

/** The buffers covering bytes [skip, skip + length) of `bufs` (all of the rest by default). */
function slice(bufs: readonly Buffer[], skip: number, length = Infinity): Buffer[] {
  const out: Buffer[] = [];
  for (const b of bufs) {
    if (length <= 0) break;
    if (skip >= b.len) {
      skip -= b.len;
      continue;
    }
    const len = Math.min(b.len - skip, length);
    out.push({ addr: b.addr + skip, len });
    length -= len;
    skip = 0;
  }
  return out;
}

/** Bytes [0, n) of `bufs` gathered into one array. */
function gather(mem: GuestMemory, bufs: readonly Buffer[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let at = 0;
  for (const b of slice(bufs, 0, n)) {
    out.set(mem.bytes(b.addr, b.len, 'a request buffer'), at);
    at += b.len;
  }
  return out;
}

export class VirtioBlk implements VirtioDevice {
  readonly deviceId = VIRTIO_ID.block;
  readonly queueCount = 1;
  readonly queueSize = BLK_QUEUE_SIZE;
  readonly config = new Uint8Array(BLK_CONFIG.size);
  readonly backend: BlockBackend;
  readonly serial: string;
  /** Sectors, rounded up as QEMU's block layer does (a partial last sector reads zeros past the file's end). */
  readonly sectors: number;
  /** Requests completed, by outcome (for tests and statistics). */
  readonly completed = { ok: 0, ioerr: 0, unsupp: 0 };
  private readonly view: DataView;

  constructor(o: VirtioBlkOptions) {
    this.backend = o.backend;
    this.serial = o.serial ?? '';
    this.sectors = Math.ceil(o.backend.size / SECTOR);
    this.view = new DataView(this.config.buffer);
    this.fillConfig();
  }

  features(modern: boolean): readonly [number, number] {
    const F = VIRTIO_BLK_F;
    const bits: number[] = [F.segMax, F.geometry, F.blkSize, F.flush, F.topology, F.configWce, F.discard, F.writeZeroes, VIRTIO_F.indirectDesc, VIRTIO_F.eventIdx];
    if (this.backend.readOnly) bits.push(F.ro);
    // As QEMU 7.2 offers them: legacy adds SCSI (answered UNSUPP) and NOTIFY_ON_EMPTY; modern adds VERSION_1 and RING_RESET.
    bits.push(...(modern ? [VIRTIO_F.version1, VIRTIO_F.ringReset] : [F.scsi, VIRTIO_F.notifyOnEmpty]));
    return featureWords(...bits);
  }

  private fillConfig(): void {
    const v = this.view, c = BLK_CONFIG;
    v.setUint32(c.capacity, this.sectors >>> 0, true);
    v.setUint32(c.capacity + 4, Math.floor(this.sectors / 2 ** 32), true);
    v.setUint32(c.segMax, BLK_QUEUE_SIZE - 2, true);
    const g = this.geometry();
    v.setUint16(c.cylinders, g.cylinders, true);
    this.config[c.heads] = g.heads;
    this.config[c.sectors] = g.sectors;
    v.setUint32(c.blkSize, SECTOR, true);
    this.config[c.writeback] = this.backend.readOnly ? 0 : 1; // QEMU: no write cache on a read-only drive
    v.setUint16(c.numQueues, this.queueCount, true);
    v.setUint32(c.maxDiscardSectors, BLK_MAX_DWZ_SECTORS, true);
    v.setUint32(c.maxDiscardSeg, 1, true);
    v.setUint32(c.discardSectorAlignment, 1, true);
    v.setUint32(c.maxWriteZeroesSectors, BLK_MAX_DWZ_SECTORS, true);
    v.setUint32(c.maxWriteZeroesSeg, 1, true);
    this.config[c.writeZeroesMayUnmap] = 1;
  }

  /**
   * QEMU's geometry guess (hw/block/hd-geometry.c): from the first
   * partition of an MBR whose end head and sector make a plausible
   * geometry with 16 heads at most; else 16 heads, 63 sectors and the
   * cylinders that fit (2..16383).
   */
  geometry(): { cylinders: number; heads: number; sectors: number } {
    const mbr = new Uint8Array(SECTOR);
    if (this.backend.size >= SECTOR) this.backend.read(0, mbr);
    if (mbr[510] === 0x55 && mbr[511] === 0xaa) {
      for (let i = 0; i < 4; i++) {
        const p = 446 + 16 * i;
        const count = (mbr[p + 12] | (mbr[p + 13] << 8) | (mbr[p + 14] << 16) | (mbr[p + 15] << 24)) >>> 0;
        const endHead = mbr[p + 5], endSector = mbr[p + 6] & 63;
        if (count === 0 || endHead === 0 || endSector === 0) continue;
        const cylinders = Math.floor(this.sectors / ((endHead + 1) * endSector));
        if (cylinders < 1 || cylinders > 16383) continue;
        if (endHead + 1 <= 16) return { cylinders, heads: endHead + 1, sectors: endSector };
        break; // a BIOS LBA translation: the standard geometry below
      }
    }
    return { cylinders: Math.min(16383, Math.max(2, Math.floor(this.sectors / (16 * 63)))), heads: 16, sectors: 63 };
  }

  /** Only `writeback` is writable (QEMU's virtio_blk_set_config): write-back when non-zero, write-through at 0. */
  configWrite(offset: number, width: 1 | 2 | 4, value: number): void {
    const at = BLK_CONFIG.writeback - offset;
    if (at >= 0 && at < width) this.config[BLK_CONFIG.writeback] = (value >>> (8 * at)) & 0xff ? 1 : 0;
  }

  reset(): void {}

  /** The state: the driver's write-cache choice and the request counts (the disk's bytes are the image's). */
  save(): { readonly writeback: number; readonly completed: VirtioBlk['completed'] } {
    return { writeback: this.config[BLK_CONFIG.writeback], completed: { ...this.completed } };
  }

  load(state: unknown): void {
    const s = state as ReturnType<VirtioBlk['save']>;
    this.config[BLK_CONFIG.writeback] = s.writeback ? 1 : 0;
    Object.assign(this.completed, s.completed);
  }

  process(port: VirtioPort, q: number): boolean {
    const ring = port.queue(q);
    if (!ring) return false;
    let moved = 0;
    for (;;) {
      if (moved >= BLK_MAX_PER_CALL) return ring.waiting() > 0;
      const chain = ring.pop();
      if (!chain) return false;
      const request = this.decode(port.memory, chain);
      const { status, bytes } = this.execute(port.memory, request);
      moved += bytes;
      port.memory.bytes(request.status, 1, 'the status byte')[0] = status;
      port.memory.written(request.status, 1);
      this.completed[status === VIRTIO_BLK_S.ok ? 'ok' : status === VIRTIO_BLK_S.ioerr ? 'ioerr' : 'unsupp']++;
      ring.push(chain.head, request.inLength);
      port.usedBuffers(q);
    }
  }

  /** Split a chain into header, data and status byte; a chain without them is the driver's error (§5.2.6.1). */
  private decode(mem: GuestMemory, chain: Chain): Request {
    if (chain.readable.length === 0 || chain.writable.length === 0) throw new VirtioError('virtio-blk: a request without its header or its status byte');
    if (total(chain.readable) < 16) throw new VirtioError('virtio-blk: a request header shorter than 16 bytes');
    const header = new DataView(gather(mem, chain.readable, 16).buffer);
    const inLength = total(chain.writable);
    const last = chain.writable[chain.writable.length - 1];
    return {
      type: header.getUint32(0, true),
      sector: header.getUint32(12, true) * 2 ** 32 + header.getUint32(8, true),
      out: slice(chain.readable, 16),
      in: slice(chain.writable, 0, inLength - 1),
      status: last.addr + last.len - 1,
      inLength,
    };
  }

  /** Whether `bytes` at `sector` are whole sectors inside the disk (QEMU's virtio_blk_sect_range_ok), `limit` bytes at most. */
  private rangeOk(sector: number, bytes: number, limit = BLK_MAX_REQUEST): boolean {
    return bytes % SECTOR === 0 && bytes <= limit && sector <= this.sectors && bytes / SECTOR <= this.sectors - sector;
  }

  /** Do the request: its status, and the data bytes it moved (for the per-call bound). */
  private execute(mem: GuestMemory, r: Request): { status: number; bytes: number } {
    const T = VIRTIO_BLK_T, S = VIRTIO_BLK_S;
    const isOut = (r.type & T.out) !== 0;
    try {
      switch ((r.type & ~(T.out | T.barrier)) >>> 0) {
        case T.in: {
          const bufs = isOut ? r.out : r.in;
          const bytes = total(bufs);
          if (!this.rangeOk(r.sector, bytes)) return { status: S.ioerr, bytes: 0 };
          if (isOut && this.backend.readOnly) return { status: S.ioerr, bytes: 0 };
          let offset = r.sector * SECTOR;
          for (const b of bufs) {
            const view = mem.bytes(b.addr, b.len, 'a data buffer');
            if (isOut) this.backend.write(offset, view);
            else {
              this.backend.read(offset, view);
              mem.written(b.addr, b.len);
            }
            offset += b.len;
          }
          if (isOut && this.config[BLK_CONFIG.writeback] === 0) this.backend.flush();
          return { status: S.ok, bytes };
        }
        case T.flush:
          this.backend.flush();
          return { status: S.ok, bytes: 0 };
        case T.getId: {
          const id = new TextEncoder().encode(`${this.serial}\0`).subarray(0, VIRTIO_BLK_ID_BYTES);
          let at = 0;
          for (const b of slice(r.in, 0, id.length)) {
            mem.bytes(b.addr, b.len, 'the id buffer').set(id.subarray(at, at + b.len));
            mem.written(b.addr, b.len);
            at += b.len;
          }
          return { status: S.ok, bytes: 0 };
        }
        case T.discard & ~T.out:
        case T.writeZeroes & ~T.out:
          return this.discardOrZero(mem, r, (r.type & ~T.barrier) >>> 0 === T.writeZeroes);
        default:
          return { status: S.unsupp, bytes: 0 }; // SCSI commands, GET_LIFETIME, secure erase, unknown types
      }
    } catch (e) {
      if (e instanceof BackendError) return { status: S.ioerr, bytes: 0 };
      throw e;
    }
  }

  /** DISCARD and WRITE_ZEROES (§5.2.6.2): one segment { sector u64, num_sectors u32, flags u32 }. */
  private discardOrZero(mem: GuestMemory, r: Request, zeroes: boolean): { status: number; bytes: number } {
    const S = VIRTIO_BLK_S, UNMAP = 1;
    const size = total(r.out);
    if (!(r.type & VIRTIO_BLK_T.out) || size > 16) return { status: S.unsupp, bytes: 0 };
    if (size < 16) throw new VirtioError('virtio-blk: a discard/write-zeroes segment shorter than 16 bytes');
    const seg = new DataView(gather(mem, r.out, 16).buffer);
    const sector = seg.getUint32(4, true) * 2 ** 32 + seg.getUint32(0, true);
    const count = seg.getUint32(8, true), flags = seg.getUint32(12, true);
    if (count > BLK_MAX_DWZ_SECTORS || !this.rangeOk(sector, count * SECTOR, BLK_MAX_DWZ_SECTORS * SECTOR)) return { status: S.ioerr, bytes: 0 };
    if (flags & ~UNMAP || (!zeroes && flags & UNMAP)) return { status: S.unsupp, bytes: 0 };
    if (this.backend.readOnly) return { status: S.ioerr, bytes: 0 };
    if (!zeroes) return { status: S.ok, bytes: 0 }; // QEMU's default discard=ignore: accepted, nothing changes
    const zero = new Uint8Array(Math.min(count * SECTOR, 1 << 20));
    for (let done = 0; done < count * SECTOR; done += zero.length) {
      this.backend.write(sector * SECTOR + done, zero.subarray(0, Math.min(zero.length, count * SECTOR - done)));
    }
    return { status: S.ok, bytes: count * SECTOR };
  }
}
