/**
 * THE CSR table: number, name, lowest privilege that may access it, and
 * whether pvlab's hart implements it.
 *
 * CSR address conventions (privileged specification §2.1, Table 3): bits
 * 11:10 are 0b11 for read-only CSRs, bits 9:8 the lowest privilege level
 * that may access the CSR (0 U, 1 S, 2 H, 3 M). Both are derived from the
 * number; the table only names what is not derivable.
 */
export type Privilege = 'U' | 'S' | 'H' | 'M';

export interface CsrSpec {
  readonly number: number;
  readonly name: string;
  /** Lowest privilege level that may access it (from bits 9:8). */
  readonly privilege: Privilege;
  /** Read-only by address (bits 11:10 == 0b11). */
  readonly readOnly: boolean;
  /** Implemented by pvlab's emulated hart (others raise illegal-instruction). */
  readonly implemented: boolean;
  readonly doc: string;
}

const PRIVS: readonly Privilege[] = ['U', 'S', 'H', 'M'];

function csr(number: number, name: string, doc: string, implemented = true): CsrSpec {
  return Object.freeze({
    number, name, doc, implemented,
    privilege: PRIVS[(number >> 8) & 3],
    readOnly: (number >> 10) === 3,
  });
}

const counters = (base: number, prefix: string, doc: string, implemented: boolean): CsrSpec[] =>
  Array.from({ length: 29 }, (_, i) => csr(base + 3 + i, `${prefix}${i + 3}`, `${doc} ${i + 3}`, implemented));

/** Every CSR pvlab knows by name, in address order within each group. */
export const CSRS: readonly CsrSpec[] = Object.freeze([
  // Unprivileged counters and timers (Zicntr; Zihpm reads as zero here).
  csr(0xc00, 'cycle', 'cycle counter for RDCYCLE'),
  csr(0xc01, 'time', 'timer for RDTIME'),
  csr(0xc02, 'instret', 'instructions-retired counter for RDINSTRET'),
  ...counters(0xc00, 'hpmcounter', 'performance-monitoring counter', true),
  csr(0xc80, 'cycleh', 'upper 32 bits of cycle'),
  csr(0xc81, 'timeh', 'upper 32 bits of time'),
  csr(0xc82, 'instreth', 'upper 32 bits of instret'),
  ...counters(0xc80, 'hpmcounter', 'upper 32 bits of performance-monitoring counter', true).map((c) => csr(c.number, c.name.replace(/(\d+)$/, '$1h'), c.doc)),

  // Supervisor trap setup, handling and protection.
  csr(0x100, 'sstatus', 'supervisor status'),
  csr(0x104, 'sie', 'supervisor interrupt enable'),
  csr(0x105, 'stvec', 'supervisor trap vector base'),
  csr(0x106, 'scounteren', 'supervisor counter enable'),
  csr(0x10a, 'senvcfg', 'supervisor environment configuration'),
  csr(0x140, 'sscratch', 'supervisor scratch'),
  csr(0x141, 'sepc', 'supervisor exception pc'),
  csr(0x142, 'scause', 'supervisor trap cause'),
  csr(0x143, 'stval', 'supervisor trap value'),
  csr(0x144, 'sip', 'supervisor interrupt pending'),
  csr(0x14d, 'stimecmp', 'supervisor timer compare (Sstc)'),
  csr(0x15d, 'stimecmph', 'upper 32 bits of stimecmp (Sstc)'),
  csr(0x180, 'satp', 'supervisor address translation and protection'),

  // Machine information.
  csr(0xf11, 'mvendorid', 'vendor id'),
  csr(0xf12, 'marchid', 'architecture id'),
  csr(0xf13, 'mimpid', 'implementation id'),
  csr(0xf14, 'mhartid', 'hardware thread id'),
  csr(0xf15, 'mconfigptr', 'pointer to configuration data structure'),

  // Machine trap setup and handling.
  csr(0x300, 'mstatus', 'machine status'),
  csr(0x301, 'misa', 'ISA and extensions'),
  csr(0x302, 'medeleg', 'machine exception delegation'),
  csr(0x303, 'mideleg', 'machine interrupt delegation'),
  csr(0x304, 'mie', 'machine interrupt enable'),
  csr(0x305, 'mtvec', 'machine trap vector base'),
  csr(0x306, 'mcounteren', 'machine counter enable'),
  csr(0x30a, 'menvcfg', 'machine environment configuration'),
  csr(0x310, 'mstatush', 'upper 32 bits of mstatus'),
  csr(0x31a, 'menvcfgh', 'upper 32 bits of menvcfg'),
  csr(0x320, 'mcountinhibit', 'machine counter inhibit'),
  csr(0x340, 'mscratch', 'machine scratch'),
  csr(0x341, 'mepc', 'machine exception pc'),
  csr(0x342, 'mcause', 'machine trap cause'),
  csr(0x343, 'mtval', 'machine trap value'),
  csr(0x344, 'mip', 'machine interrupt pending'),

  // Physical memory protection: 16 configuration registers (RV32) and 64 address registers.
  ...Array.from({ length: 16 }, (_, i) => csr(0x3a0 + i, `pmpcfg${i}`, `PMP configuration ${i}`)),
  ...Array.from({ length: 64 }, (_, i) => csr(0x3b0 + i, `pmpaddr${i}`, `PMP address ${i}`)),
  csr(0x747, 'mseccfg', 'machine security configuration'),
  csr(0x757, 'mseccfgh', 'upper 32 bits of mseccfg'),

  // Machine counters.
  csr(0xb00, 'mcycle', 'machine cycle counter'),
  csr(0xb02, 'minstret', 'machine instructions-retired counter'),
  ...counters(0xb00, 'mhpmcounter', 'machine performance-monitoring counter', true),
  csr(0xb80, 'mcycleh', 'upper 32 bits of mcycle'),
  csr(0xb82, 'minstreth', 'upper 32 bits of minstret'),
  ...counters(0xb80, 'mhpmcounter', '', true).map((c) => csr(c.number, c.name.replace(/(\d+)$/, '$1h'), `upper 32 bits of mhpmcounter${c.name.slice(11)}`)),
  ...counters(0x320, 'mhpmevent', 'machine performance-monitoring event selector', true),
]);

const BY_NAME: ReadonlyMap<string, CsrSpec> = new Map(CSRS.map((c) => [c.name, c]));
const BY_NUMBER: ReadonlyMap<number, CsrSpec> = new Map(CSRS.map((c) => [c.number, c]));

/** The CSR with this name, or `undefined`. */
export function csrByName(name: string): CsrSpec | undefined {
  return BY_NAME.get(name);
}

/** The CSR at this address, or `undefined`. */
export function csrByNumber(n: number): CsrSpec | undefined {
  return BY_NUMBER.get(n);
}
