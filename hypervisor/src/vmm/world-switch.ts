/**
 * What both modes' world switches share: moving the guest's registers
 * between the vCPU and the hart, the PMP fence that confines the hart to a
 * VM's slot, the "never" deadline, and delivering a trap into the guest as
 * the hardware would have (reflection).
 */
import { PMP, PMP_MATCH, napot, pmpCfg } from '@pvlab/assembler';
import type { Hart } from '../machine/hart/hart.js';
import type { ExitContext } from './virtualization.js';
import type { Vm } from './vm.js';

/** The guest's registers and pc onto the hart (x0 stays the hart's zero). */
export function loadGuestRegisters(h: Hart, vm: Vm): void {
  h.x.set(vm.cpu.x.subarray(1, 32), 1);
  h.pc = vm.cpu.pc;
}

/** The hart's registers and pc back into the vCPU. */
export function saveGuestRegisters(h: Hart, vm: Vm): void {
  vm.cpu.x.set(h.x.subarray(1, 32), 1);
  vm.cpu.pc = h.pc;
}

/** A deadline that never comes (mtimecmp all ones). */
export const NEVER = 2 ** 64 - 1;

/**
 * Set up PMP so S and U accesses reach only the VM's slot (R W X) and its
 * shadow pool (R, for the hart's own page walks): everything else fails,
 * since S/U accesses matching no entry fail (§3.7.1). A VM that starts at
 * the reset ROM has a copy of it in its pool (`rom`): read and execute,
 * matched first.
 *
 * A VM that ballooned has frames scattered over the board's whole VM-frame
 * area, which no handful of PMP entries can follow frame by frame: its fence
 * is the whole area (a TOR pair, §3.7.1.1), and what keeps it to its own
 * frames there is the shadow tables, which map only frames its p2m names.
 * PMP then still keeps it off the hypervisor's pools and everything else.
 */
export function fenceVm(h: Hart, vm: Vm, rom?: { readonly host: number; readonly size: number }): void {
  const p2m = vm.memory.p2m;
  // [match, pmpaddr, perms]: NAPOT regions, or the bottom (OFF) and top (TOR) of a TOR range.
  const entries: [number, number, number][] = [
    ...(rom ? [[PMP_MATCH.NAPOT, napot(rom.host, rom.size), PMP.R | PMP.X] as [number, number, number]] : []),
    ...(p2m.identity
      ? [[PMP_MATCH.NAPOT, napot(p2m.homeHost, vm.slot.ramSize), PMP.R | PMP.W | PMP.X] as [number, number, number]]
      : [[PMP_MATCH.OFF, p2m.pool.base >>> 2, 0], [PMP_MATCH.TOR, (p2m.pool.base + p2m.pool.size) >>> 2, PMP.R | PMP.W | PMP.X]] as [number, number, number][]),
    [PMP_MATCH.NAPOT, napot(vm.slot.poolHost, vm.slot.poolSize), PMP.R],
  ];
  let cfg = 0;
  entries.forEach(([match, addr, perms], i) => {
    h.pmp.writeAddr(i, addr);
    cfg |= pmpCfg(match, perms) << (8 * i);
  });
  h.pmp.writeCfg(0, cfg); // entries 0..3 at once: one left over from another VM is OFF
  h.pmpChanged();
}

/** Deliver a trap to the guest as the hardware would (to its stvec, or to the firmware's handler). */
export function reflect(c: ExitContext, cause: number, tval: number): void {
  c.hart.release(); // the guest takes a trap: its LR reservation is gone, as on the hardware
  c.vm.cpu.trap(cause, tval, c.pc);
  c.pc = c.vm.cpu.pc;
  c.hart.extraCycles++; // the cycle the guest's trap costs natively
}
