/**
 * The NS16550A UART of QEMU's `virt` board (UART0, PLIC source 10), as
 * QEMU 7.2's `hw/char/serial.c` presents it. Register names and bits are
 * the PC16550D datasheet's (Table II "Summary of Registers", Table IV
 * "Interrupt Control Functions"):
 *
 *   off  read             write            with LCR.DLAB = 1
 *    0   RBR receive      THR transmit     DLL divisor low
 *    1   IER int enable   IER              DLM divisor high
 *    2   IIR int ident    FCR FIFO control
 *    3   LCR line control LCR
 *    4   MCR modem ctrl   MCR (bits 4..0; bit 4 = loopback)
 *    5   LSR line status  (ignored)
 *    6   MSR modem status (ignored)
 *    7   SCR scratch      SCR
 *
 * As QEMU decodes them (observed): the registers are bytes at offsets 0..7,
 * read and written with any aligned access of 1, 2, 4 or 8 bytes (a read
 * answers the byte zero-extended, a write uses the low byte); offsets 8..0xff
 * of the window fault. Reset: IER 0, IIR 0x01, LCR 0, MCR 0x08 (OUT2),
 * LSR 0x60, MSR 0xb0 (DCD DSR CTS), SCR 0, divisor 0x000c.
 *
 * Output is instant, so THRE and TEMT are always set and a THR write
 * re-arms the THR-empty interrupt at once. Input bytes wait in a host queue
 * and enter the receiver the moment it has room (the holding register, or
 * the 16-byte FIFO when FCR.0 is set), so host input never overruns; QEMU
 * also holds input back until there is room, but delivers it from its main
 * loop, so a fast poller there sees DR drop between bytes. In loopback the
 * transmitter feeds the receiver and can overrun it (LSR.OE) while host
 * input waits: the datasheet disconnects the serial input then (MCR bit 4;
 * QEMU keeps delivering it). In FIFO mode, fewer bytes than the trigger
 * level report a character timeout (IIR 0x0c) at once: QEMU raises it after
 * four character times of host time, which has no deterministic equivalent.
 * Modem status never changes outside loopback, so its interrupt never fires.
 */
import type { Device, IrqLine, Width } from './device.js';
import { answer, isAligned, low32 } from './access.js';

/** Where QEMU `virt` puts UART0. */
export const UART0_BASE = 0x1000_0000;
/** UART0's window in the memory map (only offsets 0..7 decode). */
export const UART0_SIZE = 0x100;
/** UART0's PLIC source. */
export const UART0_IRQ = 10;

/** Register offsets (PC16550D Table II). */
export const UART_REG = { rbr: 0, thr: 0, dll: 0, ier: 1, dlm: 1, iir: 2, fcr: 2, lcr: 3, mcr: 4, lsr: 5, msr: 6, scr: 7 } as const;
/** IER bits: which conditions interrupt. */
export const UART_IER = { rdi: 0x01, thri: 0x02, rlsi: 0x04, msi: 0x08 } as const;
/** IIR values, highest priority first (Table IV); `fifo` is ORed in while FCR.0 is set. */
export const UART_IIR = { rlsi: 0x06, rdi: 0x04, cti: 0x0c, thri: 0x02, none: 0x01, fifo: 0xc0 } as const;
/** FCR bits; bits 7..6 choose the receive trigger level 1, 4, 8 or 14. */
export const UART_FCR = { enable: 0x01, clearRx: 0x02, clearTx: 0x04, kept: 0xc9 } as const;
/** LSR bits. */
export const UART_LSR = { dr: 0x01, oe: 0x02, thre: 0x20, temt: 0x40 } as const;
/** LCR.DLAB, MCR bits, and the MSR value of an idle line with modem lines up. */
export const UART_BITS = { dlab: 0x80, mcrMask: 0x1f, mcrOut2: 0x08, mcrLoop: 0x10, msrIdle: 0xb0 } as const;

const FIFO_DEPTH = 16;
const TRIGGER_LEVELS = [1, 4, 8, 14] as const;

/** Options of the UART. */
export interface Uart16550Options {
  /** Its interrupt wire: the PLIC's source 10. */
  readonly irq: IrqLine;
  /** Receives every transmitted byte (not those sent in loopback). */
  readonly out: (byte: number) => void;
  /** Defaults to {@link UART0_BASE}. */
  readonly base?: number;
}

