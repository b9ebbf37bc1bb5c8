/**
 * The hypervisor: pvlab's M-mode, written in TypeScript, attached to the
 * board as its monitor. It owns the VMs, puts one at a time on the hart
 * (a world switch), takes every trap the running guest raises (an exit),
 * and schedules the VMs round-robin on its own timer.
 *
 * In `trap` mode (this file's world switch) the guest kernel runs
 * deprivileged in physical U-mode on shadow page tables, fenced by PMP to
 * its own slot; see trap-exits.ts for what each exit does.
 *
 * Time is the board's: every VM sees the same mtime, which advances with
 * the instructions retired (the guest's own, plus one per instruction the
 * hypervisor emulates for it) — never with the host clock, so a run is
 * exactly reproducible. What exits cost is modeled separately (bench/).
 */
import { Machine, type RunResult } from '../machine/machine.js';
import type { Hart, Monitor } from '../machine/hart/hart.js';
import { IRQ } from '../machine/hart/causes.js';
import { MSTATUS, PRIV } from '../machine/hart/mstatus.js';
import { CLINT_REG } from '../machine/devices/index.js';
import { symbolize } from '../machine/elf-loader.js';
import { layoutVms, napot, DEFAULT_GUEST_RAM, DEFAULT_POOL } from './layout.js';
import { Vm } from './vm.js';
import { SPACE_S, SPACE_S_SUM, SPACE_U } from './shadow-pager.js';
import { handleTrapExit, reflect, type TrapServices } from './trap-exits.js';
import { EXIT } from './exit-reasons.js';
import type { ExitContext } from './emulate.js';
import type { ExitRecord } from './exit-stats.js';
import { firmwareTrap } from './firmware.js';

export interface HypervisorOptions {
  /** One kernel image per VM. */
  readonly kernels: readonly Uint8Array[];
  /** A byte a VM wrote to its console. */
  readonly output?: (vm: number, byte: number) => void;
  /** Called for every exit, with what the hypervisor did (slows the run down: for `--trace`). */
  readonly trace?: (record: ExitRecord) => void;
  /** Guest RAM per VM (default 16 MiB). */
  readonly ramPerVm?: number;
  /** Scheduling quantum with several VMs, in mtime ticks (default 10,000 = 1 ms). */
  readonly quantum?: number;
  /** Exits a VM may take in one quantum (default 20,000). */
  readonly exitQuantum?: number;
  /** Host memory for each VM's shadow tables (default 2 MiB). */
  readonly poolPerVm?: number;
}

/**
 * Exits a VM may take in one quantum. Time advances only with retired
 * instructions, so a guest storming traps (a clobbered stvec) would hold the
 * hart forever; counting its exits ends its turn anyway.
 */
const EXIT_QUANTUM = 20_000;

const TM = 1 << 1; // mcounteren.TM: the guest reads time itself; cycle and instret are per VM, so they trap
const NEVER = 2 ** 64 - 1;

export class Hypervisor implements Monitor, TrapServices {
  readonly machine: Machine;
  readonly vms: readonly Vm[];
  private current: Vm;
  private readonly hart: Hart;
  private readonly trace: ((r: ExitRecord) => void) | undefined;
  private readonly quantum: number;
  private readonly exitQuantum: number;
  /** The running VM's segment: hart counters when it was switched in. */
  private segmentRetired = 0;
  private segmentCycles = 0;
  private quantumEnd = NEVER;
  private exitsInQuantum = 0;
  /** The mtimecmp value programmed last. */
  private deadline = -1;
  private readonly lastMxr: number[];

