/**
 * The control plane's side of a running boot: it answers control requests
 * (protocol.ts) against the boot's VMs — list them, pause, resume, destroy —
 * and hands `snapshot`, `balloon` and `migrate` to the services the caller
 * gives it (each lives in its own room: snapshot/, the balloon's memory
 * code, migration/), answering "not available" for one it was not given.
 *
 * Pausing is host-level. The run loop asks `runnable` before each slice and
 * runs nothing while every VM that is left is paused; the hypervisor takes a
 * paused VM off the hart only when another VM can use it (Hypervisor.setPaused).
 * A VM paused alone and resumed continues exactly as if it never stopped:
 * no exit, no guest time, the same counts — a native boot likewise (its
 * board simply does not run).
 */
import type { BootHandle, BootMode } from '../boot/types.js';
import type { Vm } from '../vmm/vm.js';
import { CONTROL_COMMANDS, type ControlCommandName } from './commands.js';
import { ControlRequestError, errorReply, type ControlReply, type ControlRequest } from './protocol.js';

/** A VM's state as the control plane shows it. */
export type VmRunState = 'running' | 'paused' | 'halted';

/** One VM, as `list` shows it. */
export interface VmRow {
  readonly vm: number;
  readonly mode: BootMode;
  readonly state: VmRunState;
  readonly instructions: number;
  /** Exits and hypercalls so far (null natively: there is no hypervisor). */
  readonly exits: number | null;
  readonly hypercalls: number | null;
  /** The VM's RAM, in bytes. */
  readonly memory: number;
  /** Set when it halted: the guest's exit code (a destroyed VM's is 0). */
  readonly exitCode: number | null;
  /** Why the host stopped it, when it did (`destroyed`, `migrated to 127.0.0.1:7421`). */
  readonly reason?: string;
}

/** The operations that live in other rooms; a missing one is answered "not available". */
export interface ControlServices {
  /** Write VM `vm`'s whole state to `file` (snapshot/). */
  snapshot?(vm: number, file: string): Promise<Record<string, unknown>>;
  /** Set VM `vm`'s balloon target to `bytes`. */
  balloon?(vm: number, bytes: number): Promise<Record<string, unknown>>;
  /** Live-migrate VM `vm` to the receiver at `to` (migration/). */
  migrate?(vm: number, to: string): Promise<Record<string, unknown>>;
}

/** Why a service is missing, by command: said in the error reply. */
const UNAVAILABLE: Partial<Record<ControlCommandName, string>> = {
  snapshot: 'snapshots are not available in this pvlab',
  balloon: 'no balloon here: a native boot has no hypervisor to give memory back to',
  migrate: 'live migration is not available here',
};

export class VmController {
  /** Natively there is one "VM", the board itself. */
  private nativePaused = false;
  private nativeEnded: string | undefined;
  /** VMs with an operation in progress (a migration, a snapshot being written): other requests on them wait. */
  private readonly busy = new Map<number, ControlCommandName>();
  /** VMs the host ended, and why. */
  private readonly stoppedByHost = new Map<number, string>();

  constructor(readonly handle: BootHandle, readonly mode: BootMode, private services: ControlServices = {}) {}

  /** Hand the controller its services (they may need the controller itself: a migration pauses through it). */
  provide(services: ControlServices): void {
    this.services = services;
  }

  /** How many VMs the boot has. */
  get count(): number {
    return this.handle.hypervisor?.vms.length ?? 1;
  }

  /** Whether the board should run now: some VM left that is not paused. */
  get runnable(): boolean {
    const hv = this.handle.hypervisor;
    if (!hv) return !this.nativePaused && this.nativeEnded === undefined;
    return hv.vms.some((v) => v.state !== 'halted' && !v.paused);
  }

  /** Some VM that is left is paused (a run whose other VMs idle waits for it to be resumed). */
  get holding(): boolean {
    const hv = this.handle.hypervisor;
    return hv ? hv.vms.some((v) => v.state !== 'halted' && v.paused) : this.nativePaused && this.nativeEnded === undefined;
  }

  /**
   * Whether the run must hold now (every VM left is paused, and some is left):
   * `rest` is told, for a run that paces idle time on the host's clock.
   */
  held(rest?: () => void): boolean {
    const h = !this.runnable && !this.ended;
    if (h) rest?.();
    return h;
  }

  /** One line for each VM the host stopped (`VM 0 destroyed`, `VM 0 migrated to …`), for the end of a run. */
  farewells(): string[] {
    return [...this.stoppedByHost].map(([vm, reason]) => `VM ${vm} ${reason}`);
  }

  /** Every VM has halted or was destroyed. */
  get ended(): boolean {
    const hv = this.handle.hypervisor;
    return hv ? hv.vms.every((v) => v.state === 'halted') : this.nativeEnded !== undefined;
  }

  /** An operation is in progress (the run must not end under it, even when its guest idles). */
  get working(): boolean {
    return this.busy.size > 0;
  }

