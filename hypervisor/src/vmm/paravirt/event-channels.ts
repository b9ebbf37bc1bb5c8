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
    const pending = this.word(EVTCHN_PAGE.offsets.pending);
    this.memory.write(this.page + EVTCHN_PAGE.offsets.pending, le32((pending | bit) >>> 0));
    if ((this.word(EVTCHN_PAGE.offsets.mask) & bit) === 0) this.raise();
  }

  private word(offset: number): number {
    const b = this.memory.read(this.page! + offset, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }
}

/** A 32-bit word as little-endian bytes (RV32's order). */
export const le32 = (v: number): Uint8Array => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