/** The UART's state, as a snapshot holds it: its registers, the receiver's bytes and the host input still waiting. */
export interface UartState {
  readonly ier: number; readonly lcr: number; readonly mcr: number; readonly scr: number; readonly fcr: number; readonly divisor: number;
  readonly thrPending: boolean; readonly overrun: boolean; readonly lastRbr: number; readonly irqLevel: boolean;
  readonly rx: readonly number[];
  /** Host input not yet in the receiver (the rest of a script). */
  readonly input: readonly number[];
}

/** NS16550A UART: byte registers, instant output, queued input, one interrupt wire. */
export class Uart16550 implements Device {
  readonly name = 'uart0';
  readonly base: number;
  readonly size = UART0_SIZE;
  private readonly irq: IrqLine;
  private readonly out: (byte: number) => void;
  private ier = 0;
  private lcr = 0;
  private mcr: number = UART_BITS.mcrOut2;
  private scr = 0;
  private fcr = 0;
  private divisor = 0x000c;
  /** The THR-empty interrupt is armed (QEMU's thr_ipending): set by a transmission, cleared by reading it in IIR. */
  private thrPending = false;
  private overrun = false;
  /** The receiver: the holding register (at most 1 byte) or the FIFO. */
  private readonly rx: number[] = [];
  private lastRbr = 0;
  private readonly input: number[] = [];
  private irqLevel = false;

  constructor(options: Uart16550Options) {
    this.irq = options.irq;
    this.out = options.out;
    this.base = options.base ?? UART0_BASE;
  }

  /** The state (snapshot.ts): registers, receiver, waiting input. */
  save(): UartState {
    const { ier, lcr, mcr, scr, fcr, divisor, thrPending, overrun, lastRbr, irqLevel } = this;
    return { ier, lcr, mcr, scr, fcr, divisor, thrPending, overrun, lastRbr, irqLevel, rx: [...this.rx], input: [...this.input] };
  }

  /** Take a saved state; the wire's level is the PLIC's to restore (nothing is signalled). */
  load(s: UartState): void {
    ({ ier: this.ier, lcr: this.lcr, mcr: this.mcr, scr: this.scr, fcr: this.fcr, divisor: this.divisor } = s);
    ({ thrPending: this.thrPending, overrun: this.overrun, lastRbr: this.lastRbr, irqLevel: this.irqLevel } = s);
    this.rx.splice(0, this.rx.length, ...s.rx.map((b) => b & 0xff));
    this.input.length = 0;
    for (const b of s.input) this.input.push(b & 0xff);
  }

  /** Host input bytes still waiting to enter the receiver. */
  get inputWaiting(): number {
    return this.input.length;
  }

  /** Queue bytes typed on the host; they enter the receiver as it has room. */
  feed(bytes: Iterable<number>): void {
    for (const b of bytes) this.input.push(b & 0xff);
    this.pull();
    this.update();
  }

  read(offset: number, width: Width): number | bigint | undefined {
    if (!this.decodes(offset, width)) return undefined;
    const value = this.readRegister(offset); // reads of RBR, IIR and LSR have side effects
    this.update();
    return answer(value, width);
  }

  write(offset: number, width: Width, value: number | bigint): boolean {
    if (!this.decodes(offset, width)) return false;
    this.writeRegister(offset, low32(value) & 0xff);
    this.update();
    return true;
  }

  private readRegister(offset: number): number {
    const dlab = (this.lcr & UART_BITS.dlab) !== 0;
    switch (offset) {
      case UART_REG.rbr:
        return dlab ? this.divisor & 0xff : this.receive();
      case UART_REG.ier:
        return dlab ? this.divisor >>> 8 : this.ier;
      case UART_REG.iir: {
        const id = this.interruptId();
        // reading IIR is how THR-empty is acknowledged (Table IV)
        if (id === UART_IIR.thri) this.thrPending = false;
        return id | (this.fifoOn() ? UART_IIR.fifo : 0);
      }
      case UART_REG.lcr:
        return this.lcr;
      case UART_REG.mcr:
        return this.mcr;
      case UART_REG.lsr: {
        const lsr = this.lsr();
        this.overrun = false; // reading LSR clears the error bits
        return lsr;
      }
      case UART_REG.msr:
        return this.loopback() ? this.loopedMsr() : UART_BITS.msrIdle;
      default:
        return this.scr;
    }
  }

