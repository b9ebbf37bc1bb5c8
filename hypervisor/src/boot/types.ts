/**
 * The boot API's types, shared by every mode's runner.
 */
import type { VirtioSlots } from '../machine/board.js';
import type { BlockBackend } from '../machine/devices/virtio/block-backend.js';
import type { Machine, RunResult } from '../machine/machine.js';
import type { Hypervisor } from '../vmm/hypervisor.js';
import type { FirmwareKind } from '../vmm/guest-firmware.js';
import type { PvNic } from '../vmm/vm.js';
import type { HypercallSource } from '@pvlab/hypercall-abi';
import type { ExitRecord, ExitStats } from '../vmm/exit-stats.js';
import type { BenchMarker, BenchRegion, BootSession } from './session.js';
import type { ListTail } from './tail.js';
import type { BalloonTarget } from './balloon-schedule.js';

export type { BalloonTarget } from './balloon-schedule.js';

/** How the kernel runs: see BOOT_MODES. */
export type BootMode = 'native' | 'trap' | 'paravirt';

/** Options of {@link boot}. */
export interface BootOptions {
  /** Default 'native'. */
  readonly mode?: BootMode;
  /** The M-mode firmware ELF (native boot; trap with `firmwareMode: 'guest'`). */
  readonly firmware?: Uint8Array;
  /**
   * Under trap and emulate, whose M-mode the kernel runs under: `builtin`
   * (the default: the hypervisor is the firmware, the kernel starts in
   * S-mode as KVM guests start) or `guest`: `firmware` runs virtualized in
   * the VM's own M-mode, started by the reset ROM, and enters the kernel
   * itself, as on the bare board.
   */
  readonly firmwareMode?: FirmwareKind;
  /** Console input, fed to the UART before the run (a scripted session). */
  readonly script?: string | Uint8Array;
  /** Stop after this many instructions (default: no limit). */
  readonly maxInstructions?: number;
  /**
   * RAM in bytes: the board's natively (default 128 MiB), each VM's under the hypervisor (a power of
   * two; default 16 MiB). pvlab's kernel needs the RAM up to its RAM_END.
   */
  readonly memory?: number;
  /**
   * The board's RAM for the VMs' frames (paravirt; default: every VM's
   * `memory`). Less overcommits: the VMs must boot smaller (`balloon`
   * targets without `at`) and balloon. Whole 4 MiB megapages. Trap mode
   * refuses it: the unmodified kernel has no balloon driver.
   */
  readonly memoryTotal?: number;
  /**
   * Balloon targets (paravirt): a VM's memory at boot (`at` left out: the
   * rest of its RAM is ballooned from the start), or its target from the
   * moment the VMs together have retired `at` instructions (or the board
   * went idle before).
   */
  readonly balloon?: readonly BalloonTarget[];
  /** Each byte the guest writes to its console, as it is written. */
  readonly onOutput?: (byte: number) => void;
  /** Each benchmark marker, as it is reached. */
  readonly onMarker?: (marker: BenchMarker) => void;
  /** VMs side by side, each running the kernel (trap and paravirt; default 1). */
  readonly vms?: number;
  /** Each byte any VM writes to its console (several VMs). */
  readonly onGuestOutput?: (vm: number, byte: number) => void;
  /** Each exit, with what the hypervisor did (`--trace`; trap and paravirt). */
  readonly onExit?: (exit: ExitRecord) => void;
  /** Users' hypercall extensions (`--hypercalls FILE`). */
  readonly hypercalls?: readonly HypercallSource[];
  /**
   * Console bytes each transcript keeps (default 1 MiB): the last ones. A
   * guest may print without end; what must be kept whole goes to a sink
   * (`onOutput`, `onGuestOutput`) as it is printed.
   */
  readonly transcriptLimit?: number;
  /**
   * Virtio devices (a disk, a network card), fresh ones for each VM (by
   * index; VM 0 natively). With devices, the kernel is given a device tree
   * that lists them, as on QEMU: natively the board's reset ROM passes it,
   * under the hypervisor the VM's firmware state does. None by default.
   */
  readonly devices?: (vm: number) => VirtioSlots | undefined;
  /**
   * The device tree's `chosen/bootargs` (the kernel's network addresses), with
   * `devices` or `nics`: one for every VM, or each VM's own (by index; VM 0 natively).
   */
  readonly bootargs?: string | ((vm: number) => string | undefined);
  /**
   * A disk for each VM's paravirtual split driver (by index; paravirt mode
   * only): the hypervisor's blkif back end serves the guest's request ring
   * against it — the board's block backend, with no virtio transport and no
   * device tree. None by default.
   */
  readonly disks?: (vm: number) => BlockBackend | undefined;
  /**
   * A network card for each VM's paravirtual split driver (by index;
   * paravirt mode only): the hypervisor's netif back end serves the guest's
   * rings against its backend (the echo peer, a switch port, a socket), with
   * no virtio transport. Such a VM gets a device tree without devices, for
   * `bootargs`. None by default.
   */
  readonly nics?: (vm: number) => PvNic | undefined;
  /**
   * Idle time passes at the host's pace (a device's input arrives in host
   * time: a network socket): a run whose guest waits stops `idle`, and the
   * caller lets host time pass (`BootHandle.idle`) before the next slice.
   */
  readonly realTimeIdle?: boolean;
}

