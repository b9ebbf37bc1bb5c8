/**
 * THE CSR table: number, name, lowest privilege that may access it,
 * whether pvlab's hart implements it, and when objdump names it.
 *
 * CSR address conventions (privileged specification §2.1, Table 3): bits
 * 11:10 are 0b11 for read-only CSRs, bits 9:8 the lowest privilege level
 * that may access the CSR (0 U, 1 S, 2 H, 3 M). Both are derived from the
 * number; the table only names what is not derivable.
 */
export type Privilege = 'U' | 'S' | 'H' | 'M';

/**
 * Versions of the privileged specification that binutils 2.40 knows, oldest
 * first. objdump names CSRs by the version in the object's
 * Tag_RISCV_priv_spec attribute (or `-M priv-spec=`), else by the newest.
 */
export const PRIV_SPECS = ['1.9.1', '1.10', '1.11', '1.12'] as const;
/** A privileged-specification version, `1.9.1` … `1.12`. */
export type PrivSpec = (typeof PRIV_SPECS)[number];

/**
 * The version GNU as 2.40 records in every object that has a CSR
 * instruction, so the one objdump names CSRs by when it reads such objects.
 */
export const GNU_DEFAULT_PRIV_SPEC: PrivSpec = '1.11';

/**
 * When objdump 2.40 prints a CSR's name rather than its number
 * (`csrr a0,mstatus` but `csrr a0,0x30a` under 1.11): under the versions
 * from `from` (default: the oldest) up to but excluding `until`.
 */
export interface GnuNaming {
  readonly from?: PrivSpec;
  readonly until?: PrivSpec;
  /** The name it prints under 1.9.1 instead, where that differs (`sbadaddr` for stval). */
  readonly name191?: string;
}

export interface CsrSpec {
  readonly number: number;
  readonly name: string;
  /** Lowest privilege level that may access it (from bits 9:8). */
  readonly privilege: Privilege;
  /** Read-only by address (bits 11:10 == 0b11). */
  readonly readOnly: boolean;
  /** Implemented by pvlab's emulated hart (others raise illegal-instruction). */
  readonly implemented: boolean;
  /** When objdump 2.40 prints this name; `undefined` if it never does. */
  readonly gnu: GnuNaming | undefined;
  readonly doc: string;
}

const PRIVS: readonly Privilege[] = ['U', 'S', 'H', 'M'];

/** objdump names it under every version. */
const ALWAYS: GnuNaming = Object.freeze({});
/** objdump names it from version `from` on; `name191`: its name under 1.9.1. */
const since = (from: PrivSpec, name191?: string): GnuNaming => Object.freeze({ from, name191 });
/** objdump names it only before version `until` (CSRs the specification dropped). */
const before = (until: PrivSpec, from?: PrivSpec, name191?: string): GnuNaming => Object.freeze({ from, until, name191 });

function csr(number: number, name: string, doc: string, implemented = true, gnu: GnuNaming | undefined = ALWAYS): CsrSpec {
  return Object.freeze({
    number, name, doc, implemented, gnu,
    privilege: PRIVS[(number >> 8) & 3],
    readOnly: (number >> 10) === 3,
  });
}

/** A CSR pvlab's hart does not implement (reads and writes raise illegal-instruction). */
const absent = (number: number, name: string, doc: string, gnu: GnuNaming = ALWAYS): CsrSpec =>
  csr(number, name, doc, false, gnu);

