/**
 * Loads, stores and atomics the shadow tables cannot express, performed by
 * the vCPU with the hardware's own data path (hart.ts `loadSlow`,
 * `storeSlow`, atomics.ts): translation at the effective privilege, the
 * guest's PMP, page crossings, devices, HTIF. Three cases send an access
 * here rather than into a shadow entry:
 *
 * - virtual M-mode with `mstatus.MPRV`: fetches are M's (identity) but
 *   data are translated with the privilege in MPP (privileged spec
 *   §3.1.6.3) — one shadow table cannot map one address two ways;
 * - a page holding a device overlay (HTIF's `tohost`): the overlay must
 *   see the store, and RAM beside it on the page must still work;
 * - a page the guest's PMP splits (§3.7.1): a shadow entry grants a page.
 *
 * The guest resumes after the instruction, or takes the fault the vCPU
 * raised, exactly as the hart would have.
 */
import { EXC } from '@pvlab/assembler';
import { AMO_ADD, AMO_AND, AMO_LR, AMO_MAX, AMO_MAXU, AMO_MIN, AMO_MINU, AMO_OR, AMO_SC, AMO_SWAP, AMO_XOR } from '../../machine/hart/atomics.js';
import { hex } from '../../machine/hex.js';
import { reflect } from '../world-switch.js';
import { stepOnVcpu } from './step.js';
import { MMIO_ACCESSES, trappedInstruction } from './device-access.js';
import type { ExitReason } from '../exit-reasons.js';
import type { ExitContext } from '../virtualization.js';

/** The A extension's rows by base name (ordering suffixes dropped), as the interpreter passes them to `Hart.amo`. */
export const AMO_IDS: Readonly<Record<string, number>> = Object.freeze({
  'lr.w': AMO_LR, 'sc.w': AMO_SC, 'amoswap.w': AMO_SWAP, 'amoadd.w': AMO_ADD, 'amoxor.w': AMO_XOR, 'amoand.w': AMO_AND,
  'amoor.w': AMO_OR, 'amomin.w': AMO_MIN, 'amomax.w': AMO_MAX, 'amominu.w': AMO_MINU, 'amomaxu.w': AMO_MAXU,
});

const ACCESS_FAULTS: ReadonlySet<number> = new Set([EXC.loadAccess, EXC.storeAccess, EXC.instructionAccess]);
const PAGE_FAULTS: ReadonlySet<number> = new Set([EXC.loadPage, EXC.storePage, EXC.instructionPage]);

/** The reason of an exit whose access faulted for the guest: its PMP, its page tables, or anything else (misalignment). */
export const faultReason = (cause: number): ExitReason => (ACCESS_FAULTS.has(cause) ? 'pmp-denied' : PAGE_FAULTS.has(cause) ? 'guest-page-fault' : 'guest-exception');

/** Perform the data access of the instruction at `c.pc` on the vCPU; returns the exit's reason. */
export function emulateAccess(c: ExitContext): ExitReason {
  const cpu = c.vm.cpu, x = c.hart.x;
  const d = trappedInstruction(c);
  const access = d && MMIO_ACCESSES[d.name];
  const amo = d && AMO_IDS[d.name.replace(/\.(aq|rl|aqrl)$/, '')];
  if (!d || (!access && amo === undefined)) {
    // Not a load, store or AMO (a fetch-only page never faults on data otherwise): the hardware's access fault.
    reflect(c, EXC.loadAccess, c.pc);
    return 'guest-exception';
  }
  cpu.pc = c.pc;
  // Counted as running while it accesses, as the hart counts its own (a device reads the time it would).
  c.hart.instret++;
  let effect = '';
  if (access) {
    const va = (x[d.rs1] + (access.store ? d.simm12 : d.imm12)) >>> 0;
    if (access.store) {
      cpu.storeSlow(va, access.width, x[d.rs2]);
      effect = `${d.name} ${hex(va)} ← ${hex(x[d.rs2] >>> 0)}`;
    } else {
      const v = cpu.loadSlow(va, access.width, access.signed);
      if (cpu.excCause < 0 && d.rd !== 0) x[d.rd] = v;
      effect = `${d.name} ${hex(va)} → ${hex(v >>> 0)}`;
    }
  } else {
    // LR/SC and AMOs: the vCPU runs the instruction, so an SC finds the reservation its LR made there.
    c.hart.instret--;
    return stepOnVcpu(c);
  }
  if (cpu.excCause >= 0) {
    const cause = cpu.excCause, tval = cpu.excTval;
    cpu.excCause = -1;
    c.hart.instret--; // it did not retire: it trapped
    reflect(c, cause, tval);
    if (c.tracing) c.effect = `${effect}: cause ${cause} reflected`;
    return faultReason(cause);
  }
  c.pc = (c.pc + d.length) >>> 0;
  if (c.tracing) c.effect = effect;
  return 'emulated-access';
}
