/**
 * The exit handler of trap-and-emulate: one plain function over an exit
 * (mcause, tval, pc), as Firecracker handles its exits, so tests can feed
 * it made-up ones. The guest kernel runs in physical U-mode, so every trap
 * it or its users take reaches the hypervisor; the handler either emulates
 * (privileged instructions, device accesses, hidden faults) or reflects the
 * trap into the guest at its stvec, as the hardware would have delivered it.
 */
import { EXC, IRQ, PAGE_SIZE, PMP, PRIV, interruptCause } from '@pvlab/assembler';
import { MROM_BASE, MROM_SIZE } from '../../machine/boot/reset-rom.js';
import { emulateAccess } from './data-access.js';
import { stepOnVcpu } from './step.js';
import { FETCH, LOAD, STORE, type AccessKind } from '../../machine/hart/mmu.js';
import type { Hart } from '../../machine/hart/hart.js';
import { hex } from '../../machine/hex.js';
import { reflect } from '../world-switch.js';
import { decodeTrapped } from './decode.js';
import { emulationOf } from './emulate.js';
import { emulateMmio } from './device-access.js';
import { SHADOW_R, SHADOW_W, SHADOW_X, SPACE_M_MPRV, type LazyShadow } from './lazy-shadow.js';
import type { ExitReason } from '../exit-reasons.js';
import type { ExitContext, HypervisorServices } from '../virtualization.js';

const PAGE_FAULT_KIND: Readonly<Record<number, AccessKind>> = { [EXC.instructionPage]: FETCH, [EXC.loadPage]: LOAD, [EXC.storePage]: STORE };
const ACCESS_FAULT = [EXC.instructionAccess, EXC.loadAccess, EXC.storeAccess] as const;
const PERM = [SHADOW_X, SHADOW_R, SHADOW_W] as const;
const MTI = interruptCause(IRQ.mti);
/** The ecall cause by the privilege it was made from (§3.1.15): U 8, S 9, M 11. */
const ECALL_FROM = [EXC.ecallU, EXC.ecallS, EXC.ecallS, EXC.ecallM] as const;
/** PMP permission by access kind, for the question "may the page be mapped whole?". */
const PMP_PERM = [PMP.X, PMP.R, PMP.W] as const;

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
    case EXC.ecallU: {
      const priv = c.vm.cpu.priv;
      if (c.vm.firmware === 'guest') {
        // The guest's own M-mode is its firmware: the ecall is the cause of its virtual privilege, routed by its medeleg.
        reflect(c, ECALL_FROM[priv], 0);
        if (c.tracing) c.effect = `ecall from virtual ${'USHM'[priv]} reflected to ${'USHM'[c.vm.cpu.priv]}-mode`;
        return c.vm.cpu.priv === PRIV.M ? 'm-ecall' : 'guest-ecall';
      }
      if (priv === PRIV.S) {
        s.hypercall(c);
        return 'hypercall';
      }
      reflect(c, EXC.ecallU, 0);
      if (c.tracing) c.effect = 'system call reflected';
      return 'guest-ecall';
    }
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
 * tables for the guest's virtual privilege (SUM, MXR, U, A/D, its PMP as
 * the hardware does; data at the effective privilege, MPRV's). The
 * outcomes: the guest's tables or PMP fault too (reflect a genuine fault);
 * they map RAM of the VM, or the reset ROM (a hidden fault: fill the
 * shadow); the access is one a shadow entry cannot express (perform it on
 * the vCPU, data-access.ts); or they map a device (emulate the access).
 */
function pageFault(c: ExitContext, kind: AccessKind, va: number, pager: LazyShadow): ExitReason {
  const cpu = c.vm.cpu;
  if (kind !== FETCH && pager.mode === SPACE_M_MPRV) return emulateAccess(c);
  const priv = kind === FETCH ? cpu.priv : cpu.dataPriv;
  const gpa = cpu.mmu.translate(va, 1, kind, priv);
  if (gpa < 0) {
    const cause = cpu.excCause;
    cpu.excCause = -1;
    reflect(c, cause, va);
    if (c.tracing) c.effect = `guest fault at ${hex(va)} reflected`;
    const access = cause === EXC.loadAccess || cause === EXC.storeAccess || cause === EXC.instructionAccess;
    return access ? (c.vm.firmware === 'guest' ? 'pmp-denied' : 'guest-exception') : 'guest-page-fault';
  }
  const bus = c.vm.guest.bus;
  const page = gpa - (gpa % PAGE_SIZE);
  // Through the VM's p2m (a trapped VM never balloons: its p2m stays identity, the old arithmetic).
  const host = bus.isRam(gpa, 1) ? c.vm.memory.p2m.toHost(page) : kind === STORE ? -1 : romPage(pager, page);
  if (host >= 0) {
    // A whole page may be mapped for a kind when nothing on it needs to see single accesses: no device overlay
    // (HTIF) for data, one PMP answer for the page. Otherwise a data access is performed by the vCPU.
    // (Every fill of the trapped kernel comes here: no closure or array per call.)
    const dataWhole = pager.mode !== SPACE_M_MPRV && !bus.overlaid(page, PAGE_SIZE);
    if (kind !== FETCH && !wholePage(cpu, kind, page, dataWhole)) return emulateAccess(c);
    // A page the guest's PMP splits for fetches is never executable on the shadow: each of its instructions runs on the vCPU.
    if (kind === FETCH && !wholePage(cpu, FETCH, page, dataWhole)) return stepOnVcpu(c);
    // Grant what was asked, and what a second probe allows without side effects (loads and fetches only set A,
    // which the walk just did); write permission only on a store, after the walk set D.
    let perms = PERM[kind];
    for (const other of PROBED) {
      if (other === kind || !wholePage(cpu, other, page, dataWhole)) continue;
      if (cpu.mmu.translate(va, 1, other, other === FETCH ? cpu.priv : cpu.dataPriv) >= 0) perms |= PERM[other];
      else cpu.excCause = -1;
    }
    pager.map(va, host, perms);
    if (c.tracing) c.effect = `shadow ${hex(va & ~0xfff)} → guest ${hex(page)}${perms & SHADOW_R ? ' r' : ''}${perms & SHADOW_W ? 'w' : ''}${perms & SHADOW_X ? 'x' : ''}`;
    return 'shadow-fault';
  }
  const done = kind === FETCH ? false : emulateMmio(c, gpa);
  if (done) return done;
  reflect(c, ACCESS_FAULT[kind], va);
  if (c.tracing) c.effect = `no device at ${hex(gpa)}: access fault reflected`;
  return 'guest-exception';
}

/** The kinds a fill probes besides the one that faulted. */
const PROBED = [FETCH, LOAD] as const;

/** Whether a shadow entry may map guest page `page` whole for kind `k`: data only where nothing on the page must see single accesses, and one PMP answer for the page. */
function wholePage(cpu: Hart, k: AccessKind, page: number, dataWhole: boolean): boolean {
  return (k === FETCH || dataWhole) && cpu.pmp.uniformOnPage(page, PMP_PERM[k], k === FETCH ? cpu.priv : cpu.dataPriv);
}

/** The pool page holding the guest-physical reset-ROM page `page`, or -1 (no ROM there, or none for this VM). */
function romPage(pager: LazyShadow, page: number): number {
  const rom = pager.rom;
  if (!rom || page < MROM_BASE || page >= MROM_BASE + MROM_SIZE) return -1;
  return page === MROM_BASE ? rom.host : rom.host + PAGE_SIZE;
}

