/**
 * The virtual CPU: the board's own hart model, run on the VM's
 * guest-physical board, used for its architectural state and rules only —
 * it never executes an instruction. It holds the guest's privilege, its
 * S-mode CSRs, its trap and interrupt logic and its MMU (which walks the
 * guest's own page tables). Emulating a trapped instruction is replaying it
 * on this hart with the hardware's semantics (csr.ts, xRET, WFI, the Sv32
 * walk), so emulation cannot drift from the board.
 *
 * Its machine-level state is what pvlab's firmware would have set before
 * entering the kernel (the firmware contract of @pvlab/guest-kernel): the guest cannot see the
 * difference between the firmware and the hypervisor.
 */
import { MENVCFGH_STCE, PMP, PMP_MATCH, PRIV, pmpCfg } from '@pvlab/assembler';
import { FIRMWARE_MCOUNTEREN, FIRMWARE_MEDELEG, FIRMWARE_MIDELEG } from '@pvlab/guest-kernel';
import { Hart } from '../machine/hart/hart.js';
import type { Bus } from '../machine/bus.js';
import type { HartClock } from '../machine/hart/hart.js';

/**
 * Set a hart up as pvlab's firmware leaves it for the kernel: delegation,
 * counters, Sstc, PMP over all memory, S-mode at `entry` with a0 = hart id.
 */
export function applyFirmwareState(v: Hart, entry: number, hartId = 0): void {
  v.medeleg = FIRMWARE_MEDELEG;
  v.mideleg = FIRMWARE_MIDELEG;
  v.mcounteren = FIRMWARE_MCOUNTEREN;
  v.menvcfgh = MENVCFGH_STCE;
  // PMP entry 0: NAPOT over everything (pmpaddr all ones), R W X — the firmware's "all memory" rule.
  v.pmp.writeAddr(0, 0xffff_ffff);
  v.pmp.writeCfg(0, pmpCfg(PMP_MATCH.NAPOT, PMP.R | PMP.W | PMP.X));
  v.pmpChanged();
  v.setPriv(PRIV.S);
  v.pc = entry >>> 0;
  v.x[10] = hartId;
}

/** A vCPU on a VM's guest board, in the state the kernel is entered in. */
export function createVcpu(bus: Bus, clock: HartClock, entry: number, hartId = 0): Hart {
  const v = new Hart(bus, clock);
  applyFirmwareState(v, entry, hartId);
  return v;
}
