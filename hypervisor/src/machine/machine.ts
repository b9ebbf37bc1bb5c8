/**
 * The board: a hart, RAM and QEMU `virt`'s devices, with virtual time.
 *
 * At reset the hart is at the reset ROM (0x1000), which enters the loaded
 * program with a0 = hart id and a1 = the device tree's address, as QEMU's
 * board does (boot/reset-rom.ts). The devices come from the board's
 * description (board.ts), and so does the device tree (boot/device-tree.ts).
 *
 * Time is the modeled cycle count (one cycle per instruction plus idle and
 * monitor-added cycles) divided by `cyclesPerTick`; `mtime` never looks at
 * the host clock. The hart runs in batches that end at the next timer
 * deadline, so interrupts arrive at exactly the same instruction every run.
 */
import { Bus, RAM_BASE } from './bus.js';
import { Hart, type Monitor, type StopReason } from './hart/hart.js';
import { MISA_C } from './hart/csr.js';
import type { Clock, PowerControl } from './devices/device.js';
import { Clint, Htif, Plic, SifiveTest, Uart16550, type BenchMarkerEvent } from './devices/index.js';
import { LoadError, loadBinary, loadElf, type LoadedProgram } from './elf-loader.js';
import { DEFAULT_ISA, ISAS, PMP_COUNTS, buildDevices, checkIsa, checkPmpCount, misaOf, type IsaName } from './board.js';
import { RESET_VECTOR, ResetRom } from './boot/reset-rom.js';
import { deviceTreeAddress, deviceTreeBlob, type BoardDescription } from './boot/device-tree.js';
import { hex } from './hex.js';
import { EventQueue } from './events.js';
import { GuestMemory } from './devices/virtio/guest-memory.js';
import type { VirtioMmio } from './devices/virtio/mmio-transport.js';
import type { VirtioDevice } from './devices/virtio/device.js';

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
  /** The hart's ISA (default rv32imac, as QEMU's): misa and the device tree's `riscv,isa`. */
  readonly isa?: IsaName;
  /** PMP entries, 0 (none: S/U accesses are not checked) to 16 (the default). */
  readonly pmp?: number;
  /** The device tree's `chosen/bootargs` (QEMU's -append). */
  readonly bootargs?: string;
  /** The virtio-mmio transport version: 'legacy' (1, QEMU 7.2's default) or 'modern' (2). */
  readonly virtio?: 'legacy' | 'modern';
  /** Virtio devices by slot (0x1000_1000 + 0x1000 × slot); the others are empty slots. */
  readonly virtioDevices?: readonly (VirtioDevice | undefined)[];
  /**
   * Idle time passes at the host's pace, not in a jump: a `wfi` with nothing
   * pending ends the run with stop `'idle'`, and the caller lets the time it
   * waited on the host pass with `idle(cycles)`. For a board with a device
   * whose input comes in host time (a network socket): an idle guest's
   * deadlines (a ping's timeout) then do not pass before a peer can answer.
   */
  readonly realTimeIdle?: boolean;
}

/** Why a run ended. */
export type StopKind = 'finisher' | 'htif' | 'monitor' | 'budget' | 'deadlock' | 'idle';

export interface RunResult {
  readonly stop: StopKind;
  /** Exit code: 0 pass, the failure code otherwise (finisher/HTIF); undefined for budget/deadlock. */
  readonly exitCode: number | undefined;
  readonly instructions: number;
  readonly cycles: number;
}

const BATCH = 1 << 20;

/** Machine.runState. */
export interface MachineRunState {
  readonly stopped: { readonly how: 'finisher' | 'htif' | 'monitor'; readonly code: number } | undefined;
  readonly handlerNext: boolean;
}

export class Machine {
  readonly bus: Bus;
  readonly hart: Hart;
  readonly finisher: SifiveTest;
  readonly clint: Clint;
  readonly plic: Plic;
  readonly uart: Uart16550;
  /** The eight virtio-mmio slots. */
  readonly virtio: readonly VirtioMmio[];
  /** Device work waiting in virtual time. */
  readonly events: EventQueue;
  /** The reset ROM at 0x1000, where the hart starts. */
  readonly rom: ResetRom;
  readonly cyclesPerTick: number;
  /** Idle time at the host's pace (MachineOptions.realTimeIdle). */
  readonly realTimeIdle: boolean;
  readonly isa: IsaName;
  /** What the device tree describes (the devices that were built). */
  readonly description: BoardDescription;
  /** The program the reset ROM enters (the last `loadElf`/`loadBinary`). */
  program: LoadedProgram | undefined;
  private stopped: { how: 'finisher' | 'htif' | 'monitor'; code: number } | undefined;
  private readonly clock: Clock;
  private readonly power: PowerControl;
  private readonly output: (byte: number) => void;
  /** RAM that loaded images occupy, which the device tree must not overwrite. */
  private readonly loaded: (readonly [number, number])[] = [];
  private start = RAM_BASE;
  /** fw_dynamic_info.next_addr: the lowest address of the `loadKernel` image. */
  private kernelLow = 0;
  private blob: Uint8Array | undefined;
  /** HTIF, when the program has a `tohost` symbol. */
  htifDevice: Htif | undefined;

