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
import { bareReset, type FirmwareKind } from './guest-firmware.js';
import { ExitStats } from './exit-stats.js';
import type { VmSlot } from './layout.js';
import { PRIV } from '@pvlab/assembler';
import { LOAD, STORE } from '../machine/hart/mmu.js';
import type { GuestMemory, HypercallTarget } from '@pvlab/hypercall-abi';
import { ExitWork } from './work.js';
import { P2mBus } from './memory/guest-bus.js';
import type { Reservation } from './memory/reservation.js';
import type { IsaName, VirtioSlots } from '../machine/board.js';
import type { Scheduler } from '../machine/devices/index.js';
import type { BlockBackend } from '../machine/devices/virtio/block-backend.js';
import type { NetBackend } from '../machine/devices/virtio/net-backend.js';

/** A network card for the paravirtual split driver's back end (netif): its wire and its MAC. */
export interface PvNic {
  readonly backend: NetBackend;
  readonly mac: Uint8Array;
}

/**
 * A hypercall that did its share of an exit's work and will be continued
 * (work.ts): the guest makes the same call again — the same `ecall`, the
 * same argument registers, the same address space — and it resumes here.
 */
export interface Continuation {
  readonly pc: number;
  readonly satp: number;
  /** a0..a7 as they were. */
  readonly words: readonly number[];
  readonly progress: unknown;
}

export type VmState = 'runnable' | 'idle' | 'halted';

export interface VmOptions {
  readonly id: number;
  readonly slot: VmSlot;
  /** Its reservation: the p2m from its guest frames to the board's machine frames, and the balloon's target (memory/). */
  readonly memory: Reservation;
  /** The host board's bus (the VM's RAM and pool are windows of it). */
  readonly board: Bus;
  readonly clock: HartClock & { now(): number };
  readonly kernel: Uint8Array;
  /** Bytes the guest writes to its console. */
  readonly output: (byte: number) => void;
  /** The VM's virtio-mmio slots (trap mode emulates them on its own models); none by default. */
  readonly virtio?: VirtioSlots;
  /** Device work in virtual time (the host board's events). */
  readonly scheduler?: Scheduler;
  /** After each piece of the VM's device work (an interrupt may wake it). */
  readonly deviceWorked?: () => void;
  /** The VM's disk for the paravirtual split driver's back end (blkif); none by default. */
  readonly disk?: BlockBackend;
  /** The VM's network card for the paravirtual split driver's back end (netif); none by default. */
  readonly nic?: PvNic;
  /** Whose M-mode: the hypervisor's (`builtin`, the default: the kernel starts in S) or the image's own (`guest`: it starts at the reset ROM). */
  readonly firmware?: FirmwareKind;
  /** With `guest` firmware: the guest's PMP entries (0..16, default 16) and its device tree's bootargs. */
  readonly pmp?: number;
  readonly bootargs?: string;
  /** With `guest` firmware: a firmware the reset ROM enters, `kernel` loaded beside it (default: none, the reset ROM enters `kernel`). */
  readonly firmwareImage?: Uint8Array;
  /** The hart's ISA, for the device tree (default rv32imac). */
  readonly isa?: IsaName;
}

export class Vm implements HypercallTarget {
  readonly id: number;
  readonly slot: VmSlot;
  /** Its reservation: the p2m and the balloon's target (memory/). */
  readonly memory: Reservation;
  readonly guest: GuestBoard;
  /** The vCPU: the guest's architectural state (see vcpu.ts). */
  readonly cpu: Hart;
  /** The host board's bus (for the shadow tables in the VM's pool). */
  readonly board: Bus;
  readonly stats = new ExitStats();
  readonly program: LoadedProgram;
  /** Whose M-mode the guest runs under (guest-firmware.ts). */
  readonly firmware: FirmwareKind;
  state: VmState = 'runnable';
  /**
   * Paused from the host (`pvlab ctl pause`, control/): not scheduled, retiring
   * nothing, its timer not armed — and nothing of it changes: pausing is no exit
   * and moves no guest time of its own (a VM alone on the board sees none pass).
   */
  paused = false;
  /** Set when the guest shut down: its exit code (0 = pass). */
  exitCode: number | undefined;
  /** Why the VM stopped, when the hypervisor stopped it (a fault the firmware would have reported). */
  stopReason: string | undefined;
  /** Guest instructions retired while the VM ran (its own count, across world switches). */
  retired = 0;
  /** Guest cycles, likewise (instructions, plus idle time while it alone waited). */
  cycles = 0;
  /** The running exit's work meter (work.ts): handlers charge it, batches stop when it is spent. */
  readonly work = new ExitWork();
  /** The disk its split driver's back end serves (paravirtual), if it has one. */
  readonly disk: BlockBackend | undefined;
  /** The network card its split driver's back end serves (paravirtual), if it has one. */
  readonly nic: PvNic | undefined;
  /** Device work in the board's virtual time; the VM may wake after each piece. */
  readonly deviceWork: Scheduler;
  /** A call to continue when the guest makes it again (one at a time: a newer one takes its place). */
  continuation: Continuation | undefined;

