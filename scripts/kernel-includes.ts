/**
 * The guest kernel's generated includes: the constants its assembly shares
 * with the TypeScript that emulates the hart and the board, written from
 * that TypeScript so that neither side holds a hand-made copy.
 *
 * - `guest-kernel/include/riscv.inc`: the RISC-V privileged architecture
 *   (mstatus and sstatus bits, trap causes, interrupt bits, Sv32, satp, PMP,
 *   counters) from @pvlab/assembler's one table, `isa/privileged.ts`;
 * - `guest-kernel/include/board.inc`: the board, QEMU `virt` as pvlab
 *   emulates it (device addresses and registers, the finisher's codes, the
 *   benchmark markers) from @pvlab/hypervisor's devices, and the firmware
 *   contract (delegation, counters, exit code) from @pvlab/guest-kernel.
 *
 * `npm run docs` (scripts/docs.ts) writes them; test/docs/kernel-includes.test.ts
 * fails when a committed copy is stale or when the kernel defines one of
 * these names itself.
 */
import { CAUSES, CAUSE_INTERRUPT, COUNTEREN, IRQ, MENVCFGH_STCE, MEGAPAGE_SIZE, MPP_SHIFT, MSTATUS, PAGE_SHIFT, PAGE_SIZE, PMP, PMP_A_SHIFT, PMP_MATCH, PRIV, PTE, PTE_PPN_SHIFT, SATP, SSTATUS_MASK, S_INTERRUPTS, irqBit } from '@pvlab/assembler';
import { FIRMWARE_KERNEL_ENTRY, FIRMWARE_MCOUNTEREN, FIRMWARE_MEDELEG, FIRMWARE_MIDELEG, FIRMWARE_TRAP_EXIT } from '@pvlab/guest-kernel';
import {
  BENCH_MARKERS, CLINT_BASE, CLINT_REG, CLINT_SIZE, FINISHER_BASE, FINISHER_CODE_SHIFT, FINISHER_SIZE, FINISHER_STATUS, PLIC_BASE, PLIC_CONTEXT, PLIC_MAX_PRIORITY,
  PLIC_REG, PLIC_SIZE, PLIC_SOURCES, RAM_BASE, UART0_BASE, UART0_IRQ, UART0_SIZE, UART_FCR, UART_IER, UART_IIR, UART_LSR, UART_REG,
} from '@pvlab/hypervisor';

/** One `.equ` of a generated include. */
export interface IncludeSymbol {
  readonly name: string;
  readonly value: number;
  /** Where the value comes from, or what it means. */
  readonly comment: string;
  /** A number (a shift, a code, a count) rather than bits or an address: written in decimal. */
  readonly decimal?: boolean;
}

/** A titled group of symbols; `notes` are comment lines under the title. */
interface Section {
  readonly title: string;
  readonly notes?: readonly string[];
  readonly symbols: readonly IncludeSymbol[];
}

/** `enableStride` -> `ENABLE_STRIDE`, `load-page-fault` -> `LOAD_PAGE_FAULT`. */
const upper = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase();
/** Numbers and digits in decimal, bits and offsets in hex, 32-bit addresses with all eight digits. */
const value = (s: IncludeSymbol) => (s.decimal || s.value < 10 ? String(s.value) : `0x${(s.value >>> 0).toString(16).padStart(s.value < 0x1_0000 ? 0 : 8, '0')}`);
const equ = (s: IncludeSymbol) => `.equ ${s.name}, ${value(s)}`.padEnd(48) + `# ${s.comment}`;

/** One symbol per key of a constants table: `<prefix>_<KEY>`, the comment naming the table's row. */
const table = (prefix: string, tableName: string, rows: Readonly<Record<string, number>>, pick: (key: string) => boolean = () => true, decimal = false): IncludeSymbol[] =>
  Object.entries(rows).filter(([k]) => pick(k)).map(([k, v]) => ({ name: `${prefix}_${upper(k)}`, value: v, comment: `${tableName}.${k}`, decimal }));
const one = (name: string, v: number, comment: string, decimal = false): IncludeSymbol => ({ name, value: v, comment, decimal });
const all = () => true;

function render(file: string, header: readonly string[], sections: readonly Section[]): string {
  const seen = new Map<string, number>();
  for (const s of sections.flatMap((x) => x.symbols)) {
    if (seen.has(s.name)) throw new Error(`${file}: ${s.name} twice`);
    seen.set(s.name, s.value);
  }
  const lines = [`# ${file} -- ${header[0]}`, '# generated -- do not edit. Regenerate with: npm run docs', ...header.slice(1).map((l) => `# ${l}`)];
  for (const s of sections) lines.push('', `# ---- ${s.title} `.padEnd(80, '-'), ...(s.notes ?? []).map((l) => `# ${l}`), ...s.symbols.map(equ));
  return lines.join('\n') + '\n';
}