/** `count` consecutive CSRs `name(i)` from `base`. */
const run = (base: number, count: number, make: (n: number, i: number) => CsrSpec): CsrSpec[] =>
  Array.from({ length: count }, (_, i) => make(base + i, i));

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
  csr(0x106, 'scounteren', 'supervisor counter enable', true, since('1.10')),
  csr(0x10a, 'senvcfg', 'supervisor environment configuration', true, since('1.12')),
  csr(0x140, 'sscratch', 'supervisor scratch'),
  csr(0x141, 'sepc', 'supervisor exception pc'),
  csr(0x142, 'scause', 'supervisor trap cause'),
  csr(0x143, 'stval', 'supervisor trap value', true, since('1.10', 'sbadaddr')),
  csr(0x144, 'sip', 'supervisor interrupt pending'),
  csr(0x14d, 'stimecmp', 'supervisor timer compare (Sstc)'),
  csr(0x15d, 'stimecmph', 'upper 32 bits of stimecmp (Sstc)'),
  csr(0x180, 'satp', 'supervisor address translation and protection', true, since('1.10', 'sptbr')),

  // Machine information.
  csr(0xf11, 'mvendorid', 'vendor id'),
  csr(0xf12, 'marchid', 'architecture id'),
  csr(0xf13, 'mimpid', 'implementation id'),
  csr(0xf14, 'mhartid', 'hardware thread id'),
  csr(0xf15, 'mconfigptr', 'pointer to configuration data structure', true, since('1.12')),

  // Machine trap setup and handling.
  csr(0x300, 'mstatus', 'machine status'),
  csr(0x301, 'misa', 'ISA and extensions'),
  csr(0x302, 'medeleg', 'machine exception delegation'),
  csr(0x303, 'mideleg', 'machine interrupt delegation'),
  csr(0x304, 'mie', 'machine interrupt enable'),
  csr(0x305, 'mtvec', 'machine trap vector base'),
  csr(0x306, 'mcounteren', 'machine counter enable', true, since('1.10')),
  csr(0x30a, 'menvcfg', 'machine environment configuration', true, since('1.12')),
  csr(0x310, 'mstatush', 'upper 32 bits of mstatus', true, since('1.12')),
  csr(0x31a, 'menvcfgh', 'upper 32 bits of menvcfg', true, since('1.12')),
  csr(0x320, 'mcountinhibit', 'machine counter inhibit', true, since('1.11', 'mucounteren')),
  csr(0x340, 'mscratch', 'machine scratch'),
  csr(0x341, 'mepc', 'machine exception pc'),
  csr(0x342, 'mcause', 'machine trap cause'),
  csr(0x343, 'mtval', 'machine trap value', true, since('1.10', 'mbadaddr')),
  csr(0x344, 'mip', 'machine interrupt pending'),

  // Physical memory protection: 16 configuration registers (RV32) and 64 address registers.
  // Privileged 1.10 had 4 and 16 of them; objdump names the rest from 1.12 on.
  ...run(0x3a0, 16, (n, i) => csr(n, `pmpcfg${i}`, `PMP configuration ${i}`, true, since(i < 4 ? '1.10' : '1.12'))),
  ...run(0x3b0, 64, (n, i) => csr(n, `pmpaddr${i}`, `PMP address ${i}`, true, since(i < 16 ? '1.10' : '1.12'))),
  csr(0x747, 'mseccfg', 'machine security configuration', true, since('1.12')),
  csr(0x757, 'mseccfgh', 'upper 32 bits of mseccfg', true, since('1.12')),

  // Machine counters.
  csr(0xb00, 'mcycle', 'machine cycle counter'),
  csr(0xb02, 'minstret', 'machine instructions-retired counter'),
  ...counters(0xb00, 'mhpmcounter', 'machine performance-monitoring counter', true),
  csr(0xb80, 'mcycleh', 'upper 32 bits of mcycle'),
  csr(0xb82, 'minstreth', 'upper 32 bits of minstret'),
  ...counters(0xb80, 'mhpmcounter', '', true).map((c) => csr(c.number, c.name.replace(/(\d+)$/, '$1h'), `upper 32 bits of mhpmcounter${c.name.slice(11)}`)),
  ...counters(0x320, 'mhpmevent', 'machine performance-monitoring event selector', true),

  // ---- CSRs pvlab's hart does not implement, listed because objdump names them. ----

  // Floating point (F), vector (V) and entropy source (Zkr).
  absent(0x001, 'fflags', 'floating-point accrued exceptions (F)'),
  absent(0x002, 'frm', 'floating-point rounding mode (F)'),
  absent(0x003, 'fcsr', 'floating-point control and status (F)'),
  absent(0x008, 'vstart', 'vector start position (V)'),
  absent(0x009, 'vxsat', 'fixed-point saturation flag (V)'),
  absent(0x00a, 'vxrm', 'fixed-point rounding mode (V)'),
  absent(0x00f, 'vcsr', 'vector control and status (V)'),
  absent(0x015, 'seed', 'entropy source (Zkr)'),
  absent(0xc20, 'vl', 'vector length (V)'),
  absent(0xc21, 'vtype', 'vector data type (V)'),
  absent(0xc22, 'vlenb', 'vector register length in bytes (V)'),

  // User-level traps (the N extension), dropped by privileged 1.12.
  absent(0x000, 'ustatus', 'user status (N)', before('1.12')),
  absent(0x004, 'uie', 'user interrupt enable (N)', before('1.12')),
  absent(0x005, 'utvec', 'user trap vector base (N)', before('1.12')),
  absent(0x040, 'uscratch', 'user scratch (N)', before('1.12')),
  absent(0x041, 'uepc', 'user exception pc (N)', before('1.12')),
  absent(0x042, 'ucause', 'user trap cause (N)', before('1.12')),
  absent(0x043, 'utval', 'user trap value (N)', before('1.12', '1.10', 'ubadaddr')),
  absent(0x044, 'uip', 'user interrupt pending (N)', before('1.12')),
  absent(0x102, 'sedeleg', 'supervisor exception delegation (N)', before('1.12')),
  absent(0x103, 'sideleg', 'supervisor interrupt delegation (N)', before('1.12')),

  // Privileged 1.9.1 only: counter enables and base-and-bound translation.
  absent(0x321, 'mscounteren', 'supervisor counter enable (1.9.1)', before('1.10')),
  absent(0x322, 'mhcounteren', 'hypervisor counter enable (1.9.1)', before('1.10')),
  ...['mbase', 'mbound', 'mibase', 'mibound', 'mdbase', 'mdbound'].map((name, i) =>
    absent(0x380 + i, name, `base-and-bound register ${name} (1.9.1)`, before('1.10'))),

  // Supervisor: state enable (Smstateen), AIA, Sscofpmf, debug context.
  ...run(0x10c, 4, (n, i) => absent(n, `sstateen${i}`, `supervisor state enable ${i} (Smstateen)`)),
  absent(0x114, 'sieh', 'upper 32 bits of sie (AIA)'),
  absent(0x150, 'siselect', 'supervisor indirect register select (AIA)'),
  absent(0x151, 'sireg', 'supervisor indirect register alias (AIA)'),
  absent(0x154, 'siph', 'upper 32 bits of sip (AIA)'),
  absent(0x15c, 'stopei', 'supervisor top external interrupt (AIA)'),
  absent(0x5a8, 'scontext', 'supervisor-mode context (Sdtrig)'),
  absent(0xda0, 'scountovf', 'counter overflow (Sscofpmf)'),
  absent(0xdb0, 'stopi', 'supervisor top interrupt (AIA)'),

  // Virtual supervisor (H).
  absent(0x200, 'vsstatus', 'virtual supervisor status (H)'),
  absent(0x204, 'vsie', 'virtual supervisor interrupt enable (H)'),
  absent(0x205, 'vstvec', 'virtual supervisor trap vector base (H)'),
  absent(0x214, 'vsieh', 'upper 32 bits of vsie (AIA)'),
  absent(0x240, 'vsscratch', 'virtual supervisor scratch (H)'),
  absent(0x241, 'vsepc', 'virtual supervisor exception pc (H)'),
  absent(0x242, 'vscause', 'virtual supervisor trap cause (H)'),
  absent(0x243, 'vstval', 'virtual supervisor trap value (H)'),
  absent(0x244, 'vsip', 'virtual supervisor interrupt pending (H)'),
  absent(0x24d, 'vstimecmp', 'virtual supervisor timer compare (Sstc)'),
  absent(0x250, 'vsiselect', 'virtual supervisor indirect register select (AIA)'),
  absent(0x251, 'vsireg', 'virtual supervisor indirect register alias (AIA)'),
  absent(0x254, 'vsiph', 'upper 32 bits of vsip (AIA)'),
  absent(0x25c, 'vstopei', 'virtual supervisor top external interrupt (AIA)'),
  absent(0x25d, 'vstimecmph', 'upper 32 bits of vstimecmp (Sstc)'),
  absent(0x280, 'vsatp', 'virtual supervisor address translation and protection (H)'),
  absent(0xeb0, 'vstopi', 'virtual supervisor top interrupt (AIA)'),

  // Hypervisor (H), with its AIA and Smstateen additions.
  absent(0x600, 'hstatus', 'hypervisor status (H)'),
  absent(0x602, 'hedeleg', 'hypervisor exception delegation (H)'),
  absent(0x603, 'hideleg', 'hypervisor interrupt delegation (H)'),
  absent(0x604, 'hie', 'hypervisor interrupt enable (H)'),
  absent(0x605, 'htimedelta', 'delta for VS/VU-mode timer (H)'),
  absent(0x606, 'hcounteren', 'hypervisor counter enable (H)'),
  absent(0x607, 'hgeie', 'hypervisor guest external interrupt enable (H)'),
  absent(0x608, 'hvien', 'hypervisor virtual interrupt enables (AIA)'),
  absent(0x609, 'hvictl', 'hypervisor virtual interrupt control (AIA)'),
  absent(0x60a, 'henvcfg', 'hypervisor environment configuration (H)'),
  ...run(0x60c, 4, (n, i) => absent(n, `hstateen${i}`, `hypervisor state enable ${i} (Smstateen)`)),
  absent(0x613, 'hidelegh', 'upper 32 bits of hideleg (AIA)'),
  absent(0x615, 'htimedeltah', 'upper 32 bits of htimedelta (H)'),
  absent(0x618, 'hvienh', 'upper 32 bits of hvien (AIA)'),
  absent(0x61a, 'henvcfgh', 'upper 32 bits of henvcfg (H)'),
  ...run(0x61c, 4, (n, i) => absent(n, `hstateen${i}h`, `upper 32 bits of hstateen${i} (Smstateen)`)),
  absent(0x643, 'htval', 'hypervisor trap value (H)'),
  absent(0x644, 'hip', 'hypervisor interrupt pending (H)'),
  absent(0x645, 'hvip', 'hypervisor virtual interrupt pending (H)'),
  absent(0x646, 'hviprio1', 'hypervisor VS-level interrupt priorities 1 (AIA)'),
  absent(0x647, 'hviprio2', 'hypervisor VS-level interrupt priorities 2 (AIA)'),
  absent(0x64a, 'htinst', 'hypervisor trap instruction (H)'),
  absent(0x655, 'hviph', 'upper 32 bits of hvip (AIA)'),
  absent(0x656, 'hviprio1h', 'upper 32 bits of hviprio1 (AIA)'),
  absent(0x657, 'hviprio2h', 'upper 32 bits of hviprio2 (AIA)'),
  absent(0x680, 'hgatp', 'hypervisor guest address translation and protection (H)'),
  absent(0x6a8, 'hcontext', 'hypervisor-mode context (Sdtrig)'),
  absent(0xe12, 'hgeip', 'hypervisor guest external interrupt pending (H)'),

  // Machine: AIA, Smstateen, H additions, Sscofpmf event upper halves.
  absent(0x308, 'mvien', 'machine virtual interrupt enables (AIA)'),
  absent(0x309, 'mvip', 'machine virtual interrupt pending (AIA)'),
  ...run(0x30c, 4, (n, i) => absent(n, `mstateen${i}`, `machine state enable ${i} (Smstateen)`)),
  absent(0x313, 'midelegh', 'upper 32 bits of mideleg (AIA)'),
  absent(0x314, 'mieh', 'upper 32 bits of mie (AIA)'),
  absent(0x318, 'mvienh', 'upper 32 bits of mvien (AIA)'),
  absent(0x319, 'mviph', 'upper 32 bits of mvip (AIA)'),
  ...run(0x31c, 4, (n, i) => absent(n, `mstateen${i}h`, `upper 32 bits of mstateen${i} (Smstateen)`)),
  absent(0x34a, 'mtinst', 'machine trap instruction (H)', since('1.12')),
  absent(0x34b, 'mtval2', 'machine second trap value (H)', since('1.12')),
  absent(0x350, 'miselect', 'machine indirect register select (AIA)'),
  absent(0x351, 'mireg', 'machine indirect register alias (AIA)'),
  absent(0x354, 'miph', 'upper 32 bits of mip (AIA)'),
  absent(0x35c, 'mtopei', 'machine top external interrupt (AIA)'),
  absent(0xfb0, 'mtopi', 'machine top interrupt (AIA)'),
  ...run(0x723, 29, (n, i) => absent(n, `mhpmevent${i + 3}h`, `upper 32 bits of mhpmevent${i + 3} (Sscofpmf)`)),

  // Debug and trigger module (Sdext, Sdtrig).
  csr(0x7a0, 'tselect', 'debug/trace trigger register select'),
  ...run(0x7a1, 3, (n, i) => csr(n, `tdata${i + 1}`, `debug/trace trigger data ${i + 1}`)),
  absent(0x7a4, 'tinfo', 'debug trigger information'),
  absent(0x7a5, 'tcontrol', 'debug trigger control'),
  absent(0x7a8, 'mcontext', 'machine-mode context (Sdtrig)'),
  absent(0x7aa, 'mscontext', 'supervisor-mode context, machine alias (Sdtrig)'),
  absent(0x7b0, 'dcsr', 'debug control and status'),
  absent(0x7b1, 'dpc', 'debug pc'),
  absent(0x7b2, 'dscratch0', 'debug scratch 0'),
  absent(0x7b3, 'dscratch1', 'debug scratch 1'),
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