  constructor(o: HypervisorOptions) {
    if (o.kernels.length < 1) throw new RangeError('the hypervisor needs at least one VM');
    const { boardRam, slots } = layoutVms(o.kernels.length, o.ramPerVm ?? DEFAULT_GUEST_RAM, o.poolPerVm ?? DEFAULT_POOL);
    this.machine = new Machine({ ramSize: boardRam });
    this.hart = this.machine.hart;
    this.trace = o.trace;
    this.quantum = o.quantum ?? 10_000;
    this.exitQuantum = o.exitQuantum ?? EXIT_QUANTUM;
    const clock = this.hart.clock;
    this.vms = o.kernels.map((kernel, id) => {
      const vm = new Vm({ id, slot: slots[id], board: this.machine.bus, clock, kernel, output: (b) => o.output?.(id, b) });
      vm.cpu.monitor = { trap: (_cpu, mcause, tval) => firmwareTrap(vm, mcause, tval) };
      return vm;
    });
    this.lastMxr = this.vms.map(() => 0);
    this.machine.attachMonitor(this);
    // Nothing is delegated: every trap from the guest is an exit. The hypervisor's own timer interrupts it.
    this.hart.medeleg = 0;
    this.hart.mideleg = 0;
    this.hart.mie = 1 << IRQ.mti;
    this.current = this.vms[0];
    this.enter(this.current);
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

  private until: Vm | undefined;

  /** The VM running on the hart now. */
  get running(): Vm {
    return this.current;
  }

  /** Guest instructions a VM has retired so far. */
  retired(vm: Vm): number {
    return vm === this.current ? vm.retired + this.hart.retired() - this.segmentRetired : vm.retired;
  }

  /** Guest cycles of a VM so far (instructions, plus idle time). */
  cycles(vm: Vm): number {
    return vm === this.current ? vm.cycles + this.hart.cycles() - this.segmentCycles : vm.cycles;
  }

  // ---- the monitor seam: every trap from the guest ----------------------

  trap(hart: Hart, mcause: number, tval: number): void {
    const t0 = performance.now();
    const vm = this.current;
    const c: ExitContext = { hart, vm, pc: hart.pc, effect: '', tracing: this.trace !== undefined };
    this.syncCounters(vm);
    this.exitsInQuantum++;
    const pc = c.pc;
    const reason = handleTrapExit(c, this, mcause, tval);
    hart.pc = c.pc;
    this.afterExit(vm);
    const ns = (performance.now() - t0) * 1e6;
    const i = EXIT[reason];
    vm.stats.counts[i]++;
    vm.stats.hostNs[i] += ns;
    if (this.trace) {
      const sym = symbolize(vm.program.sortedSymbols, pc);
      this.trace({ vm: vm.id, reason, pc, word: mcause === 2 ? tval : undefined, effect: c.effect + (sym ? ` [${sym}]` : ''), ns });
    }
  }

  hypercall(c: ExitContext): void {
    // SBI convention: a0 = error, a1 = value. The catalogue-driven dispatcher answers here (hypercall-abi).
    c.hart.x[10] = -2; // SBI_ERR_NOT_SUPPORTED
    c.hart.x[11] = 0;
    c.effect = `sbi eid=0x${(c.hart.x[17] >>> 0).toString(16)} fid=${c.hart.x[16]} → not supported`;
  }

  timer(c: ExitContext): void {
    this.deadline = -1; // reprogram after this exit
    if (c.tracing) c.effect = 'hypervisor timer';
  }

  // ---- after every exit: interrupts, the physical view, the timer, the schedule

  private afterExit(vm: Vm): void {
    if (vm.state !== 'halted') {
      this.deliver(vm);
      vm.state = vm.cpu.waiting ? 'idle' : 'runnable';
      this.syncPhysical(vm);
    }
    if (vm.cpu.yieldRequested) {
      vm.cpu.yieldRequested = false; // its stimecmp moved
      this.deadline = -1;
    }
    this.schedule();
    this.programTimer();
  }

  /** Take a pending, enabled virtual interrupt, as the hart would before the next instruction. */
  private deliver(vm: Vm): void {
    const cpu = vm.cpu;
    if (cpu.waiting && (cpu.mip() & cpu.mie) !== 0) cpu.waiting = false;
    const irq = cpu.pendingInterrupt();
    if (irq < 0) return;
    cpu.waiting = false;
    const c: ExitContext = { hart: this.hart, vm, pc: this.hart.pc, effect: '', tracing: false };
    reflect(c, irq, 0);
    this.hart.pc = c.pc;
  }

  private schedule(): void {
    const cur = this.current;
    const now = this.hart.clock.now();
    const rotate = now >= this.quantumEnd || (this.exitsInQuantum >= this.exitQuantum && this.vms.length > 1);
    if (cur.state === 'runnable' && !rotate) return;
    for (const vm of this.vms) if (vm.state === 'idle' && (vm.cpu.mip() & vm.cpu.mie) !== 0) vm.state = 'runnable';
    const n = this.vms.length;
    let next: Vm | undefined;
    for (let k = 1; k <= n; k++) {
      const vm = this.vms[(cur.id + k) % n];
      if (vm.state === 'runnable') {
        next = vm;
        break;
      }
    }
    const live = this.vms.filter((v) => v.state !== 'halted').length;
    this.quantumEnd = live > 1 ? now + this.quantum : NEVER;
    this.exitsInQuantum = 0;
    if (this.until?.state === 'halted') return this.machine.halt(this.until.exitCode ?? 0);
    if (!next) {
      if (live === 0) this.machine.halt(this.vms.find((v) => v.exitCode)?.exitCode ?? 0);
      else this.hart.waiting = true; // every VM waits: the hart idles until the next deadline
      return;
    }
    if (next !== cur) {
      this.leave(cur);
      this.current = next;
      this.enter(next);
    }
    this.hart.waiting = false;
    this.deliver(next);
    this.syncPhysical(next);
  }

  /** The next moment the hypervisor must get the hart back: a guest timer deadline or the quantum's end. */
  private programTimer(): void {
    const now = this.hart.clock.now();
    let next = this.quantumEnd;
    for (const vm of this.vms) {
      const t = vm.cpu.stimecmp;
      if (vm.state !== 'halted' && t > now && t < next) next = t;
    }
    if (next === this.deadline) return;
    this.deadline = next;
    this.machine.clint.write(CLINT_REG.mtimecmp, 8, next >= NEVER ? 0xffff_ffff_ffff_ffffn : BigInt(next));
    this.hart.yieldRequested = true; // the batch was cut at the old deadline
  }

  // ---- the world switch ---------------------------------------------------

  /** Put a VM on the hart: its registers, PMP fence, shadow tables, counters. */
  private enter(vm: Vm): void {
    const h = this.hart;
    h.x.set(vm.cpu.x.subarray(1, 32), 1);
    h.pc = vm.cpu.pc;
    // PMP (§3.7): entry 0 = the VM's RAM, R W X; entry 1 = its shadow pool, R (for the hart's page walks only).
    h.pmp.writeAddr(0, napot(vm.slot.ramHost, vm.slot.ramSize));
    h.pmp.writeAddr(1, napot(vm.slot.poolHost, vm.slot.poolSize));
    h.pmp.writeCfg(0, 0x1f | (0x19 << 8));
    h.pmpChanged();
    h.setMstatus(h.mstatus & ~(MSTATUS.SUM | MSTATUS.MXR | MSTATUS.MPRV));
    h.setPriv(PRIV.U);
    this.segmentRetired = h.retired();
    this.segmentCycles = h.cycles();
    this.syncPhysical(vm);
  }

  /** Take a VM off the hart, keeping its registers and counts. */
  private leave(vm: Vm): void {
    const h = this.hart;
    vm.cpu.x.set(h.x.subarray(1, 32), 1);
    vm.cpu.pc = h.pc;
    vm.retired += h.retired() - this.segmentRetired;
    vm.cycles += h.cycles() - this.segmentCycles;
    this.segmentRetired = h.retired();
    this.segmentCycles = h.cycles();
  }

  /** Make the hart's satp and counter access match the guest's virtual mode. */
  private syncPhysical(vm: Vm): void {
    const cpu = vm.cpu;
    const h = this.hart;
    const user = cpu.priv === PRIV.U;
    const mxr = cpu.mstatus & MSTATUS.MXR;
    if (mxr !== this.lastMxr[vm.id]) {
      this.lastMxr[vm.id] = mxr;
      vm.pager.flushAll();
      h.mmu.flush();
    }
    const satp = vm.pager.select(cpu.satp, user ? SPACE_U : cpu.mstatus & MSTATUS.SUM ? SPACE_S_SUM : SPACE_S);
    if (satp !== h.satp >>> 0) h.setSatp(satp);
    h.mcounteren = user ? cpu.scounteren & TM : TM;
  }

  /** The vCPU's instret and cycle, for CSR reads: the VM's own counts. */
  private syncCounters(vm: Vm): void {
    const retired = vm.retired + this.hart.retired() - this.segmentRetired;
    const cycles = vm.cycles + this.hart.cycles() - this.segmentCycles;
    vm.cpu.setRetired(retired);
    vm.cpu.setCycles(cycles);
  }
}