/** The RISC-V privileged architecture's constants (privileged specification 1.12). */
export function riscvSymbols(): Section[] {
  const exceptions = CAUSES.filter((c) => !c.interrupt);
  const interrupts = CAUSES.filter((c) => c.interrupt);
  const irqName = (code: number) => upper(interrupts.find((c) => c.code === code)!.name);
  const irqBits = (register: string, suffix: 'E' | 'P', only: number) =>
    Object.entries(IRQ)
      .filter(([, code]) => (irqBit(code) & only) !== 0)
      .map(([k, code]) => one(`${register}_${k.toUpperCase()}${suffix}`, irqBit(code), `${register.toLowerCase()} bit of IRQ_${irqName(code)}`));
  const allIrqs = Object.values(IRQ).reduce((m, c) => m | irqBit(c), 0);
  return [
    { title: 'privilege levels (§1.2)', notes: ['As MPP and SPP encode them.'], symbols: table('PRIV', 'PRIV', PRIV, all, true) },
    { title: 'mstatus (§3.1.6)', symbols: [...table('MSTATUS', 'MSTATUS', MSTATUS), one('MSTATUS_MPP_SHIFT', MPP_SHIFT, 'MPP_SHIFT: where MPP sits', true)] },
    {
      title: 'sstatus (§4.1.1)',
      notes: ['The supervisor\'s view of mstatus: the same bits.'],
      symbols: table('SSTATUS', 'MSTATUS', MSTATUS, (k) => (MSTATUS[k as keyof typeof MSTATUS] & SSTATUS_MASK) !== 0),
    },
    {
      title: 'trap causes (§3.1.15)',
      notes: ['mcause/scause: CAUSE_INTERRUPT | IRQ_* for an interrupt, EXC_* for an exception.'],
      symbols: [
        one('CAUSE_INTERRUPT', CAUSE_INTERRUPT, 'CAUSE_INTERRUPT: the cause is an interrupt'),
        ...exceptions.map((c) => one(`EXC_${upper(c.name)}`, c.code, c.doc, true)),
        ...interrupts.map((c) => one(`IRQ_${upper(c.name)}`, c.code, c.doc, true)),
      ],
    },
    {
      title: 'interrupt enable and pending bits (§3.1.9, §4.1.3)',
      notes: ['Bit n of mie/mip (and of sie/sip, the supervisor\'s view) is interrupt code n.'],
      symbols: [...irqBits('MIE', 'E', allIrqs), ...irqBits('MIP', 'P', allIrqs), ...irqBits('SIE', 'E', S_INTERRUPTS), ...irqBits('SIP', 'P', S_INTERRUPTS)],
    },
    {
      title: 'Sv32 (§10.3, §10.1.11)',
      notes: ['Pages, page-table entries (PTE = PPN << PTE_PPN_SHIFT | flags) and satp.'],
      symbols: [
        one('PAGE_SHIFT', PAGE_SHIFT, 'PAGE_SHIFT', true),
        one('PAGE_SIZE', PAGE_SIZE, 'PAGE_SIZE'),
        one('MEGAPAGE_SIZE', MEGAPAGE_SIZE, 'MEGAPAGE_SIZE: what a level-1 leaf maps'),
        ...table('PTE', 'PTE', PTE),
        one('PTE_PPN_SHIFT', PTE_PPN_SHIFT, 'PTE_PPN_SHIFT: where the PPN starts in a PTE', true),
        ...table('SATP', 'SATP', SATP),
      ],
    },
    {
      title: 'PMP (§3.7)',
      notes: ['pmpcfg: L, A (the address-matching mode, PMP_MATCH_* << PMP_A_SHIFT), X W R.'],
      symbols: [...table('PMP', 'PMP', PMP), one('PMP_A_SHIFT', PMP_A_SHIFT, 'PMP_A_SHIFT: where A sits', true), ...table('PMP_MATCH', 'PMP_MATCH', PMP_MATCH, all, true)],
    },
    { title: 'counters (§3.1.11) and Sstc (§3.1.18)', symbols: [...table('COUNTEREN', 'COUNTEREN', COUNTEREN), one('MENVCFGH_STCE', MENVCFGH_STCE, 'MENVCFGH_STCE: stimecmp drives STIP')] },
  ];
}

/** Rows of the device tables that describe the emulation, not the guest's view of a register. */
const BOOKKEEPING = new Set(['mswiEnd', 'mtimerEnd', 'decoded', 'kept']);
const registers = (key: string) => !BOOKKEEPING.has(key);

