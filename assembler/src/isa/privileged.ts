/**
 * THE constants of the RISC-V privileged architecture (RV32, privileged
 * specification 1.12): privilege levels, mstatus fields, trap causes,
 * interrupt bits, Sv32 page tables and satp, PMP, and the counter and
 * Sstc enables. The hart, the hypervisor, the tests and the guest kernel's
 * generated include (guest-kernel/include/riscv.inc) all read them here,
 * so no second hand-written copy exists.
 */

// ---- privilege levels (§1.2, Table 1) ---------------------------------------

/** Privilege levels as encoded in MPP/SPP and used throughout. */
export const PRIV = { U: 0, S: 1, M: 3 } as const;
export type Priv = 0 | 1 | 3;

// ---- mstatus (§3.1.6) ---------------------------------------------------------

/**
 * mstatus fields (RV32):
 *
 *   31 | 22  21  20  19  18   17  | 12:11 |  8  |  7   |  5   | 3  |  1
 *   SD | TSR TW  TVM MXR SUM MPRV |  MPP  | SPP | MPIE | SPIE | MIE | SIE
 */
export const MSTATUS = {
  SIE: 1 << 1,
  MIE: 1 << 3,
  SPIE: 1 << 5,
  MPIE: 1 << 7,
  SPP: 1 << 8,
  MPP: 3 << 11,
  MPRV: 1 << 17,
  SUM: 1 << 18,
  MXR: 1 << 19,
  TVM: 1 << 20,
  TW: 1 << 21,
  TSR: 1 << 22,
} as const;

/** Where MPP sits in mstatus. */
export const MPP_SHIFT = 11;

/** Bits M-mode may write (no F/V/X state, little-endian only). */
export const MSTATUS_WRITABLE =
  MSTATUS.SIE | MSTATUS.MIE | MSTATUS.SPIE | MSTATUS.MPIE | MSTATUS.SPP | MSTATUS.MPP |
  MSTATUS.MPRV | MSTATUS.SUM | MSTATUS.MXR | MSTATUS.TVM | MSTATUS.TW | MSTATUS.TSR;

/** The sstatus view of mstatus (§4.1.1). */
export const SSTATUS_MASK = MSTATUS.SIE | MSTATUS.SPIE | MSTATUS.SPP | MSTATUS.SUM | MSTATUS.MXR;

// ---- trap causes (§3.1.15, Table 14) ------------------------------------------

/** One row of the cause table: a code as written to mcause/scause, by name. */
export interface CauseSpec {
  readonly name: string;
  readonly code: number;
  readonly interrupt: boolean;
  readonly doc: string;
}

const exc = (code: number, name: string, doc: string): CauseSpec => Object.freeze({ code, name, interrupt: false, doc });
const irq = (code: number, name: string, doc: string): CauseSpec => Object.freeze({ code, name, interrupt: true, doc });

/** THE table of trap causes: traps, traces, statistics and docs all use these rows. */
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

/** Exception codes by name, for code that raises or tests them. */
export const EXC = {
  instructionMisaligned: 0, instructionAccess: 1, illegal: 2, breakpoint: 3, loadMisaligned: 4, loadAccess: 5,
  storeMisaligned: 6, storeAccess: 7, ecallU: 8, ecallS: 9, ecallM: 11, instructionPage: 12, loadPage: 13, storePage: 15,
} as const;

/** Interrupt codes (= bit numbers in mip/mie) by name. */
export const IRQ = { ssi: 1, msi: 3, sti: 5, mti: 7, sei: 9, mei: 11 } as const;

/** Interrupts in decreasing priority (§3.1.9: MEI, MSI, MTI, SEI, SSI, STI). */
export const IRQ_PRIORITY: readonly number[] = [IRQ.mei, IRQ.msi, IRQ.mti, IRQ.sei, IRQ.ssi, IRQ.sti];

/** mcause's top bit: the trap is an interrupt. */
export const CAUSE_INTERRUPT = 0x8000_0000;

/** The mcause value of an interrupt (`interruptCause(IRQ.mti)` = 0x8000_0007). */
export const interruptCause = (code: number): number => (CAUSE_INTERRUPT | code) >>> 0;

/** The mip/mie bit of an interrupt. */
export const irqBit = (code: number): number => 1 << code;

