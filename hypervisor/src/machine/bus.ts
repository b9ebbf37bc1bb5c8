/**
 * The system bus: RAM as typed-array views (the hart's fast paths) and
 * memory-mapped devices looked up by address. An access that hits nothing
 * is an access fault, reported by returning `undefined`/`false`.
 *
 * The bus is also the one path by which anything other than the hart's own
 * fast paths writes RAM — the hart's slow paths and page walker, a
 * hypervisor writing into a guest, a loader, device DMA — so that decoded
 * and compiled code stays coherent with memory. RAM is tracked in 64-byte
 * *lines*: a line that holds code (or a device overlay, or a hart's LR
 * reservation, or a page table a hypervisor keeps validated) is marked in
 * `slowLines`, the hart's fast paths send stores to marked lines through
 * `write`, and a write that touches a marked line tells the bus's
 * `RamWatcher`s (the harts, a hypervisor's shadow pager), which drop what
 * they derived from those bytes. (Lines are small because compiled C puts its data right
 * after its code: with whole pages, or even 1 KiB, a program's variables
 * share lines with its code, and every store to them would take the slow
 * path and drop that code — measured: a CoreMark-like program recompiled
 * its regions 500 times over.)
 *
 * A bus over a window of another bus's RAM (a VM's guest-physical memory is
 * a slot of the board's) forwards what is written through it to the bus
 * that owns the bytes, at the owner's address: whatever executes from that
 * RAM hears of the write, whichever view made it.
 */
import type { Device, Width } from './devices/device.js';
import { giveBackRam, takeRam } from './ram-pool.js';

export const RAM_BASE = 0x8000_0000;
/** The most RAM the board can have: from RAM_BASE to the top of the 32-bit address space. */
export const RAM_SIZE_MAX = 2 ** 32 - RAM_BASE;
/** RAM comes in whole 4 KiB pages (the unit of Sv32 and of a VM's window). */
export const RAM_GRANULE = 4096;

/** log2 of a RAM line, the unit in which code is tracked (64 bytes). */
export const LINE_SHIFT = 6;

/** What a `slowLines` entry holds (bits; 0: stores may take the fast path). */
export const LINE = {
  /** Instructions were decoded or compiled from this line. */
  code: 1,
  /** A device overlay (HTIF's tohost) sees stores here. */
  watched: 2,
  /** A hart holds an LR reservation in this line: stores must clear it. */
  reserved: 4,
  /** A watcher keeps something it derived from these bytes (a hypervisor's validated page table): stores must tell it. */
  derived: 8,
} as const;

/** Told of writes into RAM lines marked in `slowLines`. */
export interface RamWatcher {
  /** Bytes `pa .. pa + length - 1` of RAM (physical, on the watched bus) were written. */
  ramWritten(pa: number, length: number): void;
}

/** Which bus allocated each RAM buffer, so that windows of it find their owner. */
const OWNER = new WeakMap<ArrayBufferLike, Bus>();

export class Bus {
  readonly ramBase = RAM_BASE;
  readonly ramSize: number;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
  /**
   * One byte per 64-byte line of RAM (indexed by RAM offset >> LINE_SHIFT):
   * nonzero (bits of `LINE`) when stores to the line must go through `write`.
   */
  readonly slowLines: Uint8Array;
  private readonly devices: Device[] = [];
  private readonly overlays: Device[] = [];
  private readonly watchers: RamWatcher[] = [];
  /** The bus that owns this RAM, and this RAM's address on it (a window), or undefined. */
  private readonly owner: { bus: Bus; delta: number } | undefined;
  /**
   * The dirty-page log, while someone keeps one (live migration's pre-copy,
   * migration/dirty-log.ts): one byte per 4 KiB page of RAM, set when the page
   * may have been written. Every write reaches it — a hart's store through
   * its translation (`storing`; the store TLB is emptied when a round
   * starts), anything through `written` (a slow store, the walker, DMA, a
   * hypervisor writing into its guest) — and none of it is visible to
   * software: no trap, no count, no time.
   */
  dirtyPages: Uint8Array | undefined;
  /** This bus took its RAM from the pool (ram-pool.ts), not as a window: `release` may give it back. */
  private readonly pooled: boolean;
  private gaveBack = false;