/** The board's constants and the firmware contract. */
export function boardSymbols(): Section[] {
  const device = (file: string) => `From hypervisor/src/machine/devices/${file}.`;
  return [
    { title: 'RAM', notes: ['From hypervisor/src/machine/bus.ts.'], symbols: [one('RAM_BASE', RAM_BASE, 'RAM_BASE')] },
    {
      title: 'the test finisher (sifive_test)',
      notes: [
        'A word written to offset 0 is code << FINISHER_CODE_SHIFT | status. The benchmark',
        'markers are words QEMU ignores and pvlab\'s board reports.',
        device('sifive-test.ts'),
      ],
      symbols: [
        one('FINISHER_BASE', FINISHER_BASE, 'FINISHER_BASE'),
        one('FINISHER_SIZE', FINISHER_SIZE, 'FINISHER_SIZE'),
        ...table('FINISHER', 'FINISHER_STATUS', FINISHER_STATUS),
        one('FINISHER_CODE_SHIFT', FINISHER_CODE_SHIFT, 'FINISHER_CODE_SHIFT: where a failure\'s exit code goes', true),
        ...table('BENCH', 'BENCH_MARKERS', BENCH_MARKERS),
      ],
    },
    {
      title: 'the CLINT',
      notes: ['Register offsets from CLINT_BASE.', device('clint.ts')],
      symbols: [one('CLINT_BASE', CLINT_BASE, 'CLINT_BASE'), one('CLINT_SIZE', CLINT_SIZE, 'CLINT_SIZE'), ...table('CLINT', 'CLINT_REG', CLINT_REG, registers)],
    },
    {
      title: 'the PLIC',
      notes: [
        'Offsets from PLIC_BASE: source s\'s priority at PLIC_PRIORITY + 4 * s; context c\'s',
        'enable bits at PLIC_ENABLE + c * PLIC_ENABLE_STRIDE, its threshold and claim at',
        'PLIC_CONTEXT + c * PLIC_CONTEXT_STRIDE + PLIC_THRESHOLD / PLIC_CLAIM.',
        device('plic.ts'),
      ],
      symbols: [
        one('PLIC_BASE', PLIC_BASE, 'PLIC_BASE'),
        one('PLIC_SIZE', PLIC_SIZE, 'PLIC_SIZE'),
        one('PLIC_SOURCES', PLIC_SOURCES, 'PLIC_SOURCES: source ids 0..PLIC_SOURCES-1, 0 = none', true),
        one('PLIC_MAX_PRIORITY', PLIC_MAX_PRIORITY, 'PLIC_MAX_PRIORITY', true),
        ...table('PLIC_CONTEXT', 'PLIC_CONTEXT', PLIC_CONTEXT, all, true),
        ...table('PLIC', 'PLIC_REG', PLIC_REG, registers),
      ],
    },
    {
      title: 'UART0, an NS16550A',
      notes: ['Byte registers at offsets from UART0_BASE, and their bits.', device('uart16550.ts')],
      symbols: [
        one('UART0_BASE', UART0_BASE, 'UART0_BASE'),
        one('UART0_SIZE', UART0_SIZE, 'UART0_SIZE'),
        one('UART0_IRQ', UART0_IRQ, 'UART0_IRQ: its PLIC source', true),
        ...table('UART', 'UART_REG', UART_REG),
        ...table('UART_IER', 'UART_IER', UART_IER),
        ...table('UART_IIR', 'UART_IIR', UART_IIR),
        ...table('UART_FCR', 'UART_FCR', UART_FCR, registers),
        ...table('UART_LSR', 'UART_LSR', UART_LSR),
      ],
    },
    {
      title: 'the firmware contract',
      notes: [
        'What pvlab\'s firmware gives an S-mode kernel; the hypervisor keeps the same',
        'contract when it plays the firmware. From guest-kernel/src/firmware-contract.ts.',
      ],
      symbols: [
        one('FIRMWARE_KERNEL_ENTRY', FIRMWARE_KERNEL_ENTRY, 'FIRMWARE_KERNEL_ENTRY: the kernel\'s _start, entered in S-mode with a0 = hart id'),
        one('FIRMWARE_MEDELEG', FIRMWARE_MEDELEG, 'FIRMWARE_MEDELEG: the exceptions delegated to the kernel'),
        one('FIRMWARE_MIDELEG', FIRMWARE_MIDELEG, 'FIRMWARE_MIDELEG: the interrupts delegated to the kernel'),
        one('FIRMWARE_MCOUNTEREN', FIRMWARE_MCOUNTEREN, 'FIRMWARE_MCOUNTEREN: the counters the kernel may read'),
        one('FIRMWARE_TRAP_EXIT', FIRMWARE_TRAP_EXIT, 'FIRMWARE_TRAP_EXIT: the exit code of a trap it did not delegate'),
      ],
    },
  ];
}

/** `guest-kernel/include/riscv.inc`. */
export const riscvInclude = (): string =>
  render('riscv.inc', ['the RISC-V privileged architecture\'s constants.', 'From @pvlab/assembler\'s one table (assembler/src/isa/privileged.ts), by scripts/kernel-includes.ts.'], riscvSymbols());

/** `guest-kernel/include/board.inc`. */
export const boardInclude = (): string =>
  render(
    'board.inc',
    ['the board\'s addresses, registers and codes, and the firmware contract.', 'From @pvlab/hypervisor\'s devices and @pvlab/guest-kernel, by scripts/kernel-includes.ts.'],
    boardSymbols(),
  );

/** The generated kernel includes, by path from the repository root. */
export const KERNEL_INCLUDES = {
  'guest-kernel/include/riscv.inc': riscvInclude,
  'guest-kernel/include/board.inc': boardInclude,
} as const;
