/**
 * A VM's guest-physical board: its RAM (a window of the host board's RAM)
 * and its own instances of the board's device models — finisher, CLINT,
 * PLIC, NS16550A UART, and the virtio-mmio slots when the VM has devices —
 * at the same addresses as on the host board, built by the board's own
 * `buildDevices`. The hypervisor emulates a trapped device access by
 * replaying it on this bus, so a guest's devices behave exactly as the real
 * board's do. A virtio device's DMA goes through a `GuestMemory` over the
 * VM's RAM in guest-physical addresses: it reaches this VM's slot and
 * nothing else, and a bad address is the device's error state.
 */
import { Bus } from '../machine/bus.js';
import { buildDevices, ISAS, DEFAULT_ISA, type IsaName, type PlacedDevice, type VirtioSlots } from '../machine/board.js';
import type { BenchMarkerEvent, Clint, Clock, Plic, Scheduler, SifiveTest, Uart16550 } from '../machine/devices/index.js';
import { GuestMemory } from '../machine/devices/virtio/guest-memory.js';
import type { VirtioMmio } from '../machine/devices/virtio/mmio-transport.js';
import { deviceTreeBlob } from '../machine/boot/device-tree.js';

export interface GuestBoardOptions {
  /** The host board's RAM bytes for this VM (its slot). */
  readonly ram: Uint8Array;
  readonly ramSize: number;
  /** The guest-physical bus over `ram`, when the VM brings its own (a p2m's, memory/guest-bus.ts); a plain window by default. */
  readonly bus?: Bus;
  readonly clock: Clock;
  /** Interrupt lines into the vCPU: a bit of its mip (MSIP, MTIP, MEIP, SEIP) goes high or low. */
  readonly interrupt: (bit: number, level: boolean) => void;
  /** Bytes the guest transmits on its UART. */
  readonly output: (byte: number) => void;
  /** The guest wrote the finisher: shut the VM down with this exit code. */
  readonly shutdown: (code: number) => void;
  /** The VM's virtio-mmio slots; none (no slots on its bus) by default. */
  readonly virtio?: VirtioSlots;
  /** Device work in virtual time (the host board's event queue); needed with `virtio`. */
  readonly scheduler?: Scheduler;
  /** After each piece of device work: an interrupt may have risen for an idle VM. */
  readonly deviceWorked?: () => void;
  /** Told of every range a device wrote by DMA, in guest-physical addresses. */
  readonly dmaWrote?: (gpa: number, length: number) => void;
  /** The hart's ISA, for the device tree (default rv32imac). */
  readonly isa?: IsaName;
}

const NO_WORK: Scheduler = { after: () => { throw new Error('a VM without virtio devices has no device work'); } };

export class GuestBoard {
  readonly bus: Bus;
  readonly uart: Uart16550;
  readonly plic: Plic;
  readonly clint: Clint;
  readonly finisher: SifiveTest;
  /** The virtio-mmio slots, when the VM has devices (empty otherwise). */
  readonly virtio: readonly VirtioMmio[];
  /** What the VM's device tree describes. */
  readonly placed: readonly PlacedDevice[];
  private readonly isa: IsaName;
  /** Hears the benchmark markers the guest writes to its finisher. */
  onMarker: ((event: BenchMarkerEvent) => void) | undefined;

  constructor(o: GuestBoardOptions) {
    this.bus = o.bus ?? new Bus(o.ramSize, o.ram);
    this.isa = o.isa ?? DEFAULT_ISA;
    const scheduler = o.scheduler ?? NO_WORK;
    const devices = buildDevices({
      clock: o.clock,
      interrupt: o.interrupt,
      output: o.output,
      power: { shutdown: (code) => o.shutdown(code) },
      onMarker: (event) => this.onMarker?.(event),
      scheduler: { after: (delay, fn, tag) => scheduler.after(delay, () => { fn(); o.deviceWorked?.(); }, tag) },
      memory: new GuestMemory({ ramBase: this.bus.ramBase, ramSize: o.ramSize, u8: o.ram }, (gpa, n) => o.dmaWrote?.(gpa, n)),
    }, o.virtio);
    ({ finisher: this.finisher, clint: this.clint, plic: this.plic, uart: this.uart } = devices);
    this.virtio = o.virtio ? devices.virtio : [];
    this.placed = o.virtio ? devices.placed : devices.placed.filter((d) => d.kind !== 'virtio-mmio');
    for (const d of [this.finisher, this.clint, this.plic, this.uart, ...this.virtio]) this.bus.attach(d);
  }

  /** The VM's flattened device tree: its RAM, the host's ISA string, its devices, and `bootargs`. */
  deviceTree(bootargs?: string): Uint8Array {
    return deviceTreeBlob({ ramBase: this.bus.ramBase, ramSize: this.bus.ramSize, isa: ISAS[this.isa].dt, devices: this.placed, bootargs });
  }
}
