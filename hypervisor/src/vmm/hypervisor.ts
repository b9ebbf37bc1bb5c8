/**
 * The hypervisor: pvlab's M-mode, written in TypeScript, attached to the
 * board as its monitor. It owns the VMs, puts one at a time on the hart
 * (a world switch), takes every trap the running guest raises (an exit),
 * answers its hypercalls through the catalogue, and schedules the VMs
 * round-robin on its own timer. How a guest runs — trapped and emulated, or
 * paravirtualized — is the mode's business (trap/, paravirt/).
 *
 * Time is the board's: every VM sees the same mtime, which advances with
 * the instructions retired (the guest's own, plus one per instruction the
 * hypervisor emulates for it, plus one cycle per trap the guest takes) —
 * never with the host clock, so a run is exactly reproducible. What exits
 * cost is modeled separately (the benchmark's cost table).
 */
import { EXC } from '@pvlab/assembler';
import { createRegistry, dispatch, formatRecord, registersOf, type HypercallRegisters, type HypercallSource, type Registry } from '@pvlab/hypercall-abi';
import { Machine, type RunResult } from '../machine/machine.js';
import type { Hart, Monitor } from '../machine/hart/hart.js';
import { CLINT_REG } from '../machine/devices/index.js';
import { symbolize } from '../machine/elf-loader.js';
import { layoutVms, DEFAULT_GUEST_RAM, DEFAULT_POOL } from './layout.js';
import type { IsaName, VirtioSlots } from '../machine/board.js';
import type { BlockBackend } from '../machine/devices/virtio/block-backend.js';
import { deviceTreeAddress } from '../machine/boot/device-tree.js';
import { Vm, type PvNic } from './vm.js';
import { EXIT } from './exit-reasons.js';
import { unhandledTrap } from './unhandled-trap.js';
import type { FirmwareKind } from './guest-firmware.js';
import { NEVER } from './world-switch.js';
import { TrapMode } from './trap/mode.js';
import { PvMode } from './paravirt/mode.js';
import { builtinHandlers, type HypercallHost } from './paravirt/hypercalls.js';
import { splitDriverHandlers } from './paravirt/split-drivers.js';
import { announceTarget } from './paravirt/balloon.js';
import { BoardMemory } from './memory/board-memory.js';
import { PAGE_SIZE } from '@pvlab/assembler';
import { loadVm, saveVm, type VmState } from './vm-state.js';
import type { SplitDriversState } from './paravirt/split-drivers.js';
import type { EventSource } from '../machine/devices/device.js';
import type { RestoredOwner } from '../machine/events.js';
import type { ExitRecord } from './exit-stats.js';
import { ExitTiming } from './exit-timing.js';
import type { ExitContext, HypervisorServices, VirtMode, Virtualization } from './virtualization.js';

/** A benchmark marker reached in a VM, with the VM's counts at that point. */
export interface VmMarker {
  readonly vm: number;
  readonly event: 'begin' | 'end';
  /** Guest instructions retired by then. */
  readonly instructions: number;
  readonly cycles: number;
}

/** The hypervisor's state as a snapshot holds it (the board's and RAM apart). */
export interface HypervisorState {
  readonly current: number;
  readonly segmentRetired: number;
  readonly segmentCycles: number;
  readonly quantumEnd: number;
  readonly workInQuantum: number;
  readonly yielding: boolean;
  readonly parked: boolean;
  readonly deadline: number;
  /** The board's frames for the VMs: who owns each, and the free stack (memory/). */
  readonly frames: ReturnType<BoardMemory['pool']['save']>;
  readonly vms: readonly { readonly vm: VmState; readonly mode: unknown; readonly split: SplitDriversState | undefined }[];
}