  /** The VM has shut down (a batch stops there). */
  get stopped(): boolean {
    return this.state === 'halted';
  }

  constructor(o: VmOptions) {
    this.id = o.id;
    this.slot = o.slot;
    this.memory = o.memory;
    this.disk = o.disk;
    this.nic = o.nic;
    const scheduler = o.scheduler;
    this.deviceWork = {
      after: (delay, fn, tag) => {
        if (!scheduler) throw new Error(`VM ${o.id} has no device work`);
        scheduler.after(delay, () => { fn(); o.deviceWorked?.(); }, tag);
      },
    };
    // Its home window of the board's RAM; a VM without one (a smaller board) reaches its frames only through its p2m.
    const ram = o.slot.ramHost < 0 ? new Uint8Array(o.slot.ramSize) : o.board.u8.subarray(o.slot.ramHost - o.board.ramBase, o.slot.ramHost - o.board.ramBase + o.slot.ramSize);
    let cpu: Hart | undefined;
    this.guest = new GuestBoard({
      ram,
      bus: new P2mBus(o.slot.ramSize, ram, o.memory.p2m, o.board),
      ramSize: o.slot.ramSize,
      clock: { now: () => BigInt(o.clock.now()) },
      interrupt: (bit, level) => cpu?.setHwInterrupt(bit, level),
      output: o.output,
      shutdown: (code) => this.halt(code),
      // A guest that starts at the reset ROM is on the bare board, whose eight virtio-mmio slots are always there.
      virtio: o.virtio ?? (o.firmware === 'guest' ? { modern: false, devices: [] } : undefined),
      isa: o.isa,
      scheduler: o.scheduler,
      deviceWorked: o.deviceWorked,
      dmaWrote: (gpa, n) => this.wrote?.(gpa, n),
    });
    this.firmware = o.firmware ?? 'builtin';
    if (this.firmware === 'guest') {
      const reset = bareReset(this.guest, o.kernel, { clock: o.clock, pmp: o.pmp ?? 16, bootargs: o.bootargs, output: o.output, shutdown: (code) => this.halt(code), firmware: o.firmwareImage });
      this.program = reset.program;
      this.cpu = cpu = reset.cpu;
    } else {
      this.program = loadElf(this.guest.bus, o.kernel);
      this.cpu = cpu = createVcpu(this.guest.bus, o.clock, this.program.entry);
    }
    this.board = o.board;
    this.output = o.output;
    (this.guestMemory as { ram: { base: number; size: number } }).ram = { base: this.guest.bus.ramBase, size: o.slot.ramSize };
  }

  /** The guest shut down (finisher) or was stopped. */
  halt(code: number, reason?: string): void {
    if (this.state === 'halted') return;
    this.state = 'halted';
    this.exitCode = code;
    this.stopReason = reason;
  }

  /** Console input for the paravirtual console (console_read), oldest first. */
  readonly input: number[] = [];
  /** Bytes the guest writes to its console (UART or hypercall). */
  readonly output: (byte: number) => void;

  /**
   * The VM's memory as the hypercall dispatcher sees it: guest pointers are
   * translated by the vCPU's MMU — the guest's own page tables, with its
   * S-mode permissions and SUM — and only this VM's RAM is ever touched.
   */
  readonly guestMemory: GuestMemory = {
    ram: { base: 0, size: 0 },
    translate: (va, access, length) => {
      // The vCPU's TLB first: a batch or a buffer the guest passes again and again is on a page it holds
      // (a walk for every call: the pointer check was a third of a page fault's mmu_update dispatch, profiled).
      const kind = access === 'write' ? STORE : LOAD, mmu = this.cpu.mmu;
      let gpa = mmu.cached(va | 0, length, kind, PRIV.S);
      if (gpa < 0) gpa = mmu.translate(va >>> 0, length, kind, PRIV.S);
      if (gpa < 0) {
        this.cpu.excCause = -1;
        return undefined;
      }
      // The guest's own tables may still map a frame it handed back (its kernel's megapages): that frame holds nothing.
      if (!this.memory.p2m.identity && !this.memory.p2m.hasRange(gpa, length)) return undefined;
      return gpa;
    },
    read: (gpa, length) => this.bus.readBytes(gpa, length),
    write: (gpa, bytes) => {
      this.guest.bus.writeBytes(gpa, bytes); // the one path into RAM: code the guest ran there is dropped (bus.ts)
      this.wrote?.(gpa, bytes.length);
    },
    // Batch entries word by word, without a copy (the dispatcher asks only for aligned words inside RAM).
    readWord: (gpa) => this.bus.readWord(gpa),
    writeWord: (gpa, value) => void this.guest.bus.write(gpa, 4, value), // through the bus, as writeBytes: it tells the board
  };

  /** Its guest-physical bus, through its p2m (memory/guest-bus.ts). */
  get bus(): P2mBus {
    return this.guest.bus as P2mBus;
  }

  /** Told of every write the hypervisor makes into guest RAM (the hart drops decoded code there). */
  wrote: ((gpa: number, length: number) => void) | undefined;
}
