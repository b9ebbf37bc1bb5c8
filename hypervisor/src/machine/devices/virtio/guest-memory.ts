/**
 * Guest RAM as a virtio device reaches it (DMA): addresses the driver
 * wrote into registers and descriptors, checked to lie wholly inside RAM
 * before any byte moves. An address outside RAM is the guest's error, never
 * the host's: it raises `VirtioError`, which the transport turns into the
 * device's error state (DEVICE_NEEDS_RESET), as QEMU's `virtio_error` does.
 *
 * The RAM is the board's, or a VM's guest-physical window of it (a VM's
 * device DMA in guest-physical addresses can reach only its own slot).
 * Bytes a device writes are reported through `wrote`, so the hart drops
 * instructions it had decoded from them (a kernel loading a program from
 * disk and running it).
 */

/** The RAM a device may reach: little-endian bytes from `ramBase`. */
export interface DmaRam {
  readonly ramBase: number;
  readonly ramSize: number;
  readonly u8: Uint8Array;
}

/** A guest error found by a device: bad addresses, rings or requests. The message names it. */
export class VirtioError extends Error {}

export class GuestMemory {
  private readonly view: DataView;

  constructor(
    readonly ram: DmaRam,
    /** Told of every range a device wrote. */
    private readonly wrote: (pa: number, length: number) => void = () => {},
  ) {
    this.view = new DataView(ram.u8.buffer, ram.u8.byteOffset, ram.u8.byteLength);
  }

  /** The offset into RAM of [addr, addr + length), or a VirtioError naming `what`. Addresses may be 64-bit (below 2^53). */
  offset(addr: number, length: number, what: string): number {
    const o = addr - this.ram.ramBase;
    if (!(o >= 0 && length >= 0 && o + length <= this.ram.ramSize)) {
      throw new VirtioError(`${what} at 0x${addr.toString(16)} (${length} bytes) is outside RAM`);
    }
    return o;
  }

  u16(addr: number, what: string): number {
    return this.view.getUint16(this.offset(addr, 2, what), true);
  }

  u32(addr: number, what: string): number {
    return this.view.getUint32(this.offset(addr, 4, what), true);
  }

  /** A 64-bit little-endian value as a number (exact below 2^53; larger ones are outside RAM anyway). */
  u64(addr: number, what: string): number {
    const o = this.offset(addr, 8, what);
    return this.view.getUint32(o + 4, true) * 2 ** 32 + this.view.getUint32(o, true);
  }

  setU16(addr: number, v: number, what: string): void {
    this.view.setUint16(this.offset(addr, 2, what), v, true);
    this.wrote(addr, 2);
  }

  setU32(addr: number, v: number, what: string): void {
    this.view.setUint32(this.offset(addr, 4, what), v >>> 0, true);
    this.wrote(addr, 4);
  }

  /** A view of guest bytes (to read from, or to fill and then `written`). */
  bytes(addr: number, length: number, what: string): Uint8Array {
    const o = this.offset(addr, length, what);
    return this.ram.u8.subarray(o, o + length);
  }

  /** Report bytes filled through a `bytes` view. */
  written(addr: number, length: number): void {
    if (length > 0) this.wrote(addr, length);
  }
}
