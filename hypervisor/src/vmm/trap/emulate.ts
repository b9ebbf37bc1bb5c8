/**
 * Trap-and-emulate: the instructions a deprivileged guest kernel cannot run
 * itself. The hart raised illegal-instruction with the word in mtval; the
 * hypervisor replays the instruction on the vCPU, which applies the
 * hardware's own rules for the guest's virtual privilege (csr.ts, sret,
 * wfi, sfence.vma in hart/trap.ts). When the vCPU says the instruction is
 * illegal there too, the guest gets the illegal-instruction trap it would
 * get on real hardware.
 *
 * One row per privileged or CSR instruction of the instruction table; a
 * test checks that every such row has one.
 */
import { PRIV } from '@pvlab/assembler';
import { csrAccess } from '../../machine/hart/csr.js';
import { hex } from '../../machine/hex.js';
import type { ExitReason } from '../exit-reasons.js';
import type { ExitContext } from '../virtualization.js';
import type { TrappedInstruction } from './decode.js';

/** An emulation: the exit reason, or undefined when the instruction is illegal for the guest. */
export type Emulation = (c: ExitContext, f: TrappedInstruction) => ExitReason | undefined;

/**
 * Zicsr (§7): RW = 1, RS = 2, RC = 3; immediate forms take the zimm field
 * as the source. The access is the hart's own CSR instruction (`Hart.csr`)
 * run on the vCPU, with the instruction counted as running, as the hart
 * counts it: a counter reads its value before the instruction, and a
 * counter write takes the place of the instruction's own increment
 * (unpriv "Zicsr"), so the guest reads minstret and mcycle as it would on
 * the bare board.
 */
function csrOp(op: 1 | 2 | 3, immediate: boolean): Emulation {
  return (c, { rd, rs1, csr, zimm }) => {
    const cpu = c.vm.cpu;
    const src = immediate ? zimm : c.hart.x[rs1];
    // csrrs/csrrc with x0 (or a zero immediate) read without writing, so a read-only CSR is fine.
    const writes = op === 1 || rs1 !== 0;
    cpu.pc = c.pc; // a misa write looks at where the next instruction is (csr.ts)
    cpu.setRetired(cpu.retired() + 1);
    const ok = cpu.csr(csr, op, src >>> 0, writes, 32); // x[32]: the vCPU's sink register receives the old value
    cpu.setRetired(cpu.retired() - 1);
    if (!ok) return undefined;
    const old = cpu.x[32] >>> 0;
    if (rd !== 0) c.hart.x[rd] = old | 0;
    c.pc = (c.pc + 4) >>> 0;
    if (c.tracing) c.effect = writes ? `csr ${hex(csr)}: ${hex(old)} → ${hex(csrAccess(cpu, csr, false, (o) => o) ?? 0)}` : `csr ${hex(csr)} = ${hex(old)}`;
    // Bits 9:8 of the number are the lowest privilege that may access it (§2.1): 3 is machine level.
    if (((csr >>> 8) & 3) === PRIV.M) return 'm-csr';
    return writes ? 'csr-write' : 'csr-read';
  };
}

const EMULATIONS: Readonly<Record<string, Emulation>> = Object.freeze({
  csrrw: csrOp(1, false),
  csrrs: csrOp(2, false),
  csrrc: csrOp(3, false),
  csrrwi: csrOp(1, true),
  csrrsi: csrOp(2, true),
  csrrci: csrOp(3, true),
  sret: (c) => {
    if (!c.vm.cpu.sret()) return undefined;
    c.pc = c.vm.cpu.pc;
    if (c.tracing) c.effect = `to ${c.vm.cpu.priv === PRIV.U ? 'U' : 'S'}-mode at ${hex(c.pc)}`;
    return 'sret';
  },
  // mret is legal in virtual M-mode only (§3.3.2): with the builtin firmware the vCPU never is, so it is illegal there.
  mret: (c) => {
    if (!c.vm.cpu.mret()) return undefined;
    c.pc = c.vm.cpu.pc;
    if (c.tracing) c.effect = `to ${'USHM'[c.vm.cpu.priv]}-mode at ${hex(c.pc)}`;
    return 'mret';
  },
  wfi: (c) => {
    if (!c.vm.cpu.wfi()) return undefined;
    c.pc = (c.pc + 4) >>> 0;
    if (c.tracing) c.effect = c.vm.cpu.waiting ? 'idle until an interrupt' : 'an interrupt is pending: go on';
    return 'wfi';
  },
  'sfence.vma': (c, { rs1 }) => {
    const va = rs1 === 0 ? undefined : c.hart.x[rs1] >>> 0;
    if (!c.vm.cpu.sfenceVma(va)) return undefined;
    // The ASID (rs2) is ignored: flushing it for every ASID is what the specification allows an implementation.
    c.flush(c.vm, va);
    c.pc = (c.pc + 4) >>> 0;
    if (c.tracing) c.effect = va === undefined ? 'shadow tables dropped' : `shadow entry for ${hex(va)} dropped`;
    return 'sfence-vma';
  },
});

/** Instruction rows that can trap as illegal in physical U-mode and may be legal for the guest. */
export function emulatedRows(): readonly string[] {
  return Object.keys(EMULATIONS);
}

/** The emulation of a table row, or undefined for one that is not privileged (illegal everywhere). */
export function emulationOf(name: string): Emulation | undefined {
  return EMULATIONS[name];
}