export interface HypervisorOptions {
  /** How guests run (default `trap`). */
  readonly mode?: VirtMode;
  /** One kernel image per VM. */
  readonly kernels: readonly Uint8Array[];
  /** A byte a VM wrote to its console. */
  readonly output?: (vm: number, byte: number) => void;
  /** Called for every exit, with what the hypervisor did (slows the run down: for `--trace`). */
  readonly trace?: (record: ExitRecord) => void;
  /** Each benchmark marker, as it is reached. */
  readonly onMarker?: (marker: VmMarker) => void;
  /** Users' hypercall extensions (`--hypercalls FILE`), loaded with `loadExtensions`. */
  readonly hypercalls?: readonly HypercallSource[];
  /** Guest RAM per VM (default 16 MiB). */
  readonly ramPerVm?: number;
  /** Host memory for each VM's shadow tables (default 2 MiB). */
  readonly poolPerVm?: number;
  /**
   * The board's RAM for the VMs' frames (default: all of every VM's RAM).
   * Less overcommits: paravirtual VMs must then boot smaller (`memoryAtBoot`)
   * and balloon (memory/). Whole 4 MiB megapages.
   */
  readonly memoryTotal?: number;
  /** Each VM's memory at boot in bytes, by VM index (default: its RAM): the rest is ballooned from the start (paravirtual only). */
  readonly memoryAtBoot?: readonly (number | undefined)[];
  /** Scheduling quantum with several VMs, in mtime ticks (default 10,000 = 1 ms). */
  readonly quantum?: number;
  /** Work a VM may cause in one quantum, in units (work.ts): an exit is 1, what it asks for more (default 20,000). */
  readonly exitQuantum?: number;
  /**
   * Virtio devices per VM (by VM index; none by default). A VM with devices
   * gets the virtio-mmio slots on its guest board and, as the firmware
   * would pass it, a device tree in a1 that lists them (with `bootargs`).
   */
  readonly virtio?: readonly (VirtioSlots | undefined)[];
  /** The device tree's `chosen/bootargs` of the VMs that have devices, by VM index. */
  readonly bootargs?: readonly (string | undefined)[];
  /**
   * A disk per VM (by VM index; none by default) for the paravirtual split
   * driver: the blkif back end serves the guest's ring against it — the
   * board's block backend, without a virtio transport or a device tree.
   */
  readonly disks?: readonly (BlockBackend | undefined)[];
  /**
   * A network card per VM (by VM index; none by default) for the paravirtual
   * split driver: the netif back end serves the guest's rings against its
   * backend. Such a VM gets a device tree in a1 without devices, for its
   * `bootargs` (the kernel's addresses).
   */
  readonly nics?: readonly (PvNic | undefined)[];
  /** The board's idle time at the host's pace (MachineOptions.realTimeIdle): a VM's device is a socket. */
  readonly realTimeIdle?: boolean;
  /**
   * Whose M-mode the guests run under (guest-firmware.ts): `builtin` (the
   * default) — the hypervisor is the SBI firmware and each kernel starts in
   * S-mode, as KVM guests start — or `guest`: each image brings its own
   * M-mode and starts at the reset ROM in virtual M (trap mode only).
   */
  readonly firmware?: FirmwareKind;
  /** With `guest` firmware: each guest's PMP entries, 0..16 (default 16), as the bare board's `--pmp`. */
  readonly pmp?: number;
  /**
   * With `guest` firmware: an M-mode firmware the reset ROM enters in every
   * VM, its kernel loaded beside it (QEMU's `-bios` and `-kernel`); without
   * it the reset ROM enters the kernel image itself.
   */
  readonly firmwareImage?: Uint8Array;
  /** The hart's ISA, the guests' too (default rv32imac). */
  readonly isa?: IsaName;
}

/**
 * Work a VM may cause in one quantum, in units: each exit costs one, and
 * the work it asks the hypervisor for (batches, console bytes, shadow
 * tables) more. Time advances only with retired instructions and taken
 * traps, so a guest storming exits that retire nothing (hidden faults), or
 * asking for work that takes the host long, would hold the hart; charging
 * its exits and their work ends its turn anyway.
 */
const EXIT_QUANTUM = 20_000;