  constructor(options: MachineOptions = {}) {
    this.isa = checkIsa(options.isa ?? DEFAULT_ISA);
    const pmp = checkPmpCount(options.pmp ?? PMP_COUNTS.default);
    this.cyclesPerTick = options.cyclesPerTick ?? 10;
    this.realTimeIdle = options.realTimeIdle ?? false;
    this.bus = new Bus(options.ramSize ?? 128 << 20);
    const ticks = () => Math.floor(this.hart.cycles() / this.cyclesPerTick);
    this.hart = new Hart(this.bus, { now: ticks });
    // misa.C stays writable on a hart that has C: software may turn IALIGN to 32 and back (csr.ts).
    this.hart.setMisa(misaOf(this.isa));
    this.hart.misaWritable = misaOf(this.isa) & MISA_C;
    this.hart.pmp.setCount(pmp);
    this.hart.pmpChanged();
    this.clock = { now: () => BigInt(ticks()) };
    this.power = {
      shutdown: (code, how) => {
        this.stopped = { how, code };
        this.hart.halted = true;
      },
    };
    this.output = options.output ?? (() => {});
    // A new event must end the running batch, so the next one is cut at it.
    this.events = new EventQueue(() => this.hart.cycles(), () => (this.hart.yieldRequested = true));
    const devices = buildDevices({
      clock: this.clock,
      interrupt: (bit, level) => this.hart.setHwInterrupt(bit, level),
      output: this.output,
      power: this.power,
      onMarker: options.onMarker,
      scheduler: this.events,
      memory: new GuestMemory(this.bus, (pa, length) => this.dmaWrote(pa, length)),
    }, { modern: options.virtio === 'modern', devices: options.virtioDevices ?? [] });
    ({ finisher: this.finisher, clint: this.clint, plic: this.plic, uart: this.uart, virtio: this.virtio } = devices);
    for (const d of devices.all) {
      if (d !== this.clint) {
        this.bus.attach(d);
        continue;
      }
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
    }
    this.rom = new ResetRom({ start: this.start, fdt: 0, nextAddr: 0 });
    this.bus.attach(this.rom);
    this.hart.pc = RESET_VECTOR;
    this.description = { ramBase: RAM_BASE, ramSize: this.bus.ramSize, isa: ISAS[this.isa].dt, devices: devices.placed, bootargs: options.bootargs };
  }

  /** The board's flattened device tree (what a1 points to at the program's entry). */
  deviceTree(): Uint8Array {
    this.blob ??= deviceTreeBlob(this.description);
    return this.blob;
  }

  /** Where the device tree is placed in RAM (QEMU's rule: the top of RAM below 3 GiB, 2 MiB aligned). */
  deviceTreeAddress(): number {
    return deviceTreeAddress(RAM_BASE, this.bus.ramSize, this.deviceTree().length);
  }

  /**
   * Load the program the reset ROM enters, as QEMU's `-bios none -kernel
   * FILE`: an ELF executable at its addresses, entered at its entry point;
   * fw_dynamic_info names its lowest address, as QEMU does. HTIF is attached
   * at its `tohost` symbol, if any.
   */
  loadElf(bytes: Uint8Array): LoadedProgram {
    const p = this.loadFirmware(bytes);
    this.kernelLow = Math.min(...p.ranges.map(([lo]) => lo));
    this.placeBootData();
    return p;
  }

  /** Load a firmware the reset ROM enters (QEMU's `-bios FILE`): an ELF at its addresses, entered at its entry point. */
  loadFirmware(bytes: Uint8Array): LoadedProgram {
    const p = loadElf(this.bus, bytes);
    this.program = p;
    this.attachHtif(p);
    this.loaded.push(...p.ranges);
    this.start = p.entry;
    this.placeBootData();
    return p;
  }

