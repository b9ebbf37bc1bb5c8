/**
 * A VM's guest-physical board: its RAM (a window of the host board's RAM)
 * and its own instances of the board's device models — finisher, CLINT,
 * PLIC, NS16550A UART — at the same addresses as on the host board. The
 * hypervisor emulates a trapped device access by replaying it on this bus,
 * so a guest's devices behave exactly as the real board's do.
 */
import { Bus } from '../machine/bus.js';
import { Clint, Plic, SifiveTest, UART0_IRQ, Uart16550, type BenchMarkerEvent, type Clock, type IrqLine } from '../machine/devices/index.js';
import { IRQ } from '@pvlab/assembler';

export interface GuestBoardOptions {
  /** The host board's RAM bytes for this VM (its slot). */
  readonly ram: Uint8Array;
  readonly ramSize: number;
  readonly clock: Clock;
  /** Interrupt lines into the vCPU: a bit of its mip (MSIP, MTIP, MEIP, SEIP) goes high or low. */
  readonly interrupt: (bit: number, level: boolean) => void;
  /** Bytes the guest transmits on its UART. */
  readonly output: (byte: number) => void;
  /** The guest wrote the finisher: shut the VM down with this exit code. */
  readonly shutdown: (code: number) => void;
}

export class GuestBoard {
  readonly bus: Bus;
  readonly uart: Uart16550;
  readonly plic: Plic;
  readonly clint: Clint;
  readonly finisher: SifiveTest;
  /** Hears the benchmark markers the guest writes to its finisher. */
  onMarker: ((event: BenchMarkerEvent) => void) | undefined;

  constructor(o: GuestBoardOptions) {
    this.bus = new Bus(o.ramSize, o.ram);
    const line = (bit: number): IrqLine => ({ set: (level) => o.interrupt(bit, level) });
    this.clint = new Clint({ clock: o.clock, software: line(IRQ.msi), timer: line(IRQ.mti) });
    this.plic = new Plic({ meip: line(IRQ.mei), seip: line(IRQ.sei) });
    this.uart = new Uart16550({ out: o.output, irq: this.plic.source(UART0_IRQ) });
    this.finisher = new SifiveTest({ power: { shutdown: (code) => o.shutdown(code) }, onMarker: (event) => this.onMarker?.(event) });
    for (const d of [this.finisher, this.clint, this.plic, this.uart]) this.bus.attach(d);
  }
}