/** Whether objdump 2.40 prints CSR `spec`'s name (or its 1.9.1 name) under version `priv`. */
function gnuNameUnder(spec: CsrSpec, priv: PrivSpec): string | undefined {
  const gnu = spec.gnu;
  if (!gnu) return undefined;
  const v = PRIV_SPECS.indexOf(priv);
  if (v === 0 && gnu.name191) return gnu.name191;
  const from = gnu.from ? PRIV_SPECS.indexOf(gnu.from) : 0;
  const until = gnu.until ? PRIV_SPECS.indexOf(gnu.until) : PRIV_SPECS.length;
  return v >= from && v < until ? spec.name : undefined;
}

// One 4096-entry name array per version, built on first use.
const GNU_NAMES = new Map<PrivSpec, readonly (string | undefined)[]>();

/**
 * The names objdump 2.40 prints for all 4096 CSR numbers under privileged
 * spec `priv` (`undefined` where it prints the number in hex), indexed by number.
 */
export function gnuCsrNames(priv: PrivSpec = GNU_DEFAULT_PRIV_SPEC): readonly (string | undefined)[] {
  let names = GNU_NAMES.get(priv);
  if (!names) {
    const table: (string | undefined)[] = new Array(4096).fill(undefined);
    for (const spec of CSRS) table[spec.number] = gnuNameUnder(spec, priv);
    names = Object.freeze(table);
    GNU_NAMES.set(priv, names);
  }
  return names;
}
