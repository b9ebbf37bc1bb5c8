/**
 * The firmware's part, played by the hypervisor: what happens to a trap the
 * firmware did not delegate to the kernel (an ecall from S-mode aside,
 * which is a hypercall). pvlab's native firmware reports it on the console
 * and fails through the finisher; the VM does exactly the same, so a
 * misbehaving kernel ends the same way natively and virtualized.
 */
import { FIRMWARE_TRAP_EXIT } from '@pvlab/guest-kernel';
import { hex8 } from '../machine/hex.js';
import type { Vm } from './vm.js';

/** A trap the firmware would not have delegated reached the VM's virtual M-mode: report it and fail, as the firmware does. */
export function unhandledTrap(vm: Vm, mcause: number, tval: number): void {
  const line = `firmware: unexpected trap mcause=${hex8(mcause)} mepc=${hex8(vm.cpu.pc)} mtval=${hex8(tval)}\n`;
  for (const ch of line) vm.guest.uart.write(0, 1, ch.charCodeAt(0));
  vm.halt(FIRMWARE_TRAP_EXIT, line.trim());
}