  /** Every VM's row. */
  list(): VmRow[] {
    const h = this.handle, hv = h.hypervisor;
    if (!hv) {
      return [{
        vm: 0, mode: this.mode, state: this.nativeEnded !== undefined || h.machine.hart.halted ? 'halted' : this.nativePaused ? 'paused' : 'running',
        instructions: h.machine.hart.retired(), exits: null, hypercalls: null, memory: h.machine.bus.ramSize, exitCode: this.nativeEnded !== undefined ? 0 : null,
        ...(this.nativeEnded ? { reason: this.nativeEnded } : {}),
      }];
    }
    return hv.vms.map((v) => ({
      vm: v.id, mode: this.mode, state: v.state === 'halted' ? 'halted' : v.paused ? 'paused' : 'running',
      instructions: hv.retired(v), exits: v.stats.total, hypercalls: [...v.stats.hypercalls.values()].reduce((a, b) => a + b, 0),
      memory: v.slot.ramSize, exitCode: v.exitCode ?? null, ...(v.stopReason ? { reason: v.stopReason } : {}),
    }));
  }

  /** Pause VM `vm` (host-level). */
  pause(vm: number): VmRow {
    this.setPaused(vm, true);
    return this.row(vm);
  }

  /** Resume VM `vm`. */
  resume(vm: number): VmRow {
    this.setPaused(vm, false);
    return this.row(vm);
  }

  /** End VM `vm` now (`reason` is shown by `list`): its counts are final. */
  destroy(vm: number, reason = 'destroyed'): VmRow {
    if (this.row(vm).state !== 'halted') this.stoppedByHost.set(vm, reason);
    const v = this.vmOf(vm);
    if (v) this.handle.hypervisor!.destroy(v, reason);
    else if (this.nativeEnded === undefined) {
      this.nativeEnded = reason;
      this.handle.machine.halt(0);
    }
    return this.row(vm);
  }

  /** Carry out a checked request; every failure is an error reply. */
  async execute(req: ControlRequest): Promise<ControlReply> {
    try {
      if (req.command === 'list') return { ok: true, command: 'list', vms: this.list() };
      const vm = req.vm!;
      this.row(vm); // the VM exists
      const doing = this.busy.get(vm);
      if (doing) throw new ControlRequestError(`${req.command}: VM ${vm} is busy (${doing} in progress)`);
      switch (req.command) {
        case 'pause': return { ok: true, command: 'pause', ...this.pause(vm) };
        case 'resume': return { ok: true, command: 'resume', ...this.resume(vm) };
        case 'destroy': return { ok: true, command: 'destroy', ...this.destroy(vm) };
        case 'snapshot': return await this.service(req.command, vm, (s) => s.snapshot?.(vm, req.file!));
        case 'balloon': return await this.service(req.command, vm, (s) => s.balloon?.(vm, req.size!));
        case 'migrate': return await this.service(req.command, vm, (s) => s.migrate?.(vm, req.to!));
      }
    } catch (e) {
      if (e instanceof ControlRequestError) return errorReply(e.message);
      return errorReply(`${req.command}: ${(e as Error).message ?? String(e)}`);
    }
  }

  /** Run a service's operation on `vm`, one at a time per VM. */
  private async service(command: ControlCommandName, vm: number, call: (s: ControlServices) => Promise<Record<string, unknown>> | undefined): Promise<ControlReply> {
    if (this.row(vm).state === 'halted') throw new ControlRequestError(`${command}: VM ${vm} has halted`);
    const running = call(this.services);
    if (!running) throw new ControlRequestError(`${command}: ${UNAVAILABLE[command] ?? 'not available'}`);
    this.busy.set(vm, command);
    try {
      return { ok: true, command, vm, ...(await running) };
    } finally {
      this.busy.delete(vm);
    }
  }

  private setPaused(vm: number, paused: boolean): void {
    const row = this.row(vm);
    const verb = paused ? 'pause' : 'resume';
    if (row.state === 'halted') throw new ControlRequestError(`${verb}: VM ${vm} has halted`);
    const v = this.vmOf(vm);
    if (v) this.handle.hypervisor!.setPaused(v, paused);
    else this.nativePaused = paused;
  }

  /** VM `vm`'s row; an error for a VM that does not exist. */
  private row(vm: number): VmRow {
    const rows = this.list();
    const r = rows[vm];
    if (!r) throw new ControlRequestError(`no VM ${vm} (VMs: ${rows.map((x) => x.vm).join(', ')})`);
    return r;
  }

  private vmOf(vm: number): Vm | undefined {
    return this.handle.hypervisor?.vms[vm];
  }
}

/** The commands, for a help text: `  pause VM   stop running the VM: …`. */
export const commandRows = (indent = '  '): string[] =>
  Object.entries(CONTROL_COMMANDS).map(([name, c]) => `${indent}${[name, ...c.args.map((a) => a.usage)].join(' ').padEnd(24)} ${c.summary}`);
