/**
 * The target description gdb reads with qXfer:features:read (GDB manual,
 * "Target Descriptions"; the RISC-V features in "RISC-V Features"):
 *
 *   org.gnu.gdb.riscv.cpu      x0..x31 by their ABI names, and pc
 *   org.gnu.gdb.riscv.csr      every CSR the hart implements, by its name in
 *                              the assembler's CSR table (so `info registers
 *                              sstatus` and `p $scause` work)
 *   org.gnu.gdb.riscv.virtual  `priv`, the privilege mode (as QEMU offers it)
 *
 * Register numbers follow gdb's own RISC-V numbering (riscv-tdep.h): the
 * general registers 0..31, pc 32, the CSRs 65 + their number, priv 65 + 4096.
 * There is no floating point: the board is RV32IMA.
 */
import { ABI_NAMES, CSRS } from '@pvlab/assembler';

/** Remote register numbers. */
export const REG = { pc: 32, firstCsr: 65, priv: 65 + 4096 } as const;

/** The CSR a remote register number names, or undefined. */
export function csrOfRegister(regnum: number): number | undefined {
  const csr = regnum - REG.firstCsr;
  return csr >= 0 && csr < 4096 && IMPLEMENTED.has(csr) ? csr : undefined;
}

const IMPLEMENTED = new Set(CSRS.filter((c) => c.implemented).map((c) => c.number));

/** x0..x31 by their ABI names, as QEMU's description names them (`fp` for x8, which gdb also knows as s0). */
const NAMES = ABI_NAMES.map((name) => (name === 's0' ? 'fp' : name));

const TYPES: Readonly<Record<number, string>> = { 1: 'code_ptr', 2: 'data_ptr', 3: 'data_ptr', 4: 'data_ptr', 8: 'data_ptr' };

function reg(name: string, regnum: number, type = 'int'): string {
  return `    <reg name="${name}" bitsize="32" type="${type}" regnum="${regnum}"/>`;
}

/** The whole description, one document (target.xml). */
export const TARGET_XML = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE target SYSTEM "gdb-target.dtd">',
  '<target version="1.0">',
  '  <architecture>riscv:rv32</architecture>',
  '  <feature name="org.gnu.gdb.riscv.cpu">',
  ...NAMES.map((name, i) => reg(name, i, TYPES[i])),
  reg('pc', REG.pc, 'code_ptr'),
  '  </feature>',
  '  <feature name="org.gnu.gdb.riscv.csr">',
  ...CSRS.filter((c) => c.implemented).map((c) => reg(c.name, REG.firstCsr + c.number)),
  '  </feature>',
  '  <feature name="org.gnu.gdb.riscv.virtual">',
  reg('priv', REG.priv),
  '  </feature>',
  '</target>',
  '',
].join('\n');

/** The documents qXfer:features:read serves, by annex. */
export const FEATURE_DOCUMENTS: ReadonlyMap<string, string> = new Map([['target.xml', TARGET_XML]]);