/** The supervisor's interrupts in mip/mie: software, timer, external. */
export const S_INTERRUPTS = irqBit(IRQ.ssi) | irqBit(IRQ.sti) | irqBit(IRQ.sei);
/** Every interrupt the hart implements. */
export const ALL_INTERRUPTS = S_INTERRUPTS | irqBit(IRQ.msi) | irqBit(IRQ.mti) | irqBit(IRQ.mei);

/** Exceptions that may be delegated to S-mode: all but ecall from M (medeleg[11] is read-only zero). */
export const DELEGABLE_EXCEPTIONS = 0xb3ff;

/** The row for an mcause value. */
export function causeOf(mcause: number): CauseSpec | undefined {
  const interrupt = (mcause & CAUSE_INTERRUPT) !== 0;
  const code = mcause & 0x7fff_ffff;
  return CAUSES.find((c) => c.interrupt === interrupt && c.code === code);
}

// ---- Sv32 (§10.3) ---------------------------------------------------------------

/**
 * Sv32 virtual address and page-table entry:
 *
 *   VA:   31      22 21      12 11        0        PTE: 31     20 19    10 9:8  7 6 5 4 3 2 1 0
 *        | VPN[1]   | VPN[0]   |  offset   |            | PPN[1] | PPN[0] | RSW  D A G U X W R V
 */
export const PTE = { V: 1, R: 2, W: 4, X: 8, U: 16, G: 32, A: 64, D: 128 } as const;
/** Where the PPN starts in a PTE. */
export const PTE_PPN_SHIFT = 10;
/** A leaf has R or X; a PTE with neither is a pointer to the next level. */
export const PTE_LEAF = PTE.R | PTE.X;

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
/** An Sv32 megapage (a level-1 leaf): 4 MiB. */
export const MEGAPAGE_SIZE = 1 << 22;

/** A PTE's target as a physical address (34-bit in Sv32, so a number, not an int32). */
export const ptePa = (pte: number): number => (pte >>> PTE_PPN_SHIFT) * PAGE_SIZE;
/** A PTE pointing at physical `pa` with flags. */
export const makePte = (pa: number, flags: number): number => ((Math.floor(pa / PAGE_SIZE) << PTE_PPN_SHIFT) | flags) >>> 0;

/**
 * satp (§10.1.11, RV32):
 *
 *    31  | 30     22 | 21        0
 *   MODE |   ASID    |    PPN          MODE 1 = Sv32, 0 = Bare
 */
export const SATP = { MODE_SV32: 0x8000_0000, ASID_MASK: 0x7fc0_0000, PPN_MASK: 0x003f_ffff } as const;

/** Whether a satp value turns Sv32 translation on. */
export const satpPaging = (satp: number): boolean => (satp & SATP.MODE_SV32) !== 0;
/** The physical address of a satp value's root table. */
export const satpRoot = (satp: number): number => (satp & SATP.PPN_MASK) * PAGE_SIZE;
/** The satp value for Sv32 with root table at physical `pa` (ASID 0). */
export const sv32Satp = (rootPa: number): number => (SATP.MODE_SV32 | Math.floor(rootPa / PAGE_SIZE)) >>> 0;

// ---- PMP (§3.7) -----------------------------------------------------------------

/**
 *   pmpcfg byte:  7   6:5   4:3   2   1   0
 *                 L   0     A     X   W   R      A: 0 OFF, 1 TOR, 2 NA4, 3 NAPOT
 */
export const PMP = { R: 1, W: 2, X: 4, A: 0x18, L: 0x80 } as const;
/** Address-matching modes (the A field, shifted down). */
export const PMP_MATCH = { OFF: 0, TOR: 1, NA4: 2, NAPOT: 3 } as const;
export const PMP_A_SHIFT = 3;
/** A pmpcfg byte: matching mode and permissions. */
export const pmpCfg = (match: number, perms: number): number => (match << PMP_A_SHIFT) | perms;
/** The pmpaddr value of the naturally aligned region [base, base + size), size a power of two ≥ 8 (§3.7.1.1). */
export const napot = (base: number, size: number): number => ((base >>> 2) | ((size >>> 3) - 1)) >>> 0;

// ---- counters and environment (§3.1.11, §3.1.18, Sstc) ----------------------------

/** mcounteren/scounteren bits: which counters the next mode down may read. */
export const COUNTEREN = { CY: 1 << 0, TM: 1 << 1, IR: 1 << 2 } as const;

/** menvcfgh.STCE (menvcfg bit 63): Sstc's stimecmp drives STIP. */
export const MENVCFGH_STCE = 0x8000_0000;