export class Hypervisor implements Monitor, HypervisorServices, HypercallHost {
  readonly machine: Machine;
  readonly hart: Hart;
  readonly mode: Virtualization;
  readonly vms: readonly Vm[];
  readonly registry: Registry<Vm>;
  /** The board's memory for the VMs: the frame pool and each VM's reservation (memory/). */
  readonly memory: BoardMemory;
  private readonly split: ReturnType<typeof splitDriverHandlers>;
  private current: Vm;
  /**
   * Hears every exit, with what the hypervisor did (`--trace`, a debugger's
   * `monitor trace` and `break-on-exit`); may be set or cleared between runs.
   * Tracing only describes exits: it changes nothing the guest sees.
   */
  trace: ((r: ExitRecord) => void) | undefined;
  private readonly onMarker: ((m: VmMarker) => void) | undefined;
  private readonly quantum: number;
  private readonly exitQuantum: number;
  /** The running VM's segment: hart counters when it was switched in. */
  private segmentRetired = 0;
  private segmentCycles = 0;
  private quantumEnd = NEVER;
  /** Work charged to the running VM in this quantum (exits and what they did). */
  private workInQuantum = 0;
  private yielding = false;
  /** The current VM halted and is off the hart (see park): the hart waits for the next VM. */
  private parked = false;
  /** The mtimecmp value programmed last. */
  private deadline = -1;
  private until: Vm | undefined;
  /** Which exits the host clock times (exit-timing.ts). */
  private readonly timing = new ExitTiming();
  /** The last hypercall, for the trace. */
  private lastCall = '';
  /** The hart's argument registers as the dispatcher reads and writes them (the hart's x never changes identity). */
  private readonly registers: HypercallRegisters;
  /** What a guest sfence.vma does, for the exit handlers. */
  private readonly flushFor = (vm: Vm, va: number | undefined) => this.mode.flush(this.hart, vm, va);

  constructor(o: HypervisorOptions) {
    if (o.kernels.length < 1) throw new RangeError('the hypervisor needs at least one VM');
    const firmware = o.firmware ?? 'builtin';
    if (o.firmwareImage && firmware !== 'guest') throw new RangeError('a firmware image runs in the guest\'s own M-mode: firmware \'guest\'');
    if (firmware === 'guest' && o.mode === 'paravirt') throw new RangeError('a guest with its own M-mode runs under trap and emulate only (a paravirtual kernel asks the hypervisor, its firmware, by hypercall)');
    const ramPerVm = o.ramPerVm ?? DEFAULT_GUEST_RAM;
    const frameArea = o.memoryTotal ?? o.kernels.length * ramPerVm;
    if (o.mode !== 'paravirt' && (frameArea < o.kernels.length * ramPerVm || o.memoryAtBoot?.some((m) => m !== undefined && m !== ramPerVm))) {
      throw new RangeError(`trap mode cannot balloon: the unmodified kernel has no balloon driver, so each VM needs all its RAM (${o.kernels.length} × ${ramPerVm >>> 20} MiB) on the board: run --mode paravirt`);
    }
    const { boardRam, slots } = layoutVms(o.kernels.length, ramPerVm, o.poolPerVm ?? DEFAULT_POOL, frameArea);
    this.machine = new Machine({ ramSize: boardRam, realTimeIdle: o.realTimeIdle, isa: o.isa });
    this.memory = new BoardMemory(this.machine.bus, slots, frameArea, o.memoryAtBoot ?? []);
    this.hart = this.machine.hart;
    this.registers = registersOf(this.hart.x);
    this.mode = o.mode === 'paravirt' ? new PvMode() : new TrapMode();
    this.trace = o.trace;
    this.onMarker = o.onMarker;
    this.quantum = o.quantum ?? 10_000;
    this.exitQuantum = o.exitQuantum ?? EXIT_QUANTUM;
    const clock = this.hart.clock;
    this.vms = o.kernels.map((kernel, id) => {
      const virtio = o.virtio?.[id];
      const vm: Vm = new Vm({
        id, slot: slots[id], memory: this.memory.vms[id], board: this.machine.bus, clock, kernel, output: (b) => o.output?.(id, b),
        virtio, scheduler: this.machine.events, deviceWorked: () => this.wake(vm), disk: o.disks?.[id], nic: o.nics?.[id],
        firmware, pmp: o.pmp, bootargs: o.bootargs?.[id], isa: o.isa, firmwareImage: o.firmwareImage,
      });
      vm.cpu.setMisa(this.hart.misa); // the guest's code runs on this hart: it has its C extension (and IALIGN)
      if (firmware === 'guest') vm.cpu.misaWritable = this.hart.misaWritable; // and may turn it off and on, as on the bare board
      else {
        if (virtio || o.nics?.[id]) this.giveDeviceTree(vm, o.bootargs?.[id]);
        // A trap the firmware would not have delegated; a guest with its own M-mode takes such traps itself.
        vm.cpu.monitor = { trap: (_cpu, mcause, tval) => unhandledTrap(vm, mcause, tval) };
      }
      // Bytes written into the VM's RAM behind its bus (device DMA, a debugger): the board's hart drops code there (bus.ts).
      vm.wrote = (gpa, length) => vm.guest.bus.written(gpa, length);
      vm.guest.onMarker = (event) => this.marker(vm, event);
      this.mode.attach(vm);
      return vm;
    });
    this.split = splitDriverHandlers(this);
    this.registry = createRegistry<Vm>({ handlers: builtinHandlers(this, this.split), custom: o.hypercalls });
    this.machine.attachMonitor(this);
    this.mode.configure(this.hart);
    this.current = this.vms[0];
    this.mode.enter(this.hart, this.current);
    this.showCounters(this.current);
    if (this.vms.length > 1) this.quantumEnd = clock.now() + this.quantum;
    this.programTimer();
  }

