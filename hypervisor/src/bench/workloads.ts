/**
 * THE table of benchmark workloads: the guest kernel's built-in programs
 * (guest-kernel/src/programs.inc) that wrap their measured loop in
 * `mark(0)` / `mark(1)`, what one operation of each is, and how many
 * operations a count of N makes. The harness, the terminal table, the HTML
 * report, the JSON and the tests are driven by it.
 *
 * Each workload is run at two counts, N/2 and N: the difference of the two
 * regions divided by the difference of their operations is the cost of one
 * operation, with the set-up inside the region (the marker's own system
 * call, the first-time work) cancelled out (as lmbench subtracts its loop
 * overhead).
 *
 * The I/O workloads run on a board with a disk (a fresh image in memory,
 * in slot 7) and a network card on the built-in echo peer (slot 6), where
 * QEMU puts its first two devices: natively the kernel's virtio drivers
 * drive them; trapped, every register access they make is an exit.
 * Paravirtualized, the VM's disk (the same fresh image) and its card (the
 * same echo peer) are served by the hypervisor's split-driver back ends
 * (vmm/paravirt/blkback.ts, netback.ts) to the kernel's front ends; a
 * kernel without a front end for a device says "no disk" or "no network",
 * and the benchmark shows that cell as missing, with the reason.
 */

/** One workload. */
export interface BenchWorkloadSpec {
  /** The program's name in the shell (`run NAME N`). */
  readonly name: string;
  /** One operation, for the table's column (`getpid`). */
  readonly op: string;
  /** One operation, in a sentence. */
  readonly what: string;
  /** Operations that a count of N makes. */
  readonly opsPerCount: number;
  /** The default count N (the smaller run uses N/2). */
  readonly count: number;
  /**
   * What decides the difference between the modes, by design
   * (shared/ARCHITECTURE.md), for the report's explanation.
   */
  readonly why: string;
  /** Arguments after N (`run NAME N ARGS`), e.g. a batch size. */
  readonly args?: string;
  /** The workload needs the board's disk and network card. */
  readonly io?: boolean;
  /**
   * Measured regions a run (default 1): `run NAME N` this many times on one
   * board, their counts and host times summed. For a workload whose N is
   * bounded (pgfault: the user heap is 1 MiB), so that a run's measured time
   * is long enough not to be one garbage collection or one compile.
   */
  readonly regions?: number;
}

const w = (name: string, op: string, what: string, opsPerCount: number, count: number, why: string, more: { args?: string; io?: boolean; regions?: number } = {}): BenchWorkloadSpec =>
  Object.freeze({ name, op, what, opsPerCount, count, why, ...more });

/** The batch of the I/O workloads: 8 requests a system call (the most the kernel takes in one). */
export const IO_BATCH = 8;
/** The disk of the I/O workloads: 1 MiB (256 blocks of 4 KiB; the disk workloads wrap at its end). */
export const IO_DISK_BYTES = 1 << 20;

