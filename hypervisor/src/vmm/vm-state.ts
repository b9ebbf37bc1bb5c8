/**
 * A VM's own state as plain data, for a snapshot (snapshot/): its vCPU
 * (every register and CSR, its virtual privilege, reservation, counters,
 * stimecmp), its guest board's devices, where it stands (runnable, idle,
 * halted; its exit code), its counts and exit statistics, its reservation
 * (p2m and balloon target), the hypercall it
 * was preempted in, the console input it has not read. Nothing here is an
 * address of the board but the p2m's machine frames (indexes into the
 * board's frame pool, saved with the hypervisor). (The
 * mode's part — the shadow pager — and the split drivers are saved beside
 * it by the hypervisor, which picks the mode.)
 */
import { loadHart, saveHart, type HartState } from '../machine/hart/state.js';
import type { ClintState, FinisherState, PlicState, UartState } from '../machine/devices/index.js';
import type { VirtioMmioState } from '../machine/devices/virtio/mmio-transport.js';
import type { ExitStatsState } from './exit-stats.js';
import type { Continuation, Vm, VmState as VmRunState } from './vm.js';

/** A VM as a snapshot holds it (its RAM and its mode's state apart). */
export interface VmState {
  readonly state: VmRunState;
  readonly exitCode: number | undefined;
  readonly stopReason: string | undefined;
  readonly retired: number;
  readonly cycles: number;
  readonly continuation: Continuation | undefined;
  readonly input: readonly number[];
  readonly stats: ExitStatsState;
  /** Its reservation: the p2m (guest frames to the board's machine frames), the balloon's target in pages, and whether an increase left it short (it is told again when frames come back). */
  readonly memory: { readonly p2m: { readonly map: Uint8Array }; readonly target: number; readonly wanting?: boolean };
  readonly cpu: HartState;
  readonly guest: {
    readonly uart: UartState;
    readonly plic: PlicState;
    readonly clint: ClintState;
    readonly finisher: FinisherState;
    readonly virtio: readonly (VirtioMmioState | undefined)[];
  };
}

/** Why a VM cannot be saved. */
export class VmStateError extends Error {}

/** A VM's state between exits (`running`: its vCPU's registers are on the hart, which the caller saved into it first). */
export function saveVm(vm: Vm): VmState {
  if (vm.firmware === 'guest') throw new VmStateError('a VM running its own M-mode firmware (--firmware guest) cannot be snapshotted yet');
  const g = vm.guest;
  return {
    state: vm.state, exitCode: vm.exitCode, stopReason: vm.stopReason, retired: vm.retired, cycles: vm.cycles,
    continuation: vm.continuation, input: [...vm.input], stats: vm.stats.save(), cpu: saveHart(vm.cpu),
    memory: { p2m: vm.memory.p2m.save(), target: vm.memory.target, wanting: vm.memory.wanting },
    guest: { uart: g.uart.save(), plic: g.plic.save(), clint: g.clint.save(), finisher: g.finisher.save(), virtio: g.virtio.map((t) => (t.device ? t.save() : undefined)) },
  };
}

/** Load a saved state into a VM built the same way (same kernel, devices, RAM size). */
export function loadVm(vm: Vm, s: VmState): void {
  const g = vm.guest;
  if (s.guest.virtio.length !== g.virtio.length) throw new VmStateError(`VM ${vm.id}: ${s.guest.virtio.length} virtio slots in the snapshot, ${g.virtio.length} on its board`);
  s.guest.virtio.forEach((v, i) => {
    if ((v == null) !== (g.virtio[i].device === undefined)) throw new VmStateError(`VM ${vm.id}: virtio slot ${i} holds a device in the snapshot or on the board, not both`);
    if (v) g.virtio[i].load(v);
  });
  g.uart.load(s.guest.uart);
  g.plic.load(s.guest.plic);
  g.clint.load(s.guest.clint);
  g.finisher.load(s.guest.finisher);
  vm.state = s.state;
  vm.exitCode = s.exitCode ?? undefined;
  vm.stopReason = s.stopReason ?? undefined;
  vm.retired = s.retired;
  vm.cycles = s.cycles;
  vm.continuation = s.continuation ?? undefined;
  vm.input.splice(0, vm.input.length, ...s.input.map((b) => b & 0xff));
  vm.stats.load(s.stats);
  vm.memory.p2m.load(s.memory.p2m);
  vm.memory.target = s.memory.target;
  vm.memory.wanting = s.memory.wanting === true;
  loadHart(vm.cpu, s.cpu);
}