  /**
   * `ramSize` bytes of RAM at 0x8000_0000: fresh (zeroed) memory from the
   * RAM pool, or a window of another bus's RAM (`window`: that RAM's bytes
   * at some 4 KiB-aligned offset) — how a VM's guest-physical bus shares the
   * board's memory.
   */
  constructor(ramSize: number, window?: Uint8Array) {
    if (ramSize <= 0 || ramSize % RAM_GRANULE !== 0 || ramSize > RAM_SIZE_MAX) throw new Error(`RAM size must be a positive multiple of 4 KiB up to 2 GiB, not ${ramSize}`);
    if (window && (window.length < ramSize || window.byteOffset % 4096 !== 0)) throw new Error('a RAM window must be page-aligned and hold the whole RAM');
    this.ramSize = ramSize;
    this.pooled = window === undefined;
    const buf = window ? window.buffer : takeRam(ramSize);
    const at = window ? window.byteOffset : 0;
    this.u8 = new Uint8Array(buf, at, ramSize);
    this.i8 = new Int8Array(buf, at, ramSize);
    this.u16 = new Uint16Array(buf, at, ramSize >>> 1);
    this.i16 = new Int16Array(buf, at, ramSize >>> 1);
    this.i32 = new Int32Array(buf, at, ramSize >>> 2);
    this.slowLines = new Uint8Array(Math.ceil(ramSize / (1 << LINE_SHIFT)));
    const owner = window ? OWNER.get(buf) : undefined;
    if (owner) this.owner = { bus: owner, delta: at - owner.u8.byteOffset };
    else OWNER.set(buf, this);
  }

  /** The RAM was given back (`release`): it is, or will be, another board's. */
  get released(): boolean {
    return this.gaveBack;
  }

  /**
   * Give this bus's RAM back to the pool (ram-pool.ts, `releaseBoard`): the
   * board's life is over. Only a bus that took its RAM itself: a window's
   * bytes are its owner's.
   */
  release(): void {
    if (!this.pooled) throw new Error('a window of another bus\'s RAM is not this bus\'s to release');
    if (this.gaveBack) throw new Error('this board\'s RAM was released already');
    this.gaveBack = true;
    const buf = this.u8.buffer as ArrayBuffer;
    // The owner entry would keep this dead bus (and its board) alive as long as the pooled buffer.
    OWNER.delete(buf);
    giveBackRam(buf);
  }

  attach(d: Device): void {
    const clash = this.devices.find((o) => d.base < o.base + o.size && o.base < d.base + d.size);
    if (clash) throw new Error(`device ${d.name} @ 0x${d.base.toString(16)} overlaps ${clash.name}`);
    this.devices.push(d);
  }

  /**
   * A device over RAM (HTIF at the `tohost` symbol): it sees every access
   * to its window first, and RAM keeps the bytes so loads still work.
   */
  overlay(d: Device): void {
    if (!this.isRam(d.base, d.size)) throw new Error(`overlay ${d.name} must lie in RAM`);
    this.overlays.push(d);
    for (let a = d.base; a < d.base + d.size; a += 1 << LINE_SHIFT) this.markLine(a, LINE.watched);
    this.markLine(d.base + d.size - 1, LINE.watched);
  }

  /** Whether an overlay lies on any byte of [pa, pa + size). */
  overlaid(pa: number, size: number): boolean {
    for (const d of this.overlays) if (d.base < pa + size && pa < d.base + d.size) return true;
    return false;
  }

  private overlayAt(pa: number): Device | undefined {
    for (const d of this.overlays) if (pa >= d.base && pa - d.base < d.size) return d;
    return undefined;
  }

  /** The device at a physical address, if any. */
  deviceAt(pa: number): Device | undefined {
    for (const d of this.devices) if (pa >= d.base && pa - d.base < d.size) return d;
    return undefined;
  }

  /** Whether `pa..pa+width` is RAM. */
  isRam(pa: number, width: number): boolean {
    const off = pa - RAM_BASE;
    return off >= 0 && off + width <= this.ramSize;
  }

  // ---- code coherence ---------------------------------------------------

  /** Hear of writes into marked lines (a hart keeping decoded or compiled code of this RAM, a shadow pager its validated tables). */
  watch(w: RamWatcher): void {
    this.watchers.push(w);
  }

  /** Mark the RAM line holding physical `pa` with `bits` (LINE.*): stores there take the slow path. */
  markLine(pa: number, bits: number): void {
    const line = (pa - RAM_BASE) >>> LINE_SHIFT;
    this.slowLines[line] |= bits;
  }

