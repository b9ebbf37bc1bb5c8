/**
 * THE table of exit reasons. An exit is one world switch: a trap from the
 * guest into the hypervisor and the return from it. Every exit is counted
 * under exactly one of these rows; statistics, the trace, the benchmark's
 * cost model and the docs are all driven by this table.
 */
export interface ExitReasonSpec {
  readonly name: string;
  /** What caused the world switch, for the docs and `--stats`. */
  readonly doc: string;
  /** Which modes can take it: trap-and-emulate, paravirtual, or both. */
  readonly modes: readonly ('trap' | 'paravirt')[];
}

const row = (name: string, modes: ExitReasonSpec['modes'], doc: string): ExitReasonSpec => Object.freeze({ name, modes: Object.freeze(modes), doc });
const T = ['trap'] as const, B = ['trap', 'paravirt'] as const;

export const EXIT_REASONS = Object.freeze([
  row('csr-read', T, 'a CSR instruction that only reads (csrr, csrrs/csrrc with x0) from the deprivileged guest kernel'),
  row('csr-write', T, 'a CSR instruction that writes a CSR (including set/clear and immediate forms)'),
  row('sret', T, 'the guest kernel returns from a trap'),
  row('wfi', T, 'the guest kernel waits for an interrupt (a paravirtual kernel makes the idle hypercall)'),
  row('sfence-vma', T, 'the guest flushes its TLB, and the hypervisor drops shadow entries (a paravirtual kernel asks by tlb_flush)'),
  row('mmio-read', T, 'a load from a device register, decoded and emulated'),
  row('mmio-write', T, 'a store to a device register, decoded and emulated'),
  row('shadow-fault', T, 'a hidden page fault: the guest\'s tables map the page, the shadow tables did not yet'),
  row('guest-page-fault', T, 'a page fault the guest kernel must handle itself, reflected to it'),
  row('guest-ecall', T, 'a system call by the guest\'s user program, reflected to the guest kernel (its S-mode, by its own medeleg when it brings its M-mode)'),
  row('guest-exception', B, 'any other exception the guest kernel takes (illegal instruction, breakpoint, access fault), reflected'),
  row('hypercall', B, 'an ecall from the guest kernel to the hypervisor (SBI and pvlab calls)'),
  row('timer-irq', B, 'the hypervisor\'s own timer: a guest timer deadline or the scheduler\'s quantum'),
  // A guest that brings its own M-mode (--firmware guest, pvlab run --mode trap): its machine level is virtual too.
  row('m-csr', T, 'a machine-level CSR instruction (mstatus, mtvec, pmpcfg0, mcycle, ...) from the guest\'s virtual M-mode, emulated on the vCPU'),
  row('mret', T, 'the guest\'s virtual M-mode returns from a trap (to M, S or U)'),
  row('clint', T, 'a load or store to the guest\'s CLINT (mtime, mtimecmp, msip), emulated: its timer and software interrupts are virtual M-mode\'s'),
  row('m-ecall', T, 'an ecall reflected to the guest\'s own M-mode (its SBI firmware, or a bare program\'s trap handler)'),
  row('emulated-access', T, 'a load or store the shadow tables cannot express: virtual M with MPRV, a page with a device overlay (HTIF) or a PMP boundary; performed by the vCPU'),
  row('stepped', T, 'an instruction the shadow tables cannot run exactly (on a page the guest\'s PMP splits, an LR/SC or AMO under MPRV), executed by the vCPU'),
  row('pmp-denied', T, 'an access the guest\'s own PMP refuses: the access fault reflected, as the hart would raise it'),
] as const satisfies readonly ExitReasonSpec[]);

export type ExitReason = (typeof EXIT_REASONS)[number]['name'];

/** Row index by name: counters are arrays indexed by it. */
export const EXIT: Readonly<Record<ExitReason, number>> = Object.freeze(
  Object.fromEntries(EXIT_REASONS.map((r, i) => [r.name, i])) as Record<ExitReason, number>,
);

export const EXIT_REASON_COUNT = EXIT_REASONS.length;
