/**
 * The seam check: disassemble code and find every privileged instruction and
 * every device address formed outside the pv-ops sites (pvop-sites.ts).
 *
 * - privileged: an instruction whose INSTRUCTIONS row is Zicsr or Priv (csr*,
 *   sret, mret, wfi, sfence.vma), or ecall (a hypercall, in a kernel);
 * - device access: a load, store or AMO whose base register holds an
 *   address in a device window, formed by `lui`/`auipc` (+ `addi`): the
 *   only way code can reach a device, since none is within a 12-bit
 *   immediate of zero and the kernel has no device symbols to load.
 */
import { disassembleWord, type Program } from '@pvlab/assembler';
import type { PvopSite } from '../../src/index.js';

/** QEMU virt's device windows (the kernel's generated board.inc gives them). */
export function deviceWindows(program: Program): { name: string; base: number; size: number }[] {
  const sym = (n: string) => {
    const s = program.symbols.find((y) => y.name === n);
    if (!s) throw new Error(`the kernel defines no ${n} (board.inc)`);
    return s.value >>> 0;
  };
  return [
    { name: 'finisher', base: sym('FINISHER_BASE'), size: sym('FINISHER_SIZE') },
    { name: 'clint', base: sym('CLINT_BASE'), size: sym('CLINT_SIZE') },
    { name: 'plic', base: sym('PLIC_BASE'), size: sym('PLIC_SIZE') },
    { name: 'uart/virtio', base: sym('UART0_BASE'), size: 0x9000 }, // UART0 and the eight virtio-mmio slots after it
  ];
}

/** One instruction the seam should have contained. */
export interface Violation {
  readonly addr: number;
  readonly text: string;
  readonly why: string;
}

const OP = { load: 0x03, store: 0x23, amo: 0x2f, opImm: 0x13, lui: 0x37, auipc: 0x17, branch: 0x63, jal: 0x6f, jalr: 0x67 } as const;
const signed12 = (v: number) => (v << 20) >> 20;

/** Options of {@link seamViolations}. */
export interface SeamCheckOptions {
  /** Is `ecall` privileged here? Yes in the kernel (a hypercall), no in user code (a system call). */
  readonly ecallIsPrivileged: boolean;
}

/**
 * Check the instructions in [start, end) (the addresses the line map knows:
 * code, not data) against the sites.
 *
 * Device accesses are found by following values through straight-line code:
 * a register set by `lui` (+ `addi`) to a device window, then used as the
 * base of a load, store or AMO. Any other write to the register, and any
 * branch or jump, forgets what it held. Forming a device address without
 * using it (printing the memory map, writing a PTE for it) is no access.
 */
export function seamViolations(program: Program, sites: readonly PvopSite[], start: number, end: number, options: SeamCheckOptions): Violation[] {
  const windows = deviceWindows(program);
  const inSite = (a: number) => sites.some((s) => a >= s.start && a < s.end);
  const device = (a: number) => windows.find((w) => a >>> 0 >= w.base && a >>> 0 < w.base + w.size);
  const addrs = [...new Set(program.lineMap.filter((l) => l.addr >= start && l.addr < end).map((l) => l.addr))].sort((a, b) => a - b);
  const out: Violation[] = [];
  const known = new Map<number, number>(); // register -> value formed by lui/auipc/addi
  let prev = -1;
  for (const addr of addrs) {
    if (addr !== prev + 4) known.clear();
    prev = addr;
    const word = new DataView(program.read(addr, 4).buffer).getUint32(0, true);
    const d = disassembleWord(word, addr);
    const spec = d.spec;
    const op = word & 0x7f, rd = (word >>> 7) & 31, rs1 = (word >>> 15) & 31;
    const site = inSite(addr);
    if (!spec) {
      if (!site) out.push({ addr, text: d.text, why: 'not an instruction' });
      continue;
    }
    if (!site && (spec.ext === 'Zicsr' || spec.ext === 'Priv' || (spec.name === 'ecall' && options.ecallIsPrivileged))) out.push({ addr, text: d.text, why: 'privileged instruction' });
    const base = known.get(rs1);
    if (base !== undefined && !site && (op === OP.load || op === OP.store || op === OP.amo)) {
      const offset = op === OP.load ? signed12(word >>> 20) : op === OP.store ? signed12(((word >>> 25) << 5) | ((word >>> 7) & 31)) : 0;
      const w = device(base + offset);
      if (w) out.push({ addr, text: d.text, why: `${w.name} access` });
    }
    if (op === OP.branch || op === OP.jal || op === OP.jalr) {
      known.clear();
      continue;
    }
    if (op === OP.store || op === OP.branch || rd === 0) continue;
    if (op === OP.lui) known.set(rd, (word & 0xfffff000) >>> 0);
    else if (op === OP.auipc) known.set(rd, (addr + (word & 0xfffff000)) >>> 0);
    else if (op === OP.opImm && ((word >>> 12) & 7) === 0 && known.has(rs1)) known.set(rd, (known.get(rs1)! + signed12(word >>> 20)) >>> 0);
    else known.delete(rd);
  }
  return out;
}
/** `file:line` of an address, for messages. */
export const where = (program: Program, addr: number): string => {
  const l = program.lineAt(addr);
  return l ? `${l.file}:${l.line}` : `0x${addr.toString(16)}`;
};
