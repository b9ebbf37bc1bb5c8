/**
 * Paravirtualization's world switch: the guest kernel runs in physical
 * S-mode, confined — mstatus.TVM traps its satp and sfence.vma, TW its wfi,
 * PMP fences it into its slot, and the hart walks shadow tables only the
 * hypervisor writes (eager-shadow.ts). Its users' system calls, its page
 * faults and its timer and console interrupts are delegated to it, as Xen
 * let system calls reach a ring-1 kernel directly: they cost no exit. What
 * it may not do itself it asks for by hypercall (an ecall from S-mode).
 *
 * Illegal instructions are delegated too: a paravirtual kernel asks for a
 * new root by hypercall, so a satp write or sfence.vma (trapped by TVM) or a
 * wfi (TW) is the guest's own illegal instruction, and never an exit.
 *
 * The vCPU holds the guest's S-mode state while the VM is off the hart;
 * while it runs, the hart's own CSRs are the guest's.
 */
import { EXC, IRQ, MEGAPAGE_SIZE, MENVCFGH_STCE, MSTATUS, PAGE_SIZE, PRIV, SSTATUS_MASK, S_INTERRUPTS, interruptCause, irqBit, satpPaging, satpRoot, sv32Satp } from '@pvlab/assembler';
import { FIRMWARE_MCOUNTEREN, FIRMWARE_MEDELEG, FIRMWARE_MIDELEG } from '@pvlab/guest-kernel';
import type { Hart } from '../../machine/hart/hart.js';
import { fenceVm, NEVER, reflect, loadGuestRegisters, saveGuestRegisters } from '../world-switch.js';
import { EagerShadow, type EagerShadowState } from './eager-shadow.js';
import type { ExitReason } from '../exit-reasons.js';
import type { ExitContext, HypervisorServices, Virtualization } from '../virtualization.js';
import type { Vm } from '../vm.js';
import { WORK } from '../work.js';

const SOFT_PENDING = irqBit(IRQ.ssi) | irqBit(IRQ.sei); // the bits of mip software drives (SEIP: console input)
const MTI = interruptCause(IRQ.mti);

/**
 * The S-mode registers a world switch moves whole between the hart and the
 * vCPU (mstatus, mie and mip are merged bit by bit). Written out field by
 * field: every hypercall exit copies them, and a loop over names is a keyed
 * access V8 cannot make fast.
 */
function copyState(to: Hart, from: Hart): void {
  to.stvec = from.stvec;
  to.sscratch = from.sscratch;
  to.sepc = from.sepc;
  to.scause = from.scause;
  to.stval = from.stval;
  to.scounteren = from.scounteren;
  to.senvcfg = from.senvcfg;
  to.stimecmpLo = from.stimecmpLo;
  to.stimecmpHi = from.stimecmpHi;
}

/** No satp: the shadow root must be installed again (a satp is an unsigned value, never this). */
const NO_ROOT = -1;

/** What the mode keeps per VM: its shadow tables and the root the hart walks for it. */
interface PvState {
  readonly shadow: EagerShadow;
  /** The guest satp the installed shadow root was made for (NO_ROOT: none, or out of date). */
  rootFor: number;
  /** The hart's satp for that root (NO_ROOT before the first). */
  physicalSatp: number;
}

/** A paravirtual VM's mode state, as a snapshot holds it. */
interface PvVmState {
  readonly shadow: EagerShadowState;
  /** The guest satp whose shadow root is installed, and that root as a pool offset (or NO_ROOT). */
  readonly rootFor: number;
  readonly physicalRoot: number;
}

export class PvMode implements Virtualization {
  readonly mode = 'paravirt' as const;
  // One record per VM, its fields changed in place: an address-space switch costs no map update
  // (deleting and re-adding a key on every switch made V8 rehash the map, measured as 10% of a multicall).
  private readonly state = new Map<Vm, PvState>();

  attach(vm: Vm): void {
    if (vm.slot.ramSize % MEGAPAGE_SIZE !== 0) throw new RangeError('paravirtual VMs need RAM in whole 4 MiB megapages');
    const shadow = new EagerShadow(vm.board, vm.guest.bus.ramBase, vm.slot.ramSize, vm.memory.p2m, vm.slot.poolHost, vm.slot.poolSize);
    this.state.set(vm, { shadow, rootFor: NO_ROOT, physicalSatp: NO_ROOT });
  }