  /** Clear `bits` of the line holding physical `pa`. */
  unmarkLine(pa: number, bits: number): void {
    this.slowLines[(pa - RAM_BASE) >>> LINE_SHIFT] &= ~bits;
  }

  /**
   * RAM at `pa .. pa + length - 1` was written by something other than a
   * hart's fast path (this bus's own writes, or a device's DMA straight into
   * the bytes): tell the watchers if code may live there, and the owner of
   * the bytes if this bus is a window.
   */
  written(pa: number, length: number): void {
    if (this.owner) this.owner.bus.written(pa + this.owner.delta, length);
    else if (this.dirtyPages && length > 0) this.logDirty(pa, pa + length - 1);
    if (this.watchers.length === 0 || length <= 0) return;
    const first = (pa - RAM_BASE) >>> LINE_SHIFT, last = (pa + length - 1 - RAM_BASE) >>> LINE_SHIFT;
    for (let line = first; line <= last; line++) {
      if (this.slowLines[line] !== 0) {
        for (const w of this.watchers) w.ramWritten(pa, length);
        return;
      }
    }
  }

  /**
   * A hart translated a store of bytes `pa .. last` (its TLB may now let
   * later stores to the page through without a word to the bus): the
   * page is dirty while a log is kept.
   */
  storing(pa: number, last: number): void {
    if (this.owner) this.owner.bus.storing(pa + this.owner.delta, last + this.owner.delta);
    else if (this.dirtyPages) this.logDirty(pa, last);
  }

  private logDirty(first: number, last: number): void {
    const d = this.dirtyPages!;
    const lo = Math.max(0, first - RAM_BASE), hi = Math.min(this.ramSize - 1, last - RAM_BASE);
    for (let page = Math.floor(lo / 4096); page <= Math.floor(hi / 4096); page++) d[page] = 1; // none when the range misses RAM
  }

  // ---- accesses -----------------------------------------------------------

  /** Read `width` bytes (1, 2 or 4) little-endian, unsigned; undefined = access fault. */
  read(pa: number, width: Width): number | undefined {
    pa >>>= 0;
    if (this.isRam(pa, width)) {
      const o = pa - RAM_BASE;
      if (width === 1) return this.u8[o];
      if (width === 2) return this.u8[o] | (this.u8[o + 1] << 8);
      return (this.u8[o] | (this.u8[o + 1] << 8) | (this.u8[o + 2] << 16) | (this.u8[o + 3] << 24)) >>> 0;
    }
    const d = this.deviceAt(pa);
    if (!d || pa + width > d.base + d.size) return undefined;
    const v = d.read(pa - d.base, width);
    return v === undefined ? undefined : Number(BigInt.asUintN(32, BigInt(v)));
  }

  /**
   * An instruction word outside RAM (the reset ROM), or undefined: nothing
   * there can be executed (an instruction access fault).
   */
  fetch(pa: number): number | undefined {
    pa >>>= 0;
    const d = this.deviceAt(pa);
    return d?.fetch?.(pa - d.base);
  }

  /** Write `width` bytes little-endian; false = access fault. */
  write(pa: number, width: Width, value: number): boolean {
    pa >>>= 0;
    const ov = this.overlays.length ? this.overlayAt(pa) : undefined;
    if (ov) {
      const o = pa - RAM_BASE;
      for (let i = 0; i < width; i++) this.u8[o + i] = value >>> (8 * i);
      this.written(pa, width);
      return ov.write(pa - ov.base, width, value >>> 0);
    }
    if (this.isRam(pa, width)) {
      const o = pa - RAM_BASE;
      for (let i = 0; i < width; i++) this.u8[o + i] = value >>> (8 * i);
      this.written(pa, width);
      return true;
    }
    const d = this.deviceAt(pa);
    if (!d || pa + width > d.base + d.size) return false;
    return d.write(pa - d.base, width, value >>> 0);
  }

  /**
   * Copy bytes into RAM: the path for every write made on a program's
   * behalf (a loader, a hypervisor writing into its guest, DMA); false if
   * they do not fit (nothing is written then).
   */
  writeBytes(pa: number, bytes: Uint8Array): boolean {
    pa >>>= 0;
    if (!this.isRam(pa, bytes.length)) return false;
    this.u8.set(bytes, pa - RAM_BASE);
    this.written(pa, bytes.length);
    return true;
  }

  /** Copy a program's bytes into RAM (`writeBytes`); false if they do not fit. */
  load(pa: number, bytes: Uint8Array): boolean {
    return this.writeBytes(pa, bytes);
  }
}
