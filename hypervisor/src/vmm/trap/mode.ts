/**
 * Trap-and-emulate's world switch: the guest kernel runs deprivileged in
 * physical U-mode, on shadow tables for its virtual mode, fenced by PMP to
 * its slot; its architectural state lives in the vCPU. Every trap it takes
 * is an exit (exits.ts); after each, a pending virtual interrupt that
 * the guest can take is delivered, as the hart would before the next
 * instruction.
 */
import { COUNTEREN, IRQ, MSTATUS, PRIV, irqBit } from '@pvlab/assembler';
import type { Hart } from '../../machine/hart/hart.js';
import { fenceVm, reflect, loadGuestRegisters, saveGuestRegisters } from '../world-switch.js';
import { LazyShadow, SPACE_S, SPACE_S_SUM, SPACE_U } from './lazy-shadow.js';
import { handleTrapExit } from './exits.js';
import type { ExitContext, HypervisorServices, Virtualization } from '../virtualization.js';
import type { Vm } from '../vm.js';

export class TrapMode implements Virtualization {
  readonly mode = 'trap' as const;
  private readonly pagers = new Map<Vm, LazyShadow>();
  private readonly mxr = new Map<Vm, number>();

  attach(vm: Vm): void {
    this.pagers.set(vm, new LazyShadow(vm.board, vm.slot.poolHost, vm.slot.poolSize));
    this.mxr.set(vm, 0);
  }

  pager(vm: Vm): LazyShadow {
    return this.pagers.get(vm)!;
  }

  configure(h: Hart): void {
    // Nothing is delegated: every trap from the guest is an exit. The hypervisor's own timer interrupts it.
    h.medeleg = 0;
    h.mideleg = 0;
    h.mie = irqBit(IRQ.mti);
    h.menvcfgh = 0;
  }

  enter(h: Hart, vm: Vm): void {
    loadGuestRegisters(h, vm);
    fenceVm(h, vm);
    h.setMstatus(h.mstatus & ~(MSTATUS.SUM | MSTATUS.MXR | MSTATUS.MPRV | MSTATUS.TVM | MSTATUS.TW | MSTATUS.TSR));
    h.setPriv(PRIV.U);
    this.sync(h, vm);
  }

  leave(h: Hart, vm: Vm): void {
    saveGuestRegisters(h, vm);
  }

  park(h: Hart, vm: Vm): void {
    // Nothing of a trapped guest is armed on the hart (its timer and interrupts live in the vCPU).
    this.leave(h, vm);
  }

  exit(c: ExitContext, s: HypervisorServices, mcause: number, tval: number) {
    return handleTrapExit(c, s, mcause, tval, this.pager(c.vm));
  }

  settle(h: Hart, vm: Vm): boolean {
    const cpu = vm.cpu;
    if (cpu.waiting && (cpu.mip() & cpu.mie) !== 0) cpu.waiting = false;
    const irq = cpu.pendingInterrupt();
    if (irq >= 0) {
      cpu.waiting = false;
      const c: ExitContext = { hart: h, vm, pc: h.pc, effect: '', tracing: false, flush: () => {} };
      reflect(c, irq, 0);
      h.pc = c.pc;
    }
    this.sync(h, vm);
    return cpu.waiting;
  }

  wakes(vm: Vm): boolean {
    return (vm.cpu.mip() & vm.cpu.mie) !== 0;
  }

  deadline(vm: Vm): number {
    return vm.cpu.stimecmp;
  }

  flush(h: Hart, vm: Vm, va: number | undefined): void {
    const pager = this.pager(vm);
    if (va === undefined) {
      pager.flushAll();
      h.mmu.flush();
    } else {
      pager.flushPage(va);
      h.mmu.flushPage(va);
    }
  }

  setRoot(h: Hart, vm: Vm, satp: number, running: boolean): boolean {
    vm.cpu.setSatp(satp >>> 0);
    if (running) this.sync(h, vm);
    return true;
  }

  pteWritten(): void {
    // The shadow pager reads the guest's tables lazily; the guest's next sfence.vma makes the change visible.
  }

  setTimer(h: Hart, vm: Vm, value: number): void {
    vm.cpu.setStimecmp(value);
  }

  softInterrupt(h: Hart, vm: Vm): void {
    // The vCPU's SSIP: delivered by settle() when the guest enables it, as any virtual interrupt.
    vm.cpu.mipSw |= irqBit(IRQ.ssi);
    vm.cpu.interruptsChanged();
  }

  inputPending(): void {
    // Trap-mode guests read their console through the emulated UART, whose model raises the interrupt.
  }

  /** Make the hart's satp and counter access match the guest's virtual mode. */
  private sync(h: Hart, vm: Vm): void {
    const cpu = vm.cpu;
    const user = cpu.priv === PRIV.U;
    const mxr = cpu.mstatus & MSTATUS.MXR;
    const pager = this.pager(vm);
    if (mxr !== this.mxr.get(vm)) {
      this.mxr.set(vm, mxr);
      pager.flushAll();
      h.mmu.flush();
    }
    const satp = pager.select(cpu.satp, user ? SPACE_U : cpu.mstatus & MSTATUS.SUM ? SPACE_S_SUM : SPACE_S);
    if (satp !== h.satp >>> 0) h.setSatp(satp);
    // The guest reads time itself; cycle and instret are per VM, so they trap and are emulated.
    h.mcounteren = user ? cpu.scounteren & COUNTEREN.TM : COUNTEREN.TM;
  }
}