  /**
   * Load a kernel beside the program (QEMU's `-kernel` with a `-bios`): an
   * ELF at its link address. The ROM's fw_dynamic_info names its lowest
   * address, as QEMU 7.2 does, for a firmware that reads it.
   */
  loadKernel(bytes: Uint8Array): LoadedProgram {
    const p = loadElf(this.bus, bytes);
    this.attachHtif(p);
    this.loaded.push(...p.ranges);
    this.kernelLow = Math.min(...p.ranges.map(([lo]) => lo));
    this.placeBootData();
    return p;
  }

  /** Load a raw kernel image at `addr` beside the program (QEMU's raw `-kernel`); fw_dynamic_info names `addr`. */
  loadRawKernel(bytes: Uint8Array, addr: number): LoadedProgram {
    const p = loadBinary(this.bus, bytes, addr);
    this.loaded.push(...p.ranges);
    this.kernelLow = addr;
    this.placeBootData();
    return p;
  }

  /** Load a raw binary (at the start of RAM by default); the reset ROM enters it at its first byte. */
  loadBinary(bytes: Uint8Array, addr = RAM_BASE): LoadedProgram {
    this.program = loadBinary(this.bus, bytes, addr);
    this.loaded.push(...this.program.ranges);
    this.start = addr;
    this.placeBootData();
    return this.program;
  }

  /** A device wrote RAM: code decoded or compiled from it is stale, and so is a reservation on it (the bus tells the hart). */
  private dmaWrote(pa: number, length: number): void {
    this.bus.written(pa, length);
  }

  private attachHtif(p: LoadedProgram): void {
    const tohost = p.symbols.get('tohost');
    if (tohost === undefined || this.htifDevice) return;
    this.htifDevice = new Htif({ tohost, fromhost: p.symbols.get('fromhost'), power: this.power, out: this.output });
    this.bus.overlay(this.htifDevice);
  }

  /** Write the device tree to RAM and point the reset ROM at it and at the program. */
  private placeBootData(): void {
    const dtb = this.deviceTree();
    const at = this.deviceTreeAddress();
    const clash = this.loaded.find(([lo, hi]) => lo < at + dtb.length && at < hi);
    if (clash || !this.bus.isRam(at, dtb.length)) {
      const what = clash ? `overlaps the image at ${hex(clash[0])}–${hex(clash[1])}` : 'does not fit in RAM';
      throw new LoadError('overlap', `the device tree (${dtb.length} bytes at ${hex(at)}) ${what}; give the machine more memory with --memory`);
    }
    this.bus.load(at, dtb);
    this.rom.set({ start: this.start, fdt: at, nextAddr: this.kernelLow });
  }

  /** How the run stands between two runs, for a snapshot: stopped (how, code), and whether an interrupt's handler runs next (`step`). */
  get runState(): MachineRunState {
    return { stopped: this.stopped, handlerNext: this.handlerNext };
  }

  set runState(s: MachineRunState) {
    this.stopped = s.stopped && { how: s.stopped.how, code: s.stopped.code };
    this.handlerNext = s.handlerNext;
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

  /**
   * Cycles until the next timer deadline (mtimecmp, or stimecmp under Sstc)
   * or device event, at least 1. A timer deadline already passed is not one:
   * its interrupt is pending, and is taken when software enables it — a CSR
   * write or an xRET, after which the hart checks anyway — so a kernel
   * running with interrupts off after its tick is not cut into batches of
   * one instruction.
   */
  private untilDeadline(): number {
    const h = this.hart;
    let next = Infinity;
    const cmp = this.clint.nextDeadline();
    if (cmp !== undefined) next = Math.min(next, Number(cmp));
    if (h.stce() && h.stimecmp < 2 ** 63 && h.stimecmp > h.clock.now()) next = Math.min(next, h.stimecmp);
    const cycle = Math.min(next * this.cyclesPerTick, this.events.next());
    if (cycle === Infinity) return Infinity;
    return Math.max(1, cycle - h.cycles());
  }

  /** Run until the program stops or `maxInstructions` retire. */
  run(maxInstructions = Infinity): RunResult {
    this.checkAlive();
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
      const waits = this.afterBatch(why);
      if (waits) return this.result(waits, start);
    }
    if (this.stopped) return this.result(this.stopped.how, start, this.stopped.code);
    return this.result('budget', start);
  }

