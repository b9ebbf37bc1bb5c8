/**
 * A VM's event channels (the `evtchn` extension). The guest's event page —
 * a granted page it shares with the hypervisor — holds a word of pending
 * bits and a word of mask bits, one per port. Signalling a port sets its
 * pending bit and, unless the port is masked, raises the VM's supervisor
 * software interrupt (SSIP, Xen's `evtchn_upcall_pending`), which the guest
 * takes at the next world switch into it. The guest acknowledges with its
 * own CSR write (SSIP) and memory writes (the pending bits): no exit.
 *
 * A port is bound to a back end (`blkif_connect`, `netif_connect`) until it
 * disconnects; `evtchn_send` on it runs the back end's kick.
 */
import { EVTCHN_PAGE, PVLAB_EVTCHN } from '@pvlab/hypercall-abi';
import type { GuestMemory } from '@pvlab/hypercall-abi';

/** Ports 1..EVTCHN_PORTS - 1 (0 is never a port). */
export const EVTCHN_PORTS = PVLAB_EVTCHN.constants.evtchn_ports.value;

/** What a bound port does when the guest sends on it: `false` when the back end stopped serving (its ring is corrupt). */
export type Kick = () => boolean;

export class EventChannels {
  /** The event page's guest-physical address, once set up. */
  page: number | undefined;
  private readonly bound = new Map<number, Kick>();

  /**
   * `memory`: the VM's RAM; `raise`: make the VM's event interrupt (SSIP)
   * pending, as the mode delivers it.
   */
  constructor(private readonly memory: GuestMemory, private readonly raise: () => void) {}

  /** A valid port number nothing is bound to yet. */
  free(port: number): boolean {
    return Number.isInteger(port) && port >= 1 && port < EVTCHN_PORTS && !this.bound.has(port);
  }

  bind(port: number, kick: Kick): void {
    this.bound.set(port, kick);
  }

  /** The port is free again: a send on it is refused, a signal still sets its pending bit. */
  unbind(port: number): void {
    this.bound.delete(port);
  }

  /** The guest's send: the bound back end's kick, or undefined for an unbound port. */
  send(port: number): boolean | undefined {
    return this.bound.get(port)?.();
  }

  /** Signal `port` to the guest (nothing without an event page). */
  signal(port: number): void {
    if (this.page === undefined) return;
    const bit = (1 << port) >>> 0;
    const pending = readLe32(this.memory, this.page + EVTCHN_PAGE.offsets.pending);
    writeLe32(this.memory, this.page + EVTCHN_PAGE.offsets.pending, pending | bit);
    if ((readLe32(this.memory, this.page + EVTCHN_PAGE.offsets.mask) & bit) === 0) this.raise();
  }
}

/** A 32-bit word as little-endian bytes (RV32's order). */
const le32 = (v: number): Uint8Array => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);

/**
 * The little-endian word at 4-aligned guest-physical `gpa` (a ring's or the
 * event page's: granted pages, u32 fields), read in place when the memory
 * offers word access (a VM's does: vm.ts), else through a 4-byte copy. The
 * back ends read and write a few such words per request and per event: a
 * copy for each was about half of what serving a frame cost (measured on
 * net-rr, issue 14).
 */
export function readLe32(memory: GuestMemory, gpa: number): number {
  if (memory.readWord) return memory.readWord(gpa) >>> 0;
  const b = memory.read(gpa, 4);
  return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
}

/** Write the little-endian word `value` at 4-aligned `gpa` (as readLe32: in place when the memory can, through the bus either way). */
export function writeLe32(memory: GuestMemory, gpa: number, value: number): void {
  if (memory.writeWord) memory.writeWord(gpa, value >>> 0);
  else memory.write(gpa, le32(value >>> 0));
}