  /**
   * Run until every VM has stopped — or only `until`, when given — or
   * `maxInstructions` (all VMs together) have retired.
   */
  run(maxInstructions = Infinity, until?: Vm): RunResult {
    this.until = until;
    return this.machine.run(maxInstructions);
  }

  /** Console input for a VM: its UART (trap mode) or its paravirtual console. */
  feed(vm: Vm, bytes: Iterable<number>): void {
    if (this.mode.mode === 'trap') vm.guest.uart.feed(bytes);
    else {
      for (const b of bytes) vm.input.push(b & 0xff);
      if (vm.input.length) this.mode.inputPending(this.hart, vm, true, vm === this.current);
    }
    this.wake(vm);
  }

  /**
   * Input arrived from outside the guest, between runs: a VM idling in wfi
   * that can now take the interrupt runs again, as a hart leaves wfi. Exits
   * re-evaluate interrupts themselves; this is the one way one rises without
   * an exit (an idle trapped VM takes none, so it would otherwise sleep on).
   */
  private wake(vm: Vm): void {
    if (vm.state !== 'idle' || vm.paused || !this.mode.wakes(vm)) return;
    if (vm === this.current) {
      vm.state = this.mode.settle(this.hart, vm) ? 'idle' : 'runnable';
      if (vm.state === 'runnable') this.hart.waiting = false;
    } else if (this.hart.waiting) this.schedule(); // every VM idled: switch to this one now
    this.programTimer();
  }

  /** Put the VM's device tree where QEMU's firmware would find it (the top of its RAM) and pass it in a1. */
  private giveDeviceTree(vm: Vm, bootargs: string | undefined): void {
    const blob = vm.guest.deviceTree(bootargs);
    const bus = vm.guest.bus;
    const at = deviceTreeAddress(bus.ramBase, bus.ramSize, blob.length);
    if (!bus.writeBytes(at, blob)) throw new RangeError(`VM ${vm.id} has devices: its device tree goes at the top of its RAM, so it must boot with all its memory`);
    vm.cpu.x[11] = at | 0;
  }

