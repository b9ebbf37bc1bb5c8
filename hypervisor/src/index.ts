/** @pvlab/hypervisor — the emulated RISC-V board, the hypervisor and the pvlab command. */
export { Bus, RAM_BASE } from './machine/bus.js';
export { RAM_POOL_LIMITS, drainRamPool, ramPoolHolds, ramPoolStats, releaseBoard } from './machine/ram-pool.js';
export { Hart, type Monitor, type StopReason, type HartClock } from './machine/hart/hart.js';
export { CAUSES, EXC, IRQ, causeOf, type CauseSpec } from '@pvlab/assembler';
export { SEMANTICS, missingSemantics } from './machine/hart/semantics.js';
export { INTERPRETER_SOURCE } from './machine/hart/interpreter.js';
export { useCompiler, compilerOn } from './machine/hart/run.js';
export { CODE_BUDGET, HOT } from './machine/hart/jit/code-cache.js';
export { REGION_LIMITS } from './machine/hart/jit/region.js';
export { FUNCTION_BYTES, functionStats } from './machine/hart/jit/codegen.js';
export { MISA_C, csrTableMismatches } from './machine/hart/csr.js';
export {
  BENCH_MARKERS, FINISHER_BASE, FINISHER_CODE_SHIFT, FINISHER_SIZE, FINISHER_STATUS, type BenchMarkerEvent,
  CLINT_BASE, CLINT_REG, CLINT_SIZE, PLIC_BASE, PLIC_CONTEXT, PLIC_MAX_PRIORITY, PLIC_REG, PLIC_SIZE, PLIC_SOURCES,
  UART0_BASE, UART0_IRQ, UART0_SIZE, UART_FCR, UART_IER, UART_IIR, UART_LSR, UART_REG,
} from './machine/devices/index.js';
export { Machine, MEMORY_MAP, type MachineOptions, type RunResult, type StopKind } from './machine/machine.js';
export {
  BoardError, DEFAULT_ISA, ISAS, PMP_COUNTS, buildDevices, checkIsa, checkPmpCount, misaOf, placeDevices, placeDrives,
  type BoardDevices, type BoardWiring, type DriveOptions, type IsaName, type NicOptions, type PlacedDevice, type VirtioSlots,
} from './machine/board.js';
export { RESET_VECTOR, RESET_ROM_INSTRUCTIONS, ResetRom, resetRomWords, type ResetRomContents } from './machine/boot/reset-rom.js';
export { deviceTreeAddress, deviceTreeBlob, deviceTreeNodes, type BoardDescription } from './machine/boot/device-tree.js';
export { encodeFdt, type FdtNode } from './machine/boot/fdt.js';
export { EventQueue } from './machine/events.js';
export * from './machine/devices/virtio/index.js';
export { loadElf, loadBinary, symbolize, LoadError, type LoadedProgram } from './machine/elf-loader.js';
export { runBare, type BareRun } from './machine/run-bare.js';
export * from './boot/index.js';
export { Hypervisor, type HypervisorOptions, type VmMarker } from './vmm/hypervisor.js';
export { runVirtualized, type VirtualizedRun, type VirtualizedOptions } from './vmm/run-virtualized.js';
export { FIRMWARE_KINDS, type FirmwareKind } from './vmm/guest-firmware.js';
export { EXIT_REASONS, EXIT, type ExitReason, type ExitReasonSpec } from './vmm/exit-reasons.js';
export { ExitStats, type ExitRecord } from './vmm/exit-stats.js';
export type { VirtMode } from './vmm/virtualization.js';
export type { PvNic } from './vmm/vm.js';
export * from './bench/index.js';
export * from './gdb/index.js';
export * from './snapshot/index.js';
export * from './control/index.js';
export * from './migration/index.js';