  private writeRegister(offset: number, v: number): void {
    const dlab = (this.lcr & UART_BITS.dlab) !== 0;
    if (offset === UART_REG.thr) {
      if (dlab) this.divisor = (this.divisor & 0xff00) | v;
      else this.transmit(v);
    } else if (offset === UART_REG.ier) {
      if (dlab) this.divisor = (this.divisor & 0x00ff) | (v << 8);
      else this.writeIer(v & 0x0f);
    } else if (offset === UART_REG.fcr) this.writeFcr(v);
    else if (offset === UART_REG.lcr) this.lcr = v;
    else if (offset === UART_REG.mcr) {
      this.mcr = v & UART_BITS.mcrMask;
      this.pull();
    } else if (offset === UART_REG.scr) this.scr = v;
    // LSR and MSR ignore writes
  }

  private transmit(byte: number): void {
    if (this.loopback()) this.loop(byte);
    else this.out(byte);
    this.thrPending = true; // the byte left at once: THR is empty again
  }

  private writeIer(v: number): void {
    // enabling THRI while THR is empty (always) raises it, even if IIR was read before (QEMU)
    if ((v ^ this.ier) & UART_IER.thri) this.thrPending = (v & UART_IER.thri) !== 0;
    this.ier = v;
  }

  private writeFcr(v: number): void {
    // changing FCR.0 clears both FIFOs
    if ((v ^ this.fcr) & UART_FCR.enable) v |= UART_FCR.clearRx | UART_FCR.clearTx;
    if (v & UART_FCR.clearRx) this.rx.length = 0;
    if (v & UART_FCR.clearTx) this.thrPending = true;
    this.fcr = v & UART_FCR.kept;
    this.pull();
  }

  /** Read RBR: the next byte; in FIFO mode 0 when empty, otherwise the last byte again. */
  private receive(): number {
    let byte: number;
    if (this.fifoOn()) byte = this.rx.shift() ?? 0;
    else {
      if (this.rx.length > 0) this.lastRbr = this.rx.shift()!;
      byte = this.lastRbr;
    }
    this.pull();
    return byte;
  }

  /** A byte sent in loopback arrives at the receiver; a full receiver overruns. */
  private loop(byte: number): void {
    if (this.rx.length < this.capacity()) this.rx.push(byte);
    else {
      this.overrun = true;
      if (!this.fifoOn()) this.rx[0] = byte; // the holding register is overwritten; a full FIFO keeps its bytes
    }
  }

  /** Move host input into the receiver while it has room (not in loopback: the line is disconnected). */
  private pull(): void {
    while (!this.loopback() && this.input.length > 0 && this.rx.length < this.capacity()) this.rx.push(this.input.shift()!);
  }

  private lsr(): number {
    return UART_LSR.thre | UART_LSR.temt | (this.rx.length > 0 ? UART_LSR.dr : 0) | (this.overrun ? UART_LSR.oe : 0);
  }

  /** The highest-priority pending interrupt (Table IV), without the FIFO bits. */
  private interruptId(): number {
    if (this.ier & UART_IER.rlsi && this.overrun) return UART_IIR.rlsi;
    if (this.ier & UART_IER.rdi && this.rx.length > 0) {
      return !this.fifoOn() || this.rx.length >= TRIGGER_LEVELS[this.fcr >>> 6] ? UART_IIR.rdi : UART_IIR.cti;
    }
    if (this.ier & UART_IER.thri && this.thrPending) return UART_IIR.thri;
    return UART_IIR.none;
  }

  /** In loopback the modem outputs drive the inputs: DTR→DSR, RTS→CTS, OUT1→RI, OUT2→DCD. */
  private loopedMsr(): number {
    return ((this.mcr & 0x0c) << 4) | ((this.mcr & 0x02) << 3) | ((this.mcr & 0x01) << 5);
  }

  private update(): void {
    const level = this.interruptId() !== UART_IIR.none;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      this.irq.set(level);
    }
  }

  private fifoOn(): boolean { return (this.fcr & UART_FCR.enable) !== 0; }
  private capacity(): number { return this.fifoOn() ? FIFO_DEPTH : 1; }
  private loopback(): boolean { return (this.mcr & UART_BITS.mcrLoop) !== 0; }

  private decodes(offset: number, width: Width): boolean {
    return isAligned(offset, width) && offset >= 0 && offset + width <= 8;
  }
}