  saveVm(vm: Vm): PvVmState {
    const st = this.state.get(vm)!;
    return { shadow: st.shadow.save(), rootFor: st.rootFor, physicalRoot: st.physicalSatp === NO_ROOT ? NO_ROOT : satpRoot(st.physicalSatp) - vm.slot.poolHost };
  }

  loadVm(vm: Vm, state: unknown): void {
    const s = state as PvVmState, st = this.state.get(vm)!;
    st.shadow.load(s.shadow);
    st.rootFor = s.rootFor;
    if (s.physicalRoot !== NO_ROOT && (s.physicalRoot < 0 || s.physicalRoot >= vm.slot.poolSize || s.physicalRoot % PAGE_SIZE !== 0)) throw new RangeError(`a shadow root at pool offset ${s.physicalRoot}`);
    st.physicalSatp = s.physicalRoot === NO_ROOT ? NO_ROOT : sv32Satp(vm.slot.poolHost + s.physicalRoot) >>> 0;
  }

  shadow(vm: Vm): EagerShadow {
    return this.state.get(vm)!.shadow;
  }

  configure(h: Hart): void {
    h.medeleg = FIRMWARE_MEDELEG;
    h.mideleg = FIRMWARE_MIDELEG;
    h.menvcfgh = MENVCFGH_STCE;
  }

  enter(h: Hart, vm: Vm): void {
    loadGuestRegisters(h, vm);
    fenceVm(h, vm);
    this.push(h, vm);
    // The hart still walks the previous VM's shadow: point it at this VM's (built again only if its root changed).
    const satp = this.state.get(vm)!.physicalSatp;
    if (satp !== NO_ROOT && satp !== h.satp >>> 0) h.setSatp(satp);
  }

  leave(h: Hart, vm: Vm): void {
    saveGuestRegisters(h, vm);
    this.pull(h, vm);
  }

  park(h: Hart, vm: Vm): void {
    this.leave(h, vm);
    // The hart delivers a paravirtual guest's interrupts and fires its Sstc timer itself: disarm both.
    h.setMstatus(h.mstatus & ~(SSTATUS_MASK | MSTATUS.MPRV));
    h.mie = irqBit(IRQ.mti);
    h.mipSw &= ~SOFT_PENDING;
    h.setStimecmpHalves(0xffff_ffff, 0xffff_ffff);
    h.interruptsChanged();
  }

  exit(c: ExitContext, s: HypervisorServices, mcause: number, tval: number): ExitReason {
    c.hart.release(); // every exit of a paravirtual guest is a trap its native twin takes too (an ecall, an interrupt)
    if (mcause === MTI) {
      s.timer(c);
      return 'timer-irq';
    }
    if (mcause === EXC.ecallS) {
      this.pull(c.hart, c.vm); // the dispatcher translates guest pointers with the guest's current satp and SUM
      s.hypercall(c);
      return 'hypercall';
    }
    // Everything else is delegated to the guest; should a trap arrive anyway, deliver it as the hardware would have.
    this.pull(c.hart, c.vm);
    reflect(c, mcause, tval);
    this.push(c.hart, c.vm);
    if (c.tracing) c.effect = `reflected cause ${mcause}`;
    return 'guest-exception';
  }

  settle(h: Hart, vm: Vm): boolean {
    // The hart delivers the guest's interrupts itself; an idle guest wakes when one is pending and enabled.
    if (vm.cpu.waiting && (h.mip() & h.mie & S_INTERRUPTS) !== 0) vm.cpu.waiting = false;
    return vm.cpu.waiting;
  }

  wakes(vm: Vm): boolean {
    return (vm.cpu.mip() & vm.cpu.mie) !== 0;
  }

  deadline(vm: Vm, running: boolean): number {
    return running ? NEVER : vm.cpu.stimecmp; // while it runs, the hart sees its stimecmp itself (Sstc)
  }

  flush(h: Hart, vm: Vm, va: number | undefined): void {
    // The hart's TLB and the dispatcher's view of the guest's tables (hypercall pointers) alike: all, or that page only.
    if (va === undefined) (h.mmu.flush(), vm.cpu.mmu.flush());
    else (h.mmu.flushPage(va), vm.cpu.mmu.flushPage(va));
  }

  setRoot(h: Hart, vm: Vm, satp: number, running: boolean): boolean {
    const st = this.state.get(vm)!, shadow = st.shadow, before = shadow.entries;
    if (satpPaging(satp) && !shadow.mappable(satpRoot(satp))) return false;
    vm.cpu.setSatp(satp >>> 0);
    st.rootFor = NO_ROOT; // build the root again from the guest's table as it is now
    if (running) this.installRoot(h, vm);
    vm.work.charge((shadow.entries - before) * WORK.shadowEntry);
    return true;
  }

