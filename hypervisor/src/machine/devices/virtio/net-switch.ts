/**
 * `--netdev switch`: a virtual switch joining the network cards of the VMs
 * of one run, so that they can reach each other (Xen's bridge in dom0,
 * QEMU's `-netdev hubport`, a learning Ethernet switch as IEEE 802.1D
 * describes one, without spanning tree: there is one switch and no loop).
 *
 * Each card is on a port of its own. A frame from a port teaches the
 * switch where its source MAC lives; it goes to the port that holds its
 * destination when the switch has learnt it, and to every other port when
 * it has not or the destination is a group address (broadcast, multicast).
 * Never back to the port it came from.
 *
 * Delivery is in virtual time (`SWITCH_LATENCY` modeled cycles after the
 * frame left its card, on the board's one clock that every VM shares), so
 * a run of several VMs talking through the switch is exactly reproducible.
 *
 * Bounds: the MAC table holds `SWITCH_MACS` addresses (the oldest learnt is
 * forgotten first); at most `SWITCH_IN_FLIGHT` frames are on their way to
 * one port at once, the rest are dropped and counted, as a real switch's
 * full output queue drops them. A guest that floods cannot grow host memory.
 */
import type { NetBackend, NetWire } from './net-backend.js';

/** Modeled cycles from a frame leaving one card to its arrival at another (1 µs at 100 MHz). */
export const SWITCH_LATENCY = 100;
/** Frames on their way to one port at once, at most. */
export const SWITCH_IN_FLIGHT = 256;
/** MAC addresses the switch remembers, at most. */
export const SWITCH_MACS = 1024;

const macKey = (f: Uint8Array, at: number) =>
  ((f[at] << 8) | f[at + 1]) * 2 ** 32 + (((f[at + 2] << 24) | (f[at + 3] << 16) | (f[at + 4] << 8) | f[at + 5]) >>> 0);
const ETH_HLEN = 14;

/** What the switch counted: frames forwarded (per copy delivered), flooded, dropped. */
export interface SwitchCounts {
  forwarded: number;
  flooded: number;
  dropped: number;
}

/** One port of the switch: the backend of one card. */
class SwitchPort implements NetBackend {
  readonly external = false;
  wire: NetWire | undefined;
  inFlight = 0;

  constructor(private readonly sw: VirtualSwitch, readonly index: number) {}

  get name(): string {
    return `switch port ${this.index}`;
  }

  connect(wire: NetWire): void {
    this.wire = wire;
  }

  send(frame: Uint8Array): void {
    this.sw.forward(this, frame);
  }

  close(): void {
    this.wire = undefined;
  }
}

/** A learning switch; `port()` gives each card its backend. */
export class VirtualSwitch {
  readonly counts: SwitchCounts = { forwarded: 0, flooded: 0, dropped: 0 };
  private readonly ports: SwitchPort[] = [];
  /** MAC (as a number) -> the port it was last seen on; insertion order is age. */
  private readonly table = new Map<number, SwitchPort>();

  /** A new port, for one card. */
  port(): NetBackend {
    const p = new SwitchPort(this, this.ports.length);
    this.ports.push(p);
    return p;
  }

  /** How many MAC addresses the switch holds now. */
  get learnt(): number {
    return this.table.size;
  }

  /** A frame sent by the card on `from`. */
  forward(from: SwitchPort, frame: Uint8Array): void {
    if (frame.length < ETH_HLEN) {
      this.counts.dropped++;
      return;
    }
    if ((frame[6] & 1) === 0) this.learn(macKey(frame, 6), from); // a group source teaches nothing
    const to = (frame[0] & 1) === 0 ? this.table.get(macKey(frame, 0)) : undefined;
    if (to) {
      if (to !== from) this.deliver(to, frame);
      return; // a frame for its own port is filtered, as 802.1D says
    }
    this.counts.flooded++;
    for (const p of this.ports) if (p !== from) this.deliver(p, frame);
  }

  private learn(mac: number, port: SwitchPort): void {
    if (this.table.get(mac) === port) return;
    this.table.delete(mac);
    if (this.table.size >= SWITCH_MACS) this.table.delete(this.table.keys().next().value!);
    this.table.set(mac, port);
  }

  private deliver(p: SwitchPort, frame: Uint8Array): void {
    const wire = p.wire;
    if (!wire || p.inFlight >= SWITCH_IN_FLIGHT) {
      this.counts.dropped++;
      return;
    }
    const copy = frame.slice(); // the sender may reuse its array
    p.inFlight++;
    this.counts.forwarded++;
    wire.after(SWITCH_LATENCY, () => {
      p.inFlight--;
      p.wire?.receive(copy);
    }, 'deliver'); // a switch is shared by VMs: not snapshotted (SwitchPort has no save)
  }
}
