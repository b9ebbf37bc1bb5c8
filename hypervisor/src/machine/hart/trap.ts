/**
 * The hart's trap path (privileged specification §3.1.6.1, §3.1.9, §3.3,
 * §4.1.1): choosing the interrupt to take, taking a trap — to S-mode when
 * delegated, to M-mode, or to the monitor (the hypervisor) when one is
 * attached — and the instructions that leave or wait on traps: mret, sret,
 * wfi, and sfence.vma (which the same privilege rules guard).
 */
import { CAUSE_INTERRUPT, IRQ_PRIORITY, MPP_SHIFT, MSTATUS, PRIV, type Priv } from '@pvlab/assembler';
import type { Hart } from './hart.js';
import { readEpc } from './csr.js';

/**
 * The interrupt to take now, as an mcause value, or -1 (§3.1.9): an
 * interrupt goes to M unless delegated; it is enabled in a less privileged
 * mode always, in its own mode by xIE.
 */
export function pendingInterrupt(h: Hart): number {
  const pending = h.mip() & h.mie;
  if (pending === 0) return -1;
  const mEnabled = h.priv < PRIV.M || (h.mstatus & MSTATUS.MIE) !== 0;
  const sEnabled = h.priv < PRIV.S || (h.priv === PRIV.S && (h.mstatus & MSTATUS.SIE) !== 0);
  for (const bit of IRQ_PRIORITY) {
    const m = 1 << bit;
    if (!(pending & m)) continue;
    const delegated = (h.mideleg & m) !== 0;
    if (delegated ? sEnabled && h.priv <= PRIV.S : mEnabled) return (CAUSE_INTERRUPT | bit) >>> 0;
  }
  // Delegated interrupts pending while the hart runs in M-mode wait (they cannot preempt M).
  return -1;
}

/**
 * Take a trap at `pc` (§3.1.6.1, §4.1.1): to S-mode if delegated and the
 * hart is not in M-mode, else to M-mode — or to the monitor, if attached.
 */
export function takeTrap(h: Hart, mcause: number, tval: number, pc: number): void {
  const interrupt = (mcause & CAUSE_INTERRUPT) !== 0;
  const code = mcause & 0x7fff_ffff;
  (interrupt ? h.interruptCounts : h.exceptionCounts)[code & 31]++;
  const deleg = interrupt ? h.mideleg : h.medeleg;
  const toS = h.priv <= PRIV.S && ((deleg >>> code) & 1) === 1;
  // A trap clears the LR reservation. One that goes to the monitor may be hidden from the software (a
  // hypervisor filling a shadow page table between an LR and its SC): the monitor decides, and clears it when
  // the software does take a trap.
  if (toS || !h.monitor) h.release();
  if (toS) {
    h.extraCycles++; // taking a trap costs a cycle, so even a trap storm lets time pass
    h.scause = mcause >>> 0;
    h.sepc = pc >>> 0;
    h.stval = tval >>> 0;
    let s = h.mstatus;
    s = (s & MSTATUS.SIE ? s | MSTATUS.SPIE : s & ~MSTATUS.SPIE) & ~MSTATUS.SIE;
    s = h.priv === PRIV.S ? s | MSTATUS.SPP : s & ~MSTATUS.SPP;
    h.mstatus = s;
    h.setPriv(PRIV.S);
    h.pc = vector(h.stvec, interrupt, code);
    return;
  }
  if (h.monitor) {
    h.pc = pc >>> 0;
    h.monitor.trap(h, mcause >>> 0, tval >>> 0);
    h.updateModes();
    h.checkInterrupts = true;
    return;
  }
  h.extraCycles++;
  h.mcause = mcause >>> 0;
  h.mepc = pc >>> 0;
  h.mtval = tval >>> 0;
  let s = h.mstatus;
  s = (s & MSTATUS.MIE ? s | MSTATUS.MPIE : s & ~MSTATUS.MPIE) & ~MSTATUS.MIE;
  s = (s & ~MSTATUS.MPP) | (h.priv << MPP_SHIFT);
  h.mstatus = s;
  h.setPriv(PRIV.M);
  h.pc = vector(h.mtvec, interrupt, code);
}

/** The handler address: BASE, or BASE + 4 × cause for interrupts in vectored mode (xtvec.MODE = 1). */
function vector(tvec: number, interrupt: boolean, code: number): number {
  const base = tvec & ~3;
  return ((tvec & 3) === 1 && interrupt ? base + 4 * code : base) >>> 0;
}

/** mret (§3.3.2). Returns false if illegal here. */
export function mret(h: Hart): boolean {
  if (h.priv !== PRIV.M) return false;
  let s = h.mstatus;
  const mpp = ((s & MSTATUS.MPP) >>> MPP_SHIFT) as Priv;
  s = s & MSTATUS.MPIE ? s | MSTATUS.MIE : s & ~MSTATUS.MIE;
  s = (s | MSTATUS.MPIE) & ~MSTATUS.MPP; // MPP ← U
  if (mpp !== PRIV.M) s &= ~MSTATUS.MPRV;
  h.mstatus = s;
  h.setPriv(mpp);
  h.pc = readEpc(h, h.mepc); // bit 1 masked while IALIGN = 32 (§3.1.14), as for a CSR read
  h.checkInterrupts = true;
  return true;
}

/** sret (§3.3.2): illegal in U-mode, and in S-mode when TSR is set. */
export function sret(h: Hart): boolean {
  if (h.priv === PRIV.U || (h.priv === PRIV.S && (h.mstatus & MSTATUS.TSR) !== 0)) return false;
  let s = h.mstatus;
  const spp = (s & MSTATUS.SPP ? PRIV.S : PRIV.U) as Priv;
  s = s & MSTATUS.SPIE ? s | MSTATUS.SIE : s & ~MSTATUS.SIE;
  s = (s | MSTATUS.SPIE) & ~MSTATUS.SPP;
  s &= ~MSTATUS.MPRV; // the new mode is never M
  h.mstatus = s;
  h.setPriv(spp);
  h.pc = readEpc(h, h.sepc);
  h.checkInterrupts = true;
  return true;
}

/** wfi (§3.3.3): illegal in U-mode, and below M when TW is set. */
export function wfi(h: Hart): boolean {
  if (h.priv === PRIV.U || (h.priv < PRIV.M && (h.mstatus & MSTATUS.TW) !== 0)) return false;
  if ((h.mip() & h.mie) === 0) h.waiting = true;
  return true;
}

/** sfence.vma (§4.2.1): illegal in U-mode, and in S-mode when TVM is set. */
export function sfenceVma(h: Hart, va: number | undefined): boolean {
  if (h.priv === PRIV.U || (h.priv === PRIV.S && (h.mstatus & MSTATUS.TVM) !== 0)) return false;
  if (va === undefined) h.mmu.flush();
  else h.mmu.flushPage(va);
  return true;
}