export const BENCH_WORKLOADS = Object.freeze([
  w('null', 'getpid', 'a null system call round trip (getpid)', 1, 20000,
    'Trapped, the user ecall is reflected to the guest kernel and every CSR access and the sret of its trap path exit again. ' +
    'Paravirtualized, system calls are delegated straight to the S-mode guest kernel: no exit at all, as natively.'),
  w('ctxsw', 'switch', 'a context switch (yield, process to process)', 2, 2000,
    'A switch is a system call plus an address-space switch. Trapped, that is the reflected ecall, the trap path\'s CSRs, ' +
    'the satp write and sfence.vma, and hidden faults refilling the shadow tables of the new address space. ' +
    'Paravirtualized, the switch is one new_baseptr that flushes the TLB too (tlb_flush_all): one exit.'),
  w('pgfault', 'fault', 'a page fault (first touch of a heap page, zeroing included)', 1, 200,
    'Trapped, the fault is reflected to the guest kernel, its PTE write is picked up by a hidden fault and its trap path exits. ' +
    'Paravirtualized, the fault is delegated to the guest and the new PTE goes to the hypervisor in one mmu_update.',
  { regions: 10 }),
  w('fork', 'fork', 'fork + exit + wait (a whole address space copied and freed)', 1, 100,
    'Trapped, every page of the copied address space costs a hidden fault when it is touched, besides the trap paths. ' +
    'Paravirtualized, the page-table writes of a whole address space are queued and sent as a few batched mmu_update calls.'),
  w('console', 'line', 'a console line (one write system call)', 1, 1000,
    'Trapped, every byte is a poll of the UART\'s status register and a store to its data register, each an emulated MMIO access. ' +
    'Paravirtualized, the kernel hands the whole buffer over in one console-write hypercall.'),
  w('timer', 'sleep', 'a one-tick sleep (timer interrupt, wake-up, reschedule)', 1, 1000,
    'Trapped, the timer deadline, the wfi of the idle loop and the interrupt all reach the hypervisor. ' +
    'Paravirtualized, the guest sets its own deadline (stimecmp, Sstc) and takes the interrupt in S-mode; waiting for it is one idle hypercall.'),
  w('compute', 'round', 'a compute round (sieve + CRC-32 of 2 KiB, no system calls)', 1, 80,
    'Guest code that makes no privileged operation runs at full speed in every mode: there is nothing to trap and nothing to ask. ' +
    'Here paravirtualization has nothing to win.'),
  w('disk-read', 'block', `a 4 KiB disk read, ${IO_BATCH} requests a system call`, 1, 1024,
    'Trapped, each batch costs the device\'s five exits (the notify; at completion the interrupt status, its acknowledge, the PLIC claim and ' +
    'complete) besides the system call\'s and the interrupt\'s trap paths, shared by the batch. The data moves by DMA: no exit. ' +
    'Paravirtualized, the split driver puts the batch in a ring page it shares with the hypervisor and makes one evtchn_send; the ' +
    'completion is an event-channel bit and a software interrupt the guest acknowledges itself, without an exit.',
  { args: String(IO_BATCH), io: true }),
  w('disk-write', 'block', `a 4 KiB disk write, ${IO_BATCH} requests a system call (and one sync a run)`, 1, 1024,
    'As a read, the other way; the sync (a flush request, an fsync of the image) ends the region at both counts, so the difference ' +
    'leaves it out of one operation\'s cost.',
  { args: String(IO_BATCH), io: true }),
  w('net-rr', 'exchange', 'a UDP request/response of 64 bytes with the echo peer', 1, 300,
    'A round trip cannot be batched. Trapped: the transmit notify, the receive interrupt\'s status, acknowledge, claim and complete, ' +
    'the receive ring\'s refill notify, two system calls and a wfi, each with its trap path. ' +
    'Paravirtualized, one exit: the transmit ring\'s evtchn_send. The answer lands in a receive buffer posted in advance and is ' +
    'signalled by an event-channel bit the guest acknowledges itself; reposting the buffer needs no notify while the back end has ' +
    'others; and the kernel polls for the answer for up to 50 µs before it would idle (busy polling), spending guest cycles instead of an exit.',
  { io: true }),
  w('net-stream', 'datagram', `a UDP datagram of 1024 bytes to the discard port, ${IO_BATCH} a system call`, 1, 1024,
    `Batched ${IO_BATCH} a system call with one notify each, the device exits are shared by the batch; what remains per datagram is copying. ` +
    'Paravirtualized, the batch goes on the transmit ring with one evtchn_send, served before it returns: an eighth of an exit a datagram.',
  { args: String(IO_BATCH), io: true }),
] as const satisfies readonly BenchWorkloadSpec[]);

export type BenchWorkload = (typeof BENCH_WORKLOADS)[number]['name'];

/** The workload names, in table order. */
export const BENCH_WORKLOAD_NAMES: readonly BenchWorkload[] = BENCH_WORKLOADS.map((x) => x.name);

/** Is `name` a workload? */
export const isBenchWorkload = (name: string): name is BenchWorkload => BENCH_WORKLOAD_NAMES.includes(name as BenchWorkload);

/** The row of `name`. */
export const benchWorkload = (name: BenchWorkload): BenchWorkloadSpec => BENCH_WORKLOADS.find((x) => x.name === name)!;