/** VM `vm`'s kernel command line. */
export function bootargsOf(options: ResolvedBootOptions, vm: number): string | undefined {
  return typeof options.bootargs === 'function' ? options.bootargs(vm) : options.bootargs;
}

/** One VM's part of a hypervised run. */
export interface GuestRun {
  readonly vm: number;
  /** What it printed: all of it, or the last `transcriptLimit` bytes. */
  readonly transcript: string;
  /** Bytes it printed in all. */
  readonly outputBytes: number;
  readonly instructions: number;
  readonly exitCode: number | undefined;
  readonly stats: ExitStats;
  readonly regions: readonly BenchRegion[];
  /** Exits inside each measured region, in order (the last MARKERS_KEPT / 2). */
  readonly regionExits: readonly ExitStats[];
}

/** Options after defaults. */
export interface ResolvedBootOptions extends Omit<BootOptions, 'mode' | 'maxInstructions'> {
  readonly mode: BootMode;
  readonly maxInstructions: number;
  /**
   * A restore (snapshot/): called once the boot is built, before anything
   * runs, with what holds its state, to put a snapshot's state on it.
   */
  readonly resume?: (parts: BootParts) => void;
}

/** What holds a boot's state: the board, the hypervisor (trap and paravirt), each VM's session. */
export interface BootParts {
  readonly machine: Machine;
  readonly hypervisor?: Hypervisor;
  readonly sessions: readonly BootSession[];
  readonly regionExits?: RegionExits;
}

/** Exits inside each VM's measured regions (trap and paravirt): the stats at an open `begin`, and the regions' exits so far. */
export interface RegionExits {
  readonly opened: (ExitStats | undefined)[];
  readonly regionExits: readonly ListTail<ExitStats>[];
}

/** Options of `BootHandle.snapshot`. */
export interface SnapshotOptions {
  /** Include the board's RAM (default true); without it, `restoreBoot` needs the RAM given (`RestoreOptions.ram`): a caller that moves RAM itself. */
  readonly ram?: boolean;
}

/** Options of `restoreBoot`: where the restored run's output goes, and disks in memory given again. */
export interface RestoreOptions extends Pick<BootOptions, 'onOutput' | 'onMarker' | 'onGuestOutput' | 'onExit' | 'transcriptLimit' | 'realTimeIdle'> {
  /**
   * The disk in virtio slot `slot` of VM `vm` (0 natively; slot -1: the VM's
   * paravirtual split-driver disk), when it was a disk in memory; it is
   * checked against the snapshot's hash. An image file is reopened and checked.
   */
  readonly disk?: (vm: number, slot: number) => BlockBackend | undefined;
  /** The board's whole RAM (`machine.bus.ramSize` bytes), for a snapshot taken without it (`SnapshotOptions.ram` false). */
  readonly ram?: Uint8Array;
}