  pteWritten(h: Hart, vm: Vm, ptep: number, value: number): void {
    const st = this.state.get(vm)!, shadow = st.shadow, before = shadow.entries;
    if (!shadow.update(ptep, value)) {
      shadow.reset();
      st.rootFor = NO_ROOT;
      this.installRoot(h, vm);
    }
    vm.work.charge((shadow.entries - before) * WORK.shadowEntry); // the tables a pointer made, or a rebuild
  }

  /**
   * A VM's p2m changed (it handed frames back or got some): drop every
   * shadow — they name machine frames — and the TLBs; when it runs, fence it
   * again (PMP: its home, or the whole frame area) and build its root anew
   * (otherwise its next world switch does).
   */
  memoryChanged(h: Hart, vm: Vm, running: boolean): void {
    const st = this.state.get(vm)!;
    st.shadow.reset();
    st.rootFor = NO_ROOT;
    vm.cpu.mmu.flush();
    if (!running) return;
    fenceVm(h, vm);
    this.installRoot(h, vm);
    h.mmu.flush();
  }

  /** The index of the first of `gpas` (guest frames) the VM's validated tables use or map with a 4 KiB leaf, or -1. */
  framesInUse(vm: Vm, gpas: readonly number[]): number {
    return this.state.get(vm)!.shadow.inUse(gpas);
  }

  setTimer(h: Hart, vm: Vm, value: number, running: boolean): void {
    (running ? h : vm.cpu).setStimecmp(value);
  }

  softInterrupt(h: Hart, vm: Vm, running: boolean): void {
    // SSIP is delegated: the hart delivers it to the guest itself, and the guest clears it in sip.
    for (const t of running ? [h, vm.cpu] : [vm.cpu]) {
      t.mipSw |= irqBit(IRQ.ssi);
      t.interruptsChanged();
    }
  }

  inputPending(h: Hart, vm: Vm, pending: boolean, running: boolean): void {
    for (const t of running ? [h, vm.cpu] : [vm.cpu]) {
      t.mipSw = pending ? t.mipSw | irqBit(IRQ.sei) : t.mipSw & ~irqBit(IRQ.sei);
      t.interruptsChanged();
    }
  }

  /** The vCPU's S-mode state onto the hart, with the confinement bits. */
  private push(h: Hart, vm: Vm): void {
    const v = vm.cpu;
    h.setMstatus((h.mstatus & ~(SSTATUS_MASK | MSTATUS.MPRV | MSTATUS.TSR)) | (v.mstatus & SSTATUS_MASK) | MSTATUS.TVM | MSTATUS.TW);
    copyState(h, v);
    h.setStimecmpHalves(v.stimecmpLo, v.stimecmpHi); // the board recomputes its next deadline
    h.mie = (v.mie & S_INTERRUPTS) | irqBit(IRQ.mti);
    h.mipSw = (h.mipSw & ~SOFT_PENDING) | (v.mipSw & SOFT_PENDING);
    h.mcounteren = FIRMWARE_MCOUNTEREN; // the counters, as the firmware grants them: the guest reads them itself
    h.setPriv(v.priv);
    h.interruptsChanged();
    if (this.state.get(vm)!.rootFor !== v.satp >>> 0) this.installRoot(h, vm);
  }

  /** The hart's S-mode state back into the vCPU. */
  private pull(h: Hart, vm: Vm): void {
    const v = vm.cpu;
    v.setMstatus((v.mstatus & ~SSTATUS_MASK) | (h.mstatus & SSTATUS_MASK));
    copyState(v, h);
    v.mie = (v.mie & ~S_INTERRUPTS) | (h.mie & S_INTERRUPTS);
    v.mipSw = (v.mipSw & ~SOFT_PENDING) | (h.mipSw & SOFT_PENDING);
    v.setPriv(h.priv === PRIV.M ? PRIV.S : h.priv);
  }

  /** Point the hart at the shadow of the guest's current root (an identity map of its RAM while translation is off). */
  private installRoot(h: Hart, vm: Vm): void {
    const satp = vm.cpu.satp >>> 0;
    const st = this.state.get(vm)!, shadow = st.shadow;
    let root = satpPaging(satp) ? shadow.root(satpRoot(satp)) : shadow.identityRoot();
    if (root < 0) root = shadow.emptyRoot();
    st.rootFor = satp;
    const physical = sv32Satp(root) >>> 0;
    st.physicalSatp = physical;
    h.setSatp(physical);
  }
}
