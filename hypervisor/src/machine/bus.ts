/**
 * The system bus: RAM as typed-array views (the interpreter's fast path) and
 * memory-mapped devices looked up by address. An access that hits nothing
 * is an access fault, reported by returning `undefined`/`false`.
 */
import type { Device, Width } from './devices/device.js';

export const RAM_BASE = 0x8000_0000;
/** The most RAM the board can have: from RAM_BASE to the top of the 32-bit address space. */
export const RAM_SIZE_MAX = 2 ** 32 - RAM_BASE;
/** RAM comes in whole 4 KiB pages (the unit of Sv32 and of a VM's window). */
export const RAM_GRANULE = 4096;

export class Bus {
  readonly ramBase = RAM_BASE;
  readonly ramSize: number;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
  private readonly devices: Device[] = [];
  private readonly overlays: Device[] = [];
  /**
   * A RAM window whose stores must reach an overlay device (HTIF's
   * tohost/fromhost): the interpreter's store fast path skips it.
   */
  watchOffset = 0;
  watchSize = 0;

  /**
   * `ramSize` bytes of RAM at 0x8000_0000: fresh memory, or a window of
   * another bus's RAM (`window`: that RAM's bytes at some 4 KiB-aligned
   * offset) — how a VM's guest-physical bus shares the board's memory.
   */
  constructor(ramSize: number, window?: Uint8Array) {
    if (ramSize <= 0 || ramSize % RAM_GRANULE !== 0 || ramSize > RAM_SIZE_MAX) throw new Error(`RAM size must be a positive multiple of 4 KiB up to 2 GiB, not ${ramSize}`);
    if (window && (window.length < ramSize || window.byteOffset % 4096 !== 0)) throw new Error('a RAM window must be page-aligned and hold the whole RAM');
    this.ramSize = ramSize;
    const buf = window ? window.buffer : new ArrayBuffer(ramSize);
    const at = window ? window.byteOffset : 0;
    this.u8 = new Uint8Array(buf, at, ramSize);
    this.i8 = new Int8Array(buf, at, ramSize);
    this.u16 = new Uint16Array(buf, at, ramSize >>> 1);
    this.i16 = new Int16Array(buf, at, ramSize >>> 1);
    this.i32 = new Int32Array(buf, at, ramSize >>> 2);
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
    this.watchOffset = d.base - RAM_BASE;
    this.watchSize = d.size;
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
      return ov.write(pa - ov.base, width, value >>> 0);
    }
    if (this.isRam(pa, width)) {
      const o = pa - RAM_BASE;
      for (let i = 0; i < width; i++) this.u8[o + i] = value >>> (8 * i);
      return true;
    }
    const d = this.deviceAt(pa);
    if (!d || pa + width > d.base + d.size) return false;
    return d.write(pa - d.base, width, value >>> 0);
  }

  /** Copy bytes into RAM (loading a program); false if they do not fit. */
  load(pa: number, bytes: Uint8Array): boolean {
    if (!this.isRam(pa, bytes.length)) return false;
    this.u8.set(bytes, pa - RAM_BASE);
    return true;
  }
}