/**
 * Why a boot ended: the kernel shut the machine down; the instruction budget
 * ran out; or the machine went idle with nothing left that could wake it
 * (every process waits for console input and the script is used up).
 */
export type BootStop = 'shutdown' | 'budget' | 'idle';

/** How the board's stop kinds read as a boot's: a guest that shut down, a budget spent, or nothing left to run. */
export const BOOT_STOPS: Readonly<Record<RunResult['stop'], BootStop>> = Object.freeze({ finisher: 'shutdown', htif: 'shutdown', monitor: 'shutdown', budget: 'budget', deadlock: 'idle', idle: 'idle' });

/** What a boot did. */
export interface BootRun {
  readonly mode: BootMode;
  readonly stop: BootStop;
  /** The finisher's exit code on shutdown (0 = pass). */
  readonly exitCode: number | undefined;
  readonly instructions: number;
  readonly cycles: number;
  /** What the guest printed: everything, or its last `transcriptLimit` bytes when it printed more. */
  readonly transcript: string;
  /** Bytes the guest printed in all (`transcript.length` unless it printed more than the limit). */
  readonly outputBytes: number;
  /** The markers reached (the last MARKERS_KEPT). */
  readonly markers: readonly BenchMarker[];
  /** Begin/end marker pairs: the workloads' measured regions. */
  readonly regions: readonly BenchRegion[];
  /** The pc where the run stopped. */
  readonly pc: number;
  /** The kernel's symbols, sorted by address, to name `pc`. */
  readonly symbols: readonly (readonly [number, string])[];
  /** The board, for statistics (trap counts, …). */
  readonly machine: Machine;
  /** VM 0's exits (trap and paravirt). */
  readonly exits?: ExitStats;
  /** VM 0's exits inside each measured region (trap and paravirt), in the order of `regions`. */
  readonly regionExits?: readonly ExitStats[];
  /** Every VM (trap and paravirt). */
  readonly guests?: readonly GuestRun[];
}

/** How a slice of a run ended (see {@link BootHandle.run}). */
export interface BootSlice {
  readonly stop: BootStop;
  /** Instructions retired in this slice. */
  readonly instructions: number;
}

/**
 * A booted machine, for running in slices (an interactive terminal feeds
 * keystrokes between them): `run` until shutdown, the budget, or idle.
 */
export interface BootHandle {
  run(maxInstructions: number): BootSlice;
  /**
   * One step of the run — an instruction, an interrupt taken, or idle time
   * (Machine.step) — for a debugger, which looks between steps. Steps and
   * runs mix freely: they are the same run.
   */
  step(): BootSlice;
  /** The board the kernel runs on, for a debugger. */
  readonly machine: Machine;
  /** The hypervisor (trap and paravirt), for a debugger. */
  readonly hypervisor?: Hypervisor;
  /** Bytes typed into the guest's console. */
  feed(bytes: Iterable<number>): void;
  /** After an `idle` stop with `realTimeIdle`: `cycles` of idle time pass on the board (Machine.idle). */
  idle(cycles: number): void;
  /** Everything so far, as a BootRun. */
  result(): BootRun;
  /**
   * The whole boot as a snapshot file (`restoreBoot` continues it), between
   * runs; `pvlab` names the pvlab that wrote it. Throws SnapshotError for a
   * boot a snapshot cannot hold (a network card on a socket).
   */
  snapshot(pvlab: string, options?: SnapshotOptions): Uint8Array;
}

/** A mode's runner: load `kernel`, ready to run (the script already fed). */
export type BootRunner = (kernel: Uint8Array, options: ResolvedBootOptions) => BootHandle;
