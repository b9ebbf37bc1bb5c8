/**
 * THE table of trap causes (privileged specification §3.1.15, Table 14):
 * exception and interrupt codes as written to `mcause`/`scause`, by name.
 * Traps, traces, statistics and docs all use these rows.
 */
export interface CauseSpec {
  readonly name: string;
  readonly code: number;
  readonly interrupt: boolean;
  readonly doc: string;
}

const exc = (code: number, name: string, doc: string): CauseSpec => Object.freeze({ code, name, interrupt: false, doc });
const irq = (code: number, name: string, doc: string): CauseSpec => Object.freeze({ code, name, interrupt: true, doc });

export const CAUSES = Object.freeze([
  exc(0, 'instruction-address-misaligned', 'jump or branch to an address that is not 4-byte aligned'),
  exc(1, 'instruction-access-fault', 'fetch from memory that is not there or that PMP forbids'),
  exc(2, 'illegal-instruction', 'unknown encoding, or an instruction or CSR the current privilege may not use'),
  exc(3, 'breakpoint', 'ebreak'),
  exc(4, 'load-address-misaligned', 'misaligned LR.W (ordinary loads are done in hardware)'),
  exc(5, 'load-access-fault', 'load from memory that is not there or that PMP forbids'),
  exc(6, 'store-address-misaligned', 'misaligned SC.W or AMO'),
  exc(7, 'store-access-fault', 'store or AMO to memory that is not there or that PMP forbids'),
  exc(8, 'ecall-from-u', 'ecall in user mode'),
  exc(9, 'ecall-from-s', 'ecall in supervisor mode'),
  exc(11, 'ecall-from-m', 'ecall in machine mode'),
  exc(12, 'instruction-page-fault', 'fetch through an invalid or non-executable mapping'),
  exc(13, 'load-page-fault', 'load through an invalid or non-readable mapping'),
  exc(15, 'store-page-fault', 'store or AMO through an invalid or non-writable mapping'),
  irq(1, 'supervisor-software', 'supervisor software interrupt (sip.SSIP)'),
  irq(3, 'machine-software', 'machine software interrupt (CLINT msip)'),
  irq(5, 'supervisor-timer', 'supervisor timer interrupt (stimecmp, or mip.STIP set by M-mode)'),
  irq(7, 'machine-timer', 'machine timer interrupt (CLINT mtimecmp)'),
  irq(9, 'supervisor-external', 'supervisor external interrupt (PLIC context 1)'),
  irq(11, 'machine-external', 'machine external interrupt (PLIC context 0)'),
] as const satisfies readonly CauseSpec[]);

export type CauseName = (typeof CAUSES)[number]['name'];

/** Exception codes by name, for code that raises them. */
export const EXC = {
  instructionMisaligned: 0, instructionAccess: 1, illegal: 2, breakpoint: 3, loadMisaligned: 4, loadAccess: 5,
  storeMisaligned: 6, storeAccess: 7, ecallU: 8, ecallS: 9, ecallM: 11, instructionPage: 12, loadPage: 13, storePage: 15,
} as const;

/** Interrupt codes (= bit numbers in mip/mie) by name. */
export const IRQ = { ssi: 1, msi: 3, sti: 5, mti: 7, sei: 9, mei: 11 } as const;

/** Interrupts in decreasing priority (§3.1.9: MEI, MSI, MTI, SEI, SSI, STI). */
export const IRQ_PRIORITY: readonly number[] = [IRQ.mei, IRQ.msi, IRQ.mti, IRQ.sei, IRQ.ssi, IRQ.sti];

/** The row for an mcause value. */
export function causeOf(mcause: number): CauseSpec | undefined {
  const interrupt = (mcause & 0x80000000) !== 0;
  const code = mcause & 0x7fffffff;
  return CAUSES.find((c) => c.interrupt === interrupt && c.code === code);
}
