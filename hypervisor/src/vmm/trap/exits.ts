/**
 * The exit handler of trap-and-emulate: one plain function over an exit
 * (mcause, tval, pc), as Firecracker handles its exits, so tests can feed
 * it made-up ones. The guest kernel runs in physical U-mode, so every trap
 * it or its users take reaches the hypervisor; the handler either emulates
 * (privileged instructions, device accesses, hidden faults) or reflects the
 * trap into the guest at its stvec, as the hardware would have delivered it.
 */
import { EXC, IRQ, PAGE_SIZE, PRIV, interruptCause } from '@pvlab/assembler';
import { FETCH, LOAD, STORE, type AccessKind } from '../../machine/hart/mmu.js';
import { hex } from '../../machine/hex.js';
import { reflect } from '../world-switch.js';
import { decodeTrapped } from './decode.js';
import { emulationOf } from './emulate.js';
import { emulateMmio } from './device-access.js';
import { SHADOW_R, SHADOW_W, SHADOW_X, type LazyShadow } from './lazy-shadow.js';
import type { ExitReason } from '../exit-reasons.js';
import type { ExitContext, HypervisorServices } from '../virtualization.js';

const PAGE_FAULT_KIND: Readonly<Record<number, AccessKind>> = { [EXC.instructionPage]: FETCH, [EXC.loadPage]: LOAD, [EXC.storePage]: STORE };
const ACCESS_FAULT = [EXC.instructionAccess, EXC.loadAccess, EXC.storeAccess] as const;
const PERM = [SHADOW_X, SHADOW_R, SHADOW_W] as const;
const MTI = interruptCause(IRQ.mti);

/** Handle one exit; `c.pc` is where the guest resumes. Returns its reason. */
export function handleTrapExit(c: ExitContext, s: HypervisorServices, mcause: number, tval: number, pager: LazyShadow): ExitReason {
  if (mcause === MTI) {
    s.timer(c);
    return 'timer-irq';
  }
  switch (mcause) {
    case EXC.illegal: {
      const trapped = decodeTrapped(tval, c.hart.rvc);
      const emulate = trapped && emulationOf(trapped.name);
      const reason = emulate?.(c, trapped!);
      if (reason) {
        c.hart.instret++; // the guest retired the instruction the hypervisor ran for it
        return reason;
      }
      if (c.tracing) c.effect = 'illegal for the guest too: reflected';
      reflect(c, EXC.illegal, tval);
      return 'guest-exception';
    }
    case EXC.ecallU:
      if (c.vm.cpu.priv === PRIV.S) {
        s.hypercall(c);
        return 'hypercall';
      }
      reflect(c, EXC.ecallU, 0);
      if (c.tracing) c.effect = 'system call reflected';
      return 'guest-ecall';
    case EXC.instructionPage:
    case EXC.loadPage:
    case EXC.storePage:
      return pageFault(c, PAGE_FAULT_KIND[mcause], tval, pager);
    default:
      // Misaligned jumps, breakpoints, misaligned AMOs: the guest takes them as it would natively.
      if (c.tracing) c.effect = `reflected cause ${mcause}`;
      reflect(c, mcause, tval);
      return 'guest-exception';
  }
}

/**
 * A page fault on the shadow tables. The vCPU's MMU walks the guest's own
 * tables for the guest's virtual privilege (SUM, MXR, U, A/D as the
 * hardware does). Three outcomes: the guest's tables fault too (reflect a
 * genuine fault), they map RAM of the VM (a hidden fault: fill the shadow),
 * or they map a device (emulate the access).
 */
function pageFault(c: ExitContext, kind: AccessKind, va: number, pager: LazyShadow): ExitReason {
  const cpu = c.vm.cpu;
  const gpa = cpu.mmu.translate(va, 1, kind, cpu.priv);
  if (gpa < 0) {
    const cause = cpu.excCause;
    cpu.excCause = -1;
    reflect(c, cause, va);
    if (c.tracing) c.effect = `guest fault at ${hex(va)} reflected`;
    return cause === EXC.loadAccess || cause === EXC.storeAccess || cause === EXC.instructionAccess ? 'guest-exception' : 'guest-page-fault';
  }
  const bus = c.vm.guest.bus;
  if (bus.isRam(gpa, 1)) {
    // Grant what was asked, and what a second probe allows without side effects (loads and fetches only set A,
    // which the walk just did); write permission only on a store, after the walk set D.
    let perms = PERM[kind];
    for (const other of [FETCH, LOAD] as const) {
      if (other === kind) continue;
      if (cpu.mmu.translate(va, 1, other, cpu.priv) >= 0) perms |= PERM[other];
      else cpu.excCause = -1;
    }
    const page = gpa - (gpa % PAGE_SIZE);
    pager.map(va, page - bus.ramBase + c.vm.slot.ramHost, perms);
    if (c.tracing) c.effect = `shadow ${hex(va & ~0xfff)} → guest ${hex(page)}${perms & SHADOW_R ? ' r' : ''}${perms & SHADOW_W ? 'w' : ''}${perms & SHADOW_X ? 'x' : ''}`;
    return 'shadow-fault';
  }
  const done = kind === FETCH ? false : emulateMmio(c, gpa);
  if (done) {
    c.hart.instret++;
    return done;
  }
  reflect(c, ACCESS_FAULT[kind], va);
  if (c.tracing) c.effect = `no device at ${hex(gpa)}: access fault reflected`;
  return 'guest-exception';
}
