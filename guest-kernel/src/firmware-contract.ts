/**
 * The firmware contract: how pvlab's M-mode firmware (firmware/firmware.s)
 * hands the hart to an S-mode kernel, and how it fails. The hypervisor plays
 * this firmware for its VMs (`--mode trap` and `paravirt`), so the kernel
 * cannot tell the two apart; both sides read these values here, and the
 * firmware's own include (include/board.inc, generated) is written from them.
 */
import { EXC, IRQ, irqBit } from '@pvlab/assembler';

/** Where the firmware enters the kernel, in S-mode with a0 = hart id: the kernel's link address (src/link.ld). */
export const FIRMWARE_KERNEL_ENTRY = 0x8020_0000;

/** Exceptions the firmware delegates to the kernel: everything an S-mode kernel handles (not its own ecall, which is SBI). */
export const FIRMWARE_MEDELEG = [
  EXC.instructionMisaligned, EXC.instructionAccess, EXC.illegal, EXC.breakpoint, EXC.loadMisaligned, EXC.loadAccess,
  EXC.storeMisaligned, EXC.storeAccess, EXC.ecallU, EXC.instructionPage, EXC.loadPage, EXC.storePage,
].reduce((m: number, c: number) => m | (1 << c), 0);

/** Interrupts the firmware delegates: the supervisor's software, timer and external interrupts. */
export const FIRMWARE_MIDELEG = irqBit(IRQ.ssi) | irqBit(IRQ.sti) | irqBit(IRQ.sei);

/** mcounteren: every counter readable below M (cycle, time, instret, and TM for Sstc's stimecmp). */
export const FIRMWARE_MCOUNTEREN = 0xffff_ffff;

/** The exit code the firmware fails with (through the finisher) on a trap it did not delegate. */
export const FIRMWARE_TRAP_EXIT = 0x7f;
