/**
 * A virtual machine: its slot of host memory, its guest-physical board
 * (RAM and devices), its vCPU, its shadow page tables and its exit
 * statistics. A VM never holds a reference to another VM, and every access
 * the hypervisor makes on its behalf goes through its own guest board, so
 * nothing a guest does can reach another VM's memory.
 */
import type { Bus } from '../machine/bus.js';
import type { Hart, HartClock } from '../machine/hart/hart.js';
import { loadElf, type LoadedProgram } from '../machine/elf-loader.js';
import { GuestBoard } from './guest-board.js';
import { createVcpu } from './vcpu.js';
import { ShadowPager } from './shadow-pager.js';
import { ExitStats } from './exit-stats.js';
import type { VmSlot } from './layout.js';

export type VmState = 'runnable' | 'idle' | 'halted';

export interface VmOptions {
  readonly id: number;
  readonly slot: VmSlot;
  /** The host board's bus (the VM's RAM and pool are windows of it). */
  readonly board: Bus;
  readonly clock: HartClock & { now(): number };
  readonly kernel: Uint8Array;
  /** Bytes the guest writes to its console. */
  readonly output: (byte: number) => void;
}

export class Vm {
  readonly id: number;
  readonly slot: VmSlot;
  readonly guest: GuestBoard;
  /** The vCPU: the guest's architectural state (see vcpu.ts). */
  readonly cpu: Hart;
  readonly pager: ShadowPager;
  readonly stats = new ExitStats();
  readonly program: LoadedProgram;
  state: VmState = 'runnable';
  /** Set when the guest shut down: its exit code (0 = pass). */
  exitCode: number | undefined;
  /** Why the VM stopped, when the hypervisor stopped it (a fault the firmware would have reported). */
  stopReason: string | undefined;
  /** Guest instructions retired while the VM ran (its own count, across world switches). */
  retired = 0;
  /** Guest cycles, likewise (instructions, plus idle time while it alone waited). */
  cycles = 0;

  constructor(o: VmOptions) {
    this.id = o.id;
    this.slot = o.slot;
    const ram = o.board.u8.subarray(o.slot.ramHost - o.board.ramBase, o.slot.ramHost - o.board.ramBase + o.slot.ramSize);
    let cpu: Hart | undefined;
    this.guest = new GuestBoard({
      ram,
      ramSize: o.slot.ramSize,
      clock: { now: () => BigInt(o.clock.now()) },
      interrupt: (bit, level) => cpu?.setHwInterrupt(bit, level),
      output: o.output,
      shutdown: (code) => this.halt(code),
    });
    this.program = loadElf(this.guest.bus, o.kernel);
    this.cpu = cpu = createVcpu(this.guest.bus, o.clock, this.program.entry);
    this.pager = new ShadowPager(o.board, o.slot.poolHost, o.slot.poolSize);
  }

  /** The guest shut down (finisher) or was stopped. */
  halt(code: number, reason?: string): void {
    if (this.state === 'halted') return;
    this.state = 'halted';
    this.exitCode = code;
    this.stopReason = reason;
  }

  /** Queue console input (it raises the guest's UART receive interrupt). */
  feed(bytes: Iterable<number>): void {
    this.guest.uart.feed(bytes);
  }
}
