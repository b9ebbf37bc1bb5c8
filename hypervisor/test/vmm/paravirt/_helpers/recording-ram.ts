/**
 * A VM's RAM as a split driver's back end sees it (its `GuestMemory`),
 * recording every access, with the grant table and event channels over it
 * set up as the front ends do: the event page granted (reference 1) and
 * pinned. Shared by the back ends' tests (blkback, netback).
 *
 * Like a VM's (vm.ts), it offers word access (`readWord`, `writeWord`),
 * recorded as 4-byte reads and writes, and refusing a word that is not
 * aligned or not in RAM; `{ words: false }` leaves it out, so that the back
 * ends' byte-copy path is tested as well.
 */
import type { GuestMemory } from '@pvlab/hypercall-abi';
import { EventChannels } from '../../../../src/vmm/paravirt/event-channels.js';
import { GrantTable } from '../../../../src/vmm/paravirt/grant-table.js';

export const PAGE = 4096, BASE = 0x8000_0000, SIZE = 64 * PAGE;

export function recordingRam(options: { words?: boolean } = {}) {
  const ram = new Uint8Array(SIZE);
  const view = new DataView(ram.buffer);
  const writes: [number, number][] = [];
  const reads: [number, number][] = [];
  /** Lengths of the copies made through `read` and `write` (not the word accesses). */
  const copies: { reads: number[]; writes: number[] } = { reads: [], writes: [] };
  const inRam = (gpa: number, n: number) => gpa >= BASE && gpa + n <= BASE + SIZE;
  const memory: GuestMemory = {
    ram: { base: BASE, size: SIZE },
    translate: (va) => va,
    read: (gpa, n) => {
      if (!inRam(gpa, n)) throw new Error(`read outside RAM at 0x${gpa.toString(16)}`);
      reads.push([gpa, n]);
      copies.reads.push(n);
      return ram.slice(gpa - BASE, gpa - BASE + n);
    },
    write: (gpa, bytes) => {
      if (!inRam(gpa, bytes.length)) throw new Error(`write outside RAM at 0x${gpa.toString(16)}`);
      writes.push([gpa, bytes.length]);
      copies.writes.push(bytes.length);
      ram.set(bytes, gpa - BASE);
    },
  };
  const word = (gpa: number) => {
    if (gpa % 4 !== 0 || !inRam(gpa, 4)) throw new Error(`a word access at 0x${gpa.toString(16)}: unaligned or outside RAM`);
    return gpa - BASE;
  };
  if (options.words ?? true) {
    memory.readWord = (gpa) => {
      const o = word(gpa);
      reads.push([gpa, 4]);
      return view.getUint32(o, true);
    };
    memory.writeWord = (gpa, value) => {
      const o = word(gpa);
      writes.push([gpa, 4]);
      view.setUint32(o, value >>> 0, true);
    };
  }
  let raised = 0;
  const grants = new GrantTable(memory.ram);
  const events = new EventChannels(memory, () => raised++);
  const work = { left: Infinity, done: 0, charge(u: number) { this.done += u; } };
  const page = (i: number) => BASE + i * PAGE;
  const w32 = (gpa: number, v: number) => view.setUint32(gpa - BASE, v >>> 0, true);
  const r32 = (gpa: number) => view.getUint32(gpa - BASE, true);
  // The event page: grant 1, pinned, as every front end's set-up starts.
  events.page = grants.pin(grants.grant(page(0), false) as number);
  return { ram, memory, grants, events, work, page, w32, r32, writes, reads, copies, raised: () => raised };
}
