/**
 * The board: a hart, RAM and QEMU `virt`'s devices, with virtual time.
 *
 * Time is the modeled cycle count (one cycle per instruction plus idle and
 * monitor-added cycles) divided by `cyclesPerTick`; `mtime` never looks at
 * the host clock. The hart runs in batches that end at the next timer
 * deadline, so interrupts arrive at exactly the same instruction every run.
 */
import { Bus, RAM_BASE } from './bus.js';
import { Hart, type Monitor } from './hart/hart.js';
import { IRQ } from '@pvlab/assembler';
import type { Clock, IrqLine, PowerControl } from './devices/device.js';
import { Clint, Htif, Plic, SifiveTest, UART0_IRQ, Uart16550, type BenchMarkerEvent } from './devices/index.js';
import { loadBinary, loadElf, type LoadedProgram } from './elf-loader.js';

export const MEMORY_MAP = {
  finisher: 0x0010_0000,
  clint: 0x0200_0000,
  plic: 0x0c00_0000,
  uart0: 0x1000_0000,
  ram: RAM_BASE,
} as const;

export interface MachineOptions {
  /** RAM size in bytes (default 128 MiB). */
  readonly ramSize?: number;
  /** Modeled cycles per mtime tick (default 10: a 100 MHz hart with QEMU virt's 10 MHz timebase). */
  readonly cyclesPerTick?: number;
  /** Where the UART's transmitted bytes go. */
  readonly output?: (byte: number) => void;
  /** Hears the benchmark markers a program writes to the finisher. */
  readonly onMarker?: (event: BenchMarkerEvent) => void;
}

/** Why a run ended. */
export type StopKind = 'finisher' | 'htif' | 'monitor' | 'budget' | 'deadlock';

export interface RunResult {
  readonly stop: StopKind;
  /** Exit code: 0 pass, the failure code otherwise (finisher/HTIF); undefined for budget/deadlock. */
  readonly exitCode: number | undefined;
  readonly instructions: number;
  readonly cycles: number;
}

const BATCH = 1 << 20;

export class Machine {
  readonly bus: Bus;
  readonly hart: Hart;
  readonly clint: Clint;
  readonly plic: Plic;
  readonly uart: Uart16550;
  readonly cyclesPerTick: number;
  program: LoadedProgram | undefined;
  private stopped: { how: 'finisher' | 'htif' | 'monitor'; code: number } | undefined;
  private readonly clock: Clock;

  constructor(options: MachineOptions = {}) {
    this.cyclesPerTick = options.cyclesPerTick ?? 10;
    this.bus = new Bus(options.ramSize ?? 128 << 20);
    const ticks = () => Math.floor(this.hart.cycles() / this.cyclesPerTick);
    this.hart = new Hart(this.bus, { now: ticks });
    this.clock = { now: () => BigInt(ticks()) };
    const line = (bit: number): IrqLine => ({ set: (level) => this.hart.setHwInterrupt(bit, level) });
    const power: PowerControl = {
      shutdown: (code, how) => {
        this.stopped = { how, code };
        this.hart.halted = true;
      },
    };
    this.output = options.output ?? (() => {});
    this.clint = new Clint({ clock: this.clock, software: line(IRQ.msi), timer: line(IRQ.mti) });
    this.plic = new Plic({ meip: line(IRQ.mei), seip: line(IRQ.sei) });
    this.uart = new Uart16550({ out: this.output, irq: this.plic.source(UART0_IRQ) });
    this.bus.attach(new SifiveTest({ power, onMarker: options.onMarker }));
    // A write to the CLINT may move mtimecmp: the current batch must end so the
    // next one is cut at the new deadline.
    const clint = this.clint;
    this.bus.attach({
      name: clint.name, base: clint.base, size: clint.size,
      read: (o, w) => clint.read(o, w),
      write: (o, w, v) => {
        this.hart.yieldRequested = true;
        return clint.write(o, w, v);
      },
    });
    this.bus.attach(this.plic);
    this.bus.attach(this.uart);
    this.power = power;
  }

  private readonly power: PowerControl;

  /** Load an ELF executable; HTIF is attached at its `tohost` symbol, if any. */
  loadElf(bytes: Uint8Array): LoadedProgram {
    this.program = loadElf(this.bus, bytes);
    this.hart.pc = this.program.entry;
    const tohost = this.program.symbols.get('tohost');
    if (tohost !== undefined) this.bus.overlay(new Htif({ tohost, fromhost: this.program.symbols.get('fromhost'), power: this.power, out: this.output }));
    return this.program;
  }

  private readonly output: (byte: number) => void;

  /** Load a raw binary at the start of RAM and start there. */
  loadBinary(bytes: Uint8Array, addr = RAM_BASE): LoadedProgram {
    this.program = loadBinary(this.bus, bytes, addr);
    this.hart.pc = addr;
    return this.program;
  }

  /** End the run from the monitor's side (the hypervisor, when its last guest has stopped). */
  halt(code: number): void {
    this.stopped = { how: 'monitor', code };
    this.hart.halted = true;
  }

  /** Attach the hypervisor (or any monitor) to receive M-mode traps. */
  attachMonitor(m: Monitor | undefined): void {
    this.hart.monitor = m;
  }

  /** Instructions until the next timer deadline (mtimecmp, or stimecmp under Sstc), at least 1. */
  private untilDeadline(): number {
    const h = this.hart;
    let next = Infinity;
    const cmp = this.clint.nextDeadline();
    if (cmp !== undefined) next = Math.min(next, Number(cmp));
    if (h.stce() && h.stimecmp < 2 ** 63) next = Math.min(next, h.stimecmp);
    if (next === Infinity) return Infinity;
    return Math.max(1, next * this.cyclesPerTick - h.cycles());
  }

  /** Run until the program stops or `maxInstructions` retire. */
  run(maxInstructions = Infinity): RunResult {
    const h = this.hart;
    const start = h.retired();
    let stalled = 0; // steps spent in trap storms that retire nothing
    while (!this.stopped) {
      const left = maxInstructions - (h.retired() - start) - stalled;
      if (left <= 0) break;
      const budget = Math.min(left, BATCH, this.untilDeadline());
      const before = h.retired();
      const why = h.run(budget);
      if (why === 'budget' && h.retired() === before) stalled += budget;
      this.clint.update();
      h.checkInterrupts = true;
      if (why === 'wfi') {
        // Idle until the next deadline: time jumps, no instructions retire.
        const wait = this.untilDeadline();
        if (wait === Infinity && (h.mip() & h.mie) === 0) return this.result('deadlock', start);
        if (wait !== Infinity) h.extraCycles += wait;
        this.clint.update();
      }
    }
    if (this.stopped) return this.result(this.stopped.how, start, this.stopped.code);
    return this.result('budget', start);
  }

  private result(stop: StopKind, start: number, exitCode?: number): RunResult {
    return { stop, exitCode, instructions: this.hart.retired() - start, cycles: this.hart.cycles() };
  }
}
