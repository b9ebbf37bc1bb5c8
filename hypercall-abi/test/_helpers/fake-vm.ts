/**
 * A fake VM for dispatcher tests: guest-physical RAM, a page table as a map
 * from virtual page to {physical page, R, W}, and registers. It records any
 * request the dispatcher makes that it must never make (a read or write
 * outside RAM, a translation crossing a page), so tests can assert there
 * were none — a throw alone would be swallowed as FAILED.
 */
import type { GuestMemory, HypercallRegisters, MemoryAccess } from '@pvlab/hypercall-abi';

export const PAGE = 4096;

interface Mapping {
  readonly gpa: number;
  readonly r: boolean;
  readonly w: boolean;
}

export class FakeGuestMemory implements GuestMemory {
  readonly ram: { readonly base: number; readonly size: number };
  readonly bytes: Uint8Array;
  readonly pages = new Map<number, Mapping>();
  /** Requests the dispatcher must never make. */
  readonly violations: string[] = [];
  translations = 0;

  constructor(base = 0x8000_0000, size = 0x10_0000) {
    this.ram = { base, size };
    this.bytes = new Uint8Array(size);
  }

  /** Map [va, va + length) to [gpa, ...) page by page. */
  map(va: number, gpa: number, length: number, perms: { r?: boolean; w?: boolean } = {}): this {
    for (let off = 0; off < length; off += PAGE) this.pages.set(((va + off) >>> 0) >>> 12, { gpa: (gpa + off) >>> 0, r: perms.r ?? true, w: perms.w ?? true });
    return this;
  }

  /** Identity-map all of RAM read/write (the guest kernel's view). */
  identity(): this {
    return this.map(this.ram.base, this.ram.base, this.ram.size);
  }

  translate(va: number, access: MemoryAccess, length: number): number | undefined {
    this.translations++;
    if ((va % PAGE) + length > PAGE) this.violations.push(`translate crosses a page: 0x${va.toString(16)} + ${length}`);
    const m = this.pages.get(va >>> 12);
    if (!m || (access === 'read' ? !m.r : !m.w)) return undefined;
    return (m.gpa + (va % PAGE)) >>> 0;
  }

  private inRam(gpa: number, n: number, what: string): boolean {
    const ok = gpa >= this.ram.base && gpa + n <= this.ram.base + this.ram.size;
    if (!ok) this.violations.push(`${what} outside RAM: 0x${gpa.toString(16)} + ${n}`);
    return ok;
  }

  read(gpa: number, length: number): Uint8Array {
    if (!this.inRam(gpa, length, 'read')) throw new RangeError('outside RAM');
    return this.bytes.slice(gpa - this.ram.base, gpa - this.ram.base + length);
  }

  write(gpa: number, bytes: Uint8Array): void {
    if (!this.inRam(gpa, bytes.length, 'write')) throw new RangeError('outside RAM');
    this.bytes.set(bytes, gpa - this.ram.base);
  }

  /** Test set-up: put bytes at a guest-physical address. */
  poke(gpa: number, data: Uint8Array | string): void {
    this.bytes.set(typeof data === 'string' ? new TextEncoder().encode(data) : data, gpa - this.ram.base);
  }

  peek(gpa: number, length: number): Uint8Array {
    return this.bytes.slice(gpa - this.ram.base, gpa - this.ram.base + length);
  }

  pokeWords(gpa: number, words: readonly number[]): void {
    const v = new DataView(this.bytes.buffer);
    words.forEach((w, i) => v.setUint32(gpa - this.ram.base + 4 * i, w >>> 0, true));
  }

  peekWords(gpa: number, count: number): number[] {
    const v = new DataView(this.bytes.buffer);
    return Array.from({ length: count }, (_, i) => v.getUint32(gpa - this.ram.base + 4 * i, true));
  }
}

/** The registers a7..a0 of one call, and what the dispatcher wrote back. */
export class FakeRegisters implements HypercallRegisters {
  readonly a: number[];
  written: { error: number; value: number } | undefined;

  constructor(eid: number, fid: number, args: readonly number[] = []) {
    this.a = [...args, 0, 0, 0, 0, 0, 0].slice(0, 6).map((x) => x >>> 0);
    this.a.push(fid >>> 0, eid >>> 0);
  }

  arg(i: number): number {
    return this.a[i];
  }

  setResult(error: number, value: number): void {
    this.written = { error, value };
  }
}

/** A VM context as a hypervisor might pass it: its memory plus whatever handlers use. */
export interface FakeVm {
  readonly guestMemory: FakeGuestMemory;
  readonly console: number[];
  readonly events: string[];
}

export function fakeVm(memory = new FakeGuestMemory().identity()): FakeVm {
  return { guestMemory: memory, console: [], events: [] };
}
