/**
 * The memory-mapped devices of pvlab's board, at QEMU `virt`'s addresses:
 * the test finisher, the CLINT, the PLIC, UART0, and HTIF (at the
 * program's `tohost`/`fromhost` symbols), and the virtio-mmio slots with
 * virtio-blk (virtio/). Each implements `Device`.
 */
export type { Clock, Device, EventSource, EventTag, IrqLine, PowerControl, Scheduler, Width } from './device.js';
export { BENCH_MARKERS, FINISHER_BASE, FINISHER_CODE_SHIFT, FINISHER_SIZE, FINISHER_STATUS, SifiveTest, type BenchMarkerEvent, type FinisherReason, type FinisherStop, type SifiveTestOptions, type FinisherState } from './sifive-test.js';
export { CLINT_BASE, CLINT_REG, CLINT_SIZE, Clint, type ClintOptions, type ClintState } from './clint.js';
export { PLIC_BASE, PLIC_CONTEXT, PLIC_MAX_PRIORITY, PLIC_REG, PLIC_SIZE, PLIC_SOURCES, Plic, type PlicOptions, type PlicState } from './plic.js';
export { UART0_BASE, UART0_IRQ, UART0_SIZE, UART_BITS, UART_FCR, UART_IER, UART_IIR, UART_LSR, UART_REG, Uart16550, type Uart16550Options, type UartState } from './uart16550.js';
export { HTIF, Htif, type HtifOptions, type HtifState } from './htif.js';
export * from './virtio/index.js';
