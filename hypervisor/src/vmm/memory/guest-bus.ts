/**
 * A paravirtual VM's guest-physical bus, read and written through its p2m.
 * While the VM is `identity` (every frame at its home window) it is the
 * board's plain window bus, byte for byte today's path. Once the VM has
 * ballooned, its frames are scattered over the board's VM-frame area: every
 * access the hypervisor makes on the VM's behalf — the vCPU's page walks
 * (hypercall pointers), mmu_update's PTE writes, the loader, a debugger —
 * goes frame by frame to the machine frame the p2m names, through the
 * board's bus (so harts and shadow pagers hear of the writes), and an
 * unpopulated frame is an access fault.
 *
 * What the bus's RAM views (`u8`, `i32`) hold is then meaningless: they are
 * the home window (or private bytes for a VM that has no home), and nothing
 * that serves a ballooned VM may index them (vm.ts's guestMemory, the gdb
 * target and the shadow pagers ask the p2m).
 */
import { PAGE_SIZE as PAGE } from '@pvlab/assembler';
import { Bus } from '../../machine/bus.js';
import type { Width } from '../../machine/devices/device.js';
import { NONE, type P2m } from './p2m.js';

export class P2mBus extends Bus {
  constructor(ramSize: number, window: Uint8Array | undefined, private readonly p2m: P2m, private readonly board: Bus) {
    super(ramSize, window);
  }

  override read(pa: number, width: Width): number | undefined {
    pa >>>= 0;
    if (this.p2m.identity || !this.isRam(pa, width)) return super.read(pa, width);
    let v = 0;
    for (let i = 0; i < width; i++) {
      const host = this.p2m.toHost(pa + i);
      if (host === NONE) return undefined;
      v |= this.board.read(host, 1)! << (8 * i);
    }
    return v >>> 0;
  }

  override write(pa: number, width: Width, value: number): boolean {
    pa >>>= 0;
    if (this.p2m.identity || !this.isRam(pa, width)) return super.write(pa, width, value);
    if (!this.p2m.hasRange(pa, width)) return false;
    for (let i = 0; i < width; i++) this.board.write(this.p2m.toHost(pa + i), 1, (value >>> (8 * i)) & 0xff);
    return true;
  }

  override writeBytes(pa: number, bytes: Uint8Array): boolean {
    pa >>>= 0;
    if (this.p2m.identity) return super.writeBytes(pa, bytes);
    if (!this.isRam(pa, bytes.length) || !this.p2m.hasRange(pa, bytes.length)) return false;
    for (let done = 0; done < bytes.length;) {
      const n = Math.min(bytes.length - done, PAGE - ((pa + done) % PAGE));
      this.board.writeBytes(this.p2m.toHost(pa + done), bytes.subarray(done, done + n));
      done += n;
    }
    return true;
  }

  override written(pa: number, length: number): void {
    if (this.p2m.identity) return super.written(pa, length);
    for (let done = 0; done < length;) {
      const n = Math.min(length - done, PAGE - ((pa + done) % PAGE));
      const host = this.p2m.toHost(pa + done);
      if (host !== NONE) this.board.written(host, n);
      done += n;
    }
  }

  /** Guest-physical bytes, frame by frame (the caller checked they are populated). */
  readBytes(pa: number, length: number): Uint8Array {
    if (this.p2m.identity) return this.u8.slice(pa - this.ramBase, pa - this.ramBase + length);
    const out = new Uint8Array(length);
    for (let done = 0; done < length;) {
      const n = Math.min(length - done, PAGE - ((pa + done) % PAGE));
      const host = this.p2m.toHost(pa + done) - this.board.ramBase;
      out.set(this.board.u8.subarray(host, host + n), done);
      done += n;
    }
    return out;
  }

  /** The aligned word at guest-physical `pa` (populated). */
  readWord(pa: number): number {
    if (this.p2m.identity) return this.i32[(pa - this.ramBase) >>> 2] >>> 0;
    return this.board.i32[(this.p2m.toHost(pa) - this.board.ramBase) >>> 2] >>> 0;
  }
}