  /**
   * What happens between two batches: device work that fell due, the CLINT's
   * lines, a look for interrupts at the next batch's start — and after a
   * wfi, idle time up to the next deadline. Returns 'deadlock' when the hart
   * waits for an interrupt that nothing will ever raise, and 'idle' when it
   * waits with `realTimeIdle` (the caller lets host time pass: `idle`).
   */
  private afterBatch(why: StopReason): 'deadlock' | 'idle' | undefined {
    const h = this.hart;
    this.events.runDue(h.cycles());
    this.clint.update();
    h.checkInterrupts = true;
    if (why === 'wfi') {
      if (this.realTimeIdle && (h.mip() & h.mie) === 0) return 'idle';
      // Idle until the next deadline: time jumps, no instructions retire.
      const wait = this.untilDeadline();
      if (wait === Infinity && (h.mip() & h.mie) === 0) return 'deadlock';
      if (wait !== Infinity) h.extraCycles += wait;
      this.events.runDue(h.cycles());
      this.clint.update();
    }
    return undefined;
  }

  /**
   * After a run stopped `'idle'` (`realTimeIdle`): `cycles` of idle time
   * pass, or less if a deadline comes first; the events due then run.
   */
  idle(cycles: number): void {
    const h = this.hart;
    const n = Math.min(Math.max(0, Math.floor(cycles)), this.untilDeadline());
    if (n > 0) h.extraCycles += n;
    this.events.runDue(h.cycles());
    this.clint.update();
    h.checkInterrupts = true;
  }

  /**
   * One step of a run, for a debugger: one piece of what `run` does, so that
   * a debugger can look between any two — an interrupt taken (the pc at its
   * handler, before the handler's first instruction runs, which the
   * interpreter would run at once), one instruction executed or its trap
   * taken, or, while the hart waits in wfi, time passing to the next
   * deadline. A run is the same pieces: batches never change what a program
   * sees (virtual time), so a program stepped sees exactly what it sees
   * when it runs — the same instructions, interrupts on the same instruction.
   */
  step(): RunResult {
    this.checkAlive();
    const h = this.hart;
    const start = h.retired();
    if (this.stopped) return this.resultNow(start);
    let why: StopReason;
    if (this.handlerNext) {
      // The handler's first instruction, which the interpreter runs right after taking the interrupt, unchecked.
      this.handlerNext = false;
      const yieldWas = h.yieldRequested;
      h.yieldRequested = false;
      h.checkInterrupts = false;
      why = h.run(1);
      if (yieldWas) h.yieldRequested = true;
    } else if (h.yieldRequested) {
      // The interpreter ends its batch here before it looks at anything else.
      h.yieldRequested = false;
      why = 'yield';
    } else if (h.checkInterrupts) {
      // The interpreter's look at its batch's start (interpreter.ts), one piece at a time.
      h.checkInterrupts = false;
      if (h.waiting && (h.mip() & h.mie) !== 0) h.waiting = false;
      const irq = h.pendingInterrupt();
      if (irq >= 0) {
        h.waiting = false;
        h.trap(irq, 0, h.pc);
        this.handlerNext = !h.halted;
        return this.resultNow(start);
      }
      why = h.halted ? 'halt' : h.waiting ? 'wfi' : h.run(1);
    } else why = h.run(1);
    const waits = this.afterBatch(why);
    if (waits) return this.result(waits, start);
    return this.resultNow(start);
  }

  /** A board whose RAM went back to the pool (`releaseBoard`) must not run: its RAM is another board's. */
  private checkAlive(): void {
    if (this.bus.released) throw new Error('this board was released (releaseBoard): its RAM may be another board\'s now');
  }

  /** How things stand after a step: stopped, or still running. */
  private resultNow(start: number): RunResult {
    const s = this.stopped as { how: StopKind; code: number } | undefined;
    return s ? this.result(s.how, start, s.code) : this.result('budget', start);
  }

  /** An interrupt was taken by `step`: the next step runs its handler's first instruction. */
  private handlerNext = false;

  /** Whether the next `step` executes the instruction at the pc (not an interrupt, a yield or idle time). */
  executesNext(): boolean {
    const h = this.hart;
    if (this.stopped || h.halted) return false;
    if (this.handlerNext) return true;
    if (h.yieldRequested) return false;
    if (!h.checkInterrupts) return true;
    if (h.pendingInterrupt() >= 0) return false;
    return !(h.waiting && (h.mip() & h.mie) === 0);
  }

  private result(stop: StopKind, start: number, exitCode?: number): RunResult {
    return { stop, exitCode, instructions: this.hart.retired() - start, cycles: this.hart.cycles() };
  }
}
