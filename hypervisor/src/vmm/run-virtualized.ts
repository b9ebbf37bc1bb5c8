/**
 * `runVirtualized`: run a bare-metal program in a VM under trap and
 * emulate — its own M-mode virtualized, on the bare board's devices — and
 * collect what `runBare` collects, plus the exits. The API behind `pvlab
 * run --mode trap` and the equivalence tests: the same program must print
 * the same bytes, end with the same code, and retire the same instructions
 * as on the board itself.
 */
import { Hypervisor } from './hypervisor.js';
import type { StopKind } from '../machine/machine.js';
import type { IsaName, VirtioSlots } from '../machine/board.js';
import type { ExitRecord, ExitStats } from './exit-stats.js';

export interface VirtualizedRun {
  /** 0 for pass, the failure code otherwise; undefined when the program never stopped. */
  readonly exitCode: number | undefined;
  /** Everything the program wrote to its UART (and HTIF console). */
  readonly output: string;
  /** Guest instructions retired (the hypervisor's emulations of its instructions included). */
  readonly instructions: number;
  readonly cycles: number;
  /** `monitor` when the guest stopped itself (finisher or HTIF), else `budget` or `deadlock`. */
  readonly stop: StopKind;
  readonly exits: ExitStats;
  readonly hypervisor: Hypervisor;
}

export interface VirtualizedOptions {
  readonly maxInstructions?: number;
  /** Bytes for its UART. */
  readonly input?: string;
  /** The VM's RAM (a power of two; default 16 MiB). */
  readonly ramSize?: number;
  /** The guest's PMP entries (0..16, default 16). */
  readonly pmp?: number;
  /** Hears every exit. */
  readonly trace?: (r: ExitRecord) => void;
  /** Each console byte as it is written (default: collected only). */
  readonly output?: (byte: number) => void;
  /** The hart's ISA (default rv32imac). */
  readonly isa?: IsaName;
  /** The VM's virtio-mmio devices (default: eight empty slots, legacy). */
  readonly virtio?: VirtioSlots;
  /** The device tree's chosen/bootargs. */
  readonly bootargs?: string;
}

/** Run `elf` from the reset ROM in virtual M-mode, alone in its VM. */
export function runVirtualized(elf: Uint8Array, o: VirtualizedOptions = {}): VirtualizedRun {
  const bytes: number[] = [];
  const hv = new Hypervisor({
    mode: 'trap', firmware: 'guest', kernels: [elf], ramPerVm: o.ramSize, pmp: o.pmp, trace: o.trace, isa: o.isa,
    virtio: o.virtio ? [o.virtio] : undefined, bootargs: [o.bootargs],
    output: (_vm, b) => (bytes.push(b), o.output?.(b)),
  });
  const vm = hv.vms[0];
  if (o.input) hv.feed(vm, Buffer.from(o.input, 'utf8'));
  const r = hv.run(o.maxInstructions ?? 1e9);
  return {
    exitCode: r.stop === 'monitor' ? vm.exitCode : r.exitCode, output: Buffer.from(bytes).toString('latin1'),
    instructions: hv.retired(vm), cycles: hv.cycles(vm), stop: r.stop, exits: vm.stats, hypervisor: hv,
  };
}