  /**
   * The balloon's target for a paravirtual VM, in bytes (whole pages are
   * kept, up to its RAM): the guest hears of it by an upcall and moves its
   * reservation toward it. Host-level: it costs the guest no exit.
   */
  setBalloonTarget(vm: Vm | number, bytes: number): void {
    const v = typeof vm === 'number' ? this.vms[vm] : vm;
    if (!v) throw new RangeError(`no VM ${vm}`);
    if (this.mode.mode !== 'paravirt') throw new RangeError(`VM ${v.id} runs the unmodified kernel (trap mode): it has no balloon driver, so its memory cannot be taken back`);
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`a balloon target must be a number of bytes, not ${bytes}`);
    v.memory.target = Math.min(Math.floor(bytes / PAGE_SIZE), v.memory.p2m.frames);
    if (v.state === 'halted') return;
    announceTarget(this, this.split.find(v), v);
    this.wake(v);
  }

  /** A VM's memory in pages: its RAM, its reservation now, the target, and what is ballooned. */
  memoryOf(vm: Vm | number): { maxPages: number; pages: number; target: number; ballooned: number } {
    const r = (typeof vm === 'number' ? this.vms[vm] : vm).memory;
    return { maxPages: r.p2m.frames, pages: r.p2m.pages, target: r.target, ballooned: r.ballooned };
  }

  /** The other VMs of the board. */
  readonly vmsBeside = (vm: Vm): readonly Vm[] => this.vms.filter((v) => v !== vm);

  /** The VM running on the hart now. */
  get runningVm(): Vm {
    return this.current;
  }

  running(vm: Vm): boolean {
    return vm === this.current;
  }

  /** Guest instructions a VM has retired so far. */
  retired(vm: Vm): number {
    return vm === this.current && !this.parked ? vm.retired + this.hart.retired() - this.segmentRetired : vm.retired;
  }

  /** Guest cycles of a VM so far (instructions, traps, idle time). */
  cycles(vm: Vm): number {
    return vm === this.current && !this.parked ? vm.cycles + this.hart.cycles() - this.segmentCycles : vm.cycles;
  }

  marker(vm: Vm, event: 'begin' | 'end'): void {
    this.onMarker?.({ vm: vm.id, event, instructions: this.retired(vm), cycles: this.cycles(vm) });
  }

  yieldFrom(): void {
    this.yielding = true;
  }

  // ---- from the host (control/): pause, resume, destroy; never an exit ----

  /**
   * Pause or resume a VM from the host. A paused VM is taken off the hart
   * only when another VM can use it (alone, it stays there and the run loop
   * stops running the board), so a VM paused and resumed alone continues as
   * if nothing had happened: no exit, no time of its own, the same counts.
   */
  setPaused(vm: Vm, paused: boolean): void {
    if (vm.state === 'halted' || vm.paused === paused) return;
    vm.paused = paused;
    const cur = this.current;
    const other = this.vms.some((v) => v.state !== 'halted' && !v.paused && (v !== cur || this.parked));
    if (!this.parked && cur.paused && other) this.park(cur);
    if (this.parked && other) {
      this.yielding = true;
      this.schedule();
    } else if (!paused) this.wake(vm); // input that came while it was paused
    if (this.vms.length > 1) this.programTimer(); // a paused VM's deadline wakes no one (alone, nothing on the hart changes)
  }

  /** End a VM from the host (`pvlab ctl destroy`): its counts are final; the run ends with the last VM. */
  destroy(vm: Vm, reason = 'destroyed'): void {
    if (vm.state === 'halted') return;
    vm.paused = false;
    vm.halt(0, reason);
    if (vm === this.current && !this.parked) {
      this.yielding = true;
      this.schedule();
    } else if (this.vms.every((v) => v.state === 'halted')) this.machine.halt(0);
    this.programTimer();
  }

  // ---- the monitor seam: every trap from the guest ----------------------

  trap(hart: Hart, mcause: number, tval: number): void {
    if (this.parked) {
      // No VM is on the hart (the last one halted): only the hypervisor's own timer wakes it, to switch.
      this.deadline = -1;
      this.schedule();
      this.programTimer();
      return;
    }
    const weight = this.timing.weight(this.trace !== undefined, mcause);
    const t0 = weight === 0 ? 0 : performance.now();
    const vm = this.current;
    if (vm.state === 'idle') vm.state = 'runnable'; // it is evidently running (a paravirtual guest wakes on the hart itself)
    const c: ExitContext = { hart, vm, pc: hart.pc, effect: '', tracing: this.trace !== undefined, flush: this.flushFor };
    this.syncCounters(vm);
    vm.work.start();
    const pc = c.pc;
    const reason = this.mode.exit(c, this, mcause, tval);
    hart.pc = c.pc;
    const work = vm.work.done;
    this.workInQuantum += 1 + work;
    this.afterExit(vm);
    const ns = weight === 0 ? 0 : (performance.now() - t0) * 1e6;
    const i = EXIT[reason];
    vm.stats.counts[i]++;
    vm.stats.hostNs[i] += ns * weight;
    vm.stats.work[i] += work;
    if (this.trace) {
      const sym = symbolize(vm.program.sortedSymbols, pc);
      const effect = reason === 'hypercall' ? this.lastCall : c.effect;
      this.trace({ vm: vm.id, reason, pc, word: mcause === EXC.illegal ? tval : undefined, effect: effect + (sym ? ` [${sym}]` : ''), ns, work });
    }
  }

  /**
   * An ecall from the guest kernel: dispatch it, or continue the call it
   * made before if this is that call again (work.ts). A finished call
   * returns past the ecall; a call that did its share of the exit's work
   * leaves the guest on it, its registers untouched, to make it again.
   */
  hypercall(c: ExitContext): void {
    const vm = c.vm, x = c.hart.x;
    const pending = vm.continuation;
    const resumes = pending !== undefined && pending.pc === c.pc && pending.satp === vm.cpu.satp >>> 0 && pending.words.every((w, i) => w === x[10 + i] >>> 0);
    const record = dispatch(this.registry, vm, this.registers, resumes ? pending.progress : undefined);
    const stats = vm.stats.hypercalls;
    if (record.preempted) {
      vm.continuation = { pc: c.pc, satp: vm.cpu.satp >>> 0, words: Array.from({ length: 8 }, (_, i) => x[10 + i] >>> 0), progress: record.preempted.progress };
    } else {
      if (resumes) vm.continuation = undefined;
      stats.set(record.name, (stats.get(record.name) ?? 0) + 1);
      c.pc = (c.pc + 4) >>> 0;
    }
    if (record.nested) for (const n of record.nested) if (!n.preempted) stats.set(n.name, (stats.get(n.name) ?? 0) + 1);
    if (c.tracing) this.lastCall = formatRecord(record);
  }

  timer(c: ExitContext): void {
    this.deadline = -1; // reprogram after this exit
    if (c.tracing) c.effect = 'hypervisor timer';
  }

  // ---- after every exit: interrupts, the physical view, the timer, the schedule

  private afterExit(vm: Vm): void {
    if (vm.state !== 'halted') vm.state = this.mode.settle(this.hart, vm) ? 'idle' : 'runnable';
    if (vm.cpu.yieldRequested || this.hart.yieldRequested) {
      vm.cpu.yieldRequested = false; // a stimecmp moved
      this.deadline = -1;
    }
    this.schedule();
    this.programTimer();
  }

  private schedule(): void {
    const cur = this.current;
    if (cur.state === 'halted' && !this.parked) this.park(cur);
    const now = this.hart.clock.now();
    const rotate = this.yielding || now >= this.quantumEnd || (this.workInQuantum >= this.exitQuantum && this.vms.length > 1);
    if (cur.state === 'runnable' && !rotate && !this.parked) return;
    this.yielding = false;
    for (const vm of this.vms) if (vm.state === 'idle' && (vm !== cur || this.parked) && this.mode.wakes(vm)) vm.state = 'runnable';
    const n = this.vms.length;
    let next: Vm | undefined;
    let live = 0;
    for (let k = 1; k <= n; k++) {
      const vm = this.vms[(cur.id + k) % n];
      if (vm.state !== 'halted') live++;
      if (!next && vm.state === 'runnable' && !vm.paused) next = vm;
    }
    // A quantum shares the hart between VMs that can run; while every VM waits there is nothing to share
    // (and a quantum timer would wake the idle hart forever, so an idle board could never be seen as idle).
    this.quantumEnd = live > 1 && next ? now + this.quantum : NEVER;
    this.workInQuantum = 0;
    if (this.until?.state === 'halted') return this.machine.halt(this.until.exitCode ?? 0);
    if (!next) {
      if (live === 0) this.machine.halt(this.vms.find((v) => v.exitCode)?.exitCode ?? 0);
      else this.hart.waiting = true; // every VM waits: the hart idles until the next deadline
      return;
    }
    if (next !== cur || this.parked) {
      this.switchTo(next);
      next.state = this.mode.settle(this.hart, next) ? 'idle' : 'runnable';
    }
    this.hart.waiting = false;
  }

  /**
   * The running VM halted: its counts are final, and nothing of it stays on
   * the hart — no armed timer, no enabled interrupt, no instruction to run
   * (a halted paravirtual guest whose timer was armed kept running on it).
   */
  private park(vm: Vm): void {
    this.closeSegment(vm);
    this.mode.park(this.hart, vm);
    this.parked = true;
  }

  /** Fold the hart's counts since the VM was switched in into its own. */
  private closeSegment(vm: Vm): void {
    const h = this.hart;
    vm.retired += h.retired() - this.segmentRetired;
    vm.cycles += h.cycles() - this.segmentCycles;
    this.segmentRetired = h.retired();
    this.segmentCycles = h.cycles();
  }

  private switchTo(next: Vm): void {
    const h = this.hart;
    const cur = this.current;
    if (!this.parked) {
      this.mode.leave(h, cur);
      this.closeSegment(cur);
    }
    this.parked = false;
    this.current = next;
    this.segmentRetired = h.retired();
    this.segmentCycles = h.cycles();
    this.mode.enter(h, next);
    this.showCounters(next);
  }

  /**
   * The hart's cycle and instret, as software on it reads them, become the
   * VM's own counts: the hart's count since the switch plus the VM's before
   * it. A paravirtual guest reads them without an exit (mcounteren is open),
   * so they must never show another VM's work: that would be a side channel
   * between VMs. (Time is the board's, shared, as on any hypervisor.)
   */
  private showCounters(vm: Vm): void {
    const h = this.hart;
    h.instretOffset = BigInt.asUintN(64, BigInt(vm.retired - this.segmentRetired) + vm.cpu.instretOffset);
    h.cycleOffset = BigInt.asUintN(64, BigInt(vm.cycles - this.segmentCycles) + vm.cpu.cycleOffset);
  }

  /** The next moment the hypervisor must get the hart back: a guest timer deadline or the quantum's end. */
  private programTimer(): void {
    const now = this.hart.clock.now();
    let next = this.quantumEnd;
    for (const vm of this.vms) {
      const t = this.mode.deadline(vm, vm === this.current);
      // Deadlines from 2^63 on are "never", as the board treats its own (machine.ts).
      if (vm.state !== 'halted' && !vm.paused && t > now && t < next && t < 2 ** 63) next = t;
    }
    if (next === this.deadline) return;
    this.deadline = next;
    this.machine.clint.write(CLINT_REG.mtimecmp, 8, next >= NEVER ? 0xffff_ffff_ffff_ffffn : BigInt(next));
    this.hart.yieldRequested = true; // the batch was cut at the old deadline
  }

  // ---- snapshots (snapshot/): state as plain data, between runs -----------------

  /**
   * The hypervisor's state between runs: its schedule (which VM is on the
   * hart, its segment, the quantum, the timer it programmed) and each VM's —
   * its own (vm-state.ts), its mode's (the shadow pager's bookkeeping) and
   * its split drivers'. The board's state (the hart, the CLINT, the events)
   * and RAM (the VMs' slots and pools) are saved with the board.
   */
  saveState(): HypervisorState {
    return {
      current: this.current.id, segmentRetired: this.segmentRetired, segmentCycles: this.segmentCycles, quantumEnd: this.quantumEnd,
      workInQuantum: this.workInQuantum, yielding: this.yielding, parked: this.parked, deadline: this.deadline,
      frames: this.memory.pool.save(),
      vms: this.vms.map((vm) => ({ vm: saveVm(vm), mode: this.mode.saveVm(vm), split: this.split.find(vm)?.save() })),
    };
  }

  /** Take a saved state (the board's, and RAM, loaded apart); nothing runs and no exit is counted. */
  loadState(s: HypervisorState): void {
    if (s.vms.length !== this.vms.length || !this.vms[s.current]) throw new RangeError(`a snapshot of ${s.vms.length} VMs for a hypervisor of ${this.vms.length}`);
    this.memory.pool.load(s.frames);
    s.vms.forEach((v, i) => {
      const vm = this.vms[i];
      loadVm(vm, v.vm);
      this.mode.loadVm(vm, v.mode);
      if (v.split) this.split.state(vm).load(v.split);
    });
    this.current = this.vms[s.current];
    ({ segmentRetired: this.segmentRetired, segmentCycles: this.segmentCycles, quantumEnd: this.quantumEnd, workInQuantum: this.workInQuantum } = s);
    ({ yielding: this.yielding, parked: this.parked, deadline: this.deadline } = s);
  }

  /** The name of a VM's event owner on the board's event queue (`vm0/virtio1`, `vm1/netback`), for a snapshot. */
  eventOwnerName(owner: EventSource): string | undefined {
    for (const vm of this.vms) {
      const t = vm.guest.virtio.find((v) => v === owner);
      if (t) return `vm${vm.id}/${t.name}`;
      if (owner === this.split.find(vm)?.net) return `vm${vm.id}/netback`;
    }
    return undefined;
  }

  /** The event owner of a name, and the wrapping its work had (the VM woken after it), for a restore. */
  eventOwner(name: string): RestoredOwner | undefined {
    const m = /^vm(\d+)\/(.+)$/.exec(name);
    const vm = m ? this.vms[Number(m[1])] : undefined;
    if (!vm) return undefined;
    const source: EventSource | undefined = m![2] === 'netback' ? this.split.state(vm).net : vm.guest.virtio.find((t) => t.name === m![2]);
    return source && { source, wrap: (fn) => () => { fn(); this.wake(vm); } };
  }

  /** The vCPU's instret and cycle, for CSR reads: the VM's own counts. */
  private syncCounters(vm: Vm): void {
    vm.cpu.setRetired(this.retired(vm));
    vm.cpu.setCycles(this.cycles(vm));
  }
}

