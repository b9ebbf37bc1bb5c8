/**
 * One instruction executed by the vCPU itself, for what neither a shadow
 * entry nor a targeted emulation expresses exactly:
 *
 * - a fetch from a page the guest's PMP splits: a shadow entry grants a
 *   whole page, the hardware checks every fetch (privileged spec §3.7.1);
 * - LR/SC and AMOs under MPRV (data-access.ts): the reservation must be
 *   the one the vCPU's own LR made.
 *
 * The vCPU is the board's hart holding the guest's state, so one step of it
 * is the hardware's semantics by construction: its fetch with the guest's
 * PMP and page tables, its MPRV, its traps through the guest's own
 * medeleg into the guest's own handlers. The guest's registers are lent to
 * it for the step and taken back; the instruction (or the trap it took) is
 * counted as the guest's, as if the hart had run it.
 */
import { hex } from '../../machine/hex.js';
import type { ExitReason } from '../exit-reasons.js';
import type { ExitContext } from '../virtualization.js';

/** Run the instruction at `c.pc` on the vCPU; the guest resumes where it left the vCPU. */
export function stepOnVcpu(c: ExitContext): ExitReason {
  const cpu = c.vm.cpu, h = c.hart;
  cpu.x.set(h.x.subarray(1, 32), 1);
  cpu.pc = c.pc;
  const retired = cpu.retired(), extra = cpu.extraCycles;
  // The hypervisor delivers interrupts after the exit (settle): the step runs the instruction, whatever a
  // timer moved before (a pending yield would end the step before it began).
  const yielded = cpu.yieldRequested;
  cpu.yieldRequested = false;
  cpu.checkInterrupts = false;
  cpu.waiting = false;
  cpu.run(1);
  cpu.yieldRequested ||= yielded;
  h.x.set(cpu.x.subarray(1, 32), 1);
  c.pc = cpu.pc;
  h.instret += cpu.retired() - retired;
  h.extraCycles += cpu.extraCycles - extra; // a trap it took costs the guest its cycle
  if (c.tracing) c.effect = `executed by the vCPU: next ${hex(c.pc)}`;
  return 'stepped';
}
