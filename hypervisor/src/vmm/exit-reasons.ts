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
  row('guest-ecall', T, 'a system call by the guest\'s user program, reflected to the guest kernel'),
  row('guest-exception', B, 'any other exception the guest kernel takes (illegal instruction, breakpoint, access fault), reflected'),
  row('hypercall', B, 'an ecall from the guest kernel to the hypervisor (SBI and pvlab calls)'),
  row('timer-irq', B, 'the hypervisor\'s own timer: a guest timer deadline or the scheduler\'s quantum'),
] as const satisfies readonly ExitReasonSpec[]);

export type ExitReason = (typeof EXIT_REASONS)[number]['name'];

/** Row index by name: counters are arrays indexed by it. */
export const EXIT: Readonly<Record<ExitReason, number>> = Object.freeze(
  Object.fromEntries(EXIT_REASONS.map((r, i) => [r.name, i])) as Record<ExitReason, number>,
);

export const EXIT_REASON_COUNT = EXIT_REASONS.length;
