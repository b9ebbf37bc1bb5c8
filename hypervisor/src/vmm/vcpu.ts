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
 * entering the kernel (see guest-kernel/firmware): the guest cannot see the
 * difference between the firmware and the hypervisor.
 */
import { Hart } from '../machine/hart/hart.js';
import { EXC, IRQ } from '../machine/hart/causes.js';
import { PRIV } from '../machine/hart/mstatus.js';
import type { Bus } from '../machine/bus.js';
import type { HartClock } from '../machine/hart/hart.js';

/** Exceptions the firmware delegates to the kernel (everything an S-mode kernel handles). */
export const FIRMWARE_MEDELEG =
  [EXC.instructionMisaligned, EXC.instructionAccess, EXC.illegal, EXC.breakpoint, EXC.loadMisaligned, EXC.loadAccess,
    EXC.storeMisaligned, EXC.storeAccess, EXC.ecallU, EXC.instructionPage, EXC.loadPage, EXC.storePage].reduce((m: number, c: number) => m | (1 << c), 0);
/** Interrupts the firmware delegates: the supervisor's software, timer and external interrupts. */
export const FIRMWARE_MIDELEG = (1 << IRQ.ssi) | (1 << IRQ.sti) | (1 << IRQ.sei);
/** menvcfgh.STCE: Sstc's stimecmp is on. */
const STCE = 0x8000_0000;

/**
 * Set a hart up as pvlab's firmware leaves it for the kernel: delegation,
 * counters, Sstc, PMP over all memory, S-mode at `entry` with a0 = hart id.
 */
export function applyFirmwareState(v: Hart, entry: number, hartId = 0): void {
  v.medeleg = FIRMWARE_MEDELEG;
  v.mideleg = FIRMWARE_MIDELEG;
  v.mcounteren = 0xffff_ffff;
  v.menvcfgh = STCE;
  // PMP entry 0: NAPOT over everything, R W X — the firmware's "all memory" rule.
  v.pmp.writeAddr(0, 0xffff_ffff);
  v.pmp.writeCfg(0, 0x1f);
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
