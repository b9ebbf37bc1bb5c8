/**
 * Trap-and-emulate's world switch: the guest kernel runs deprivileged in
 * physical U-mode, on shadow tables for its virtual mode, fenced by PMP to
 * its slot; its architectural state lives in the vCPU. Every trap it takes
 * is an exit (exits.ts); after each, a pending virtual interrupt that
 * the guest can take is delivered, as the hart would before the next
 * instruction.
 */
import { COUNTEREN, IRQ, MPP_SHIFT, MSTATUS, PRIV, irqBit } from '@pvlab/assembler';
import { MROM_BASE } from '../../machine/boot/reset-rom.js';
import { NEVER } from '../world-switch.js';
import type { Hart } from '../../machine/hart/hart.js';
import { fenceVm, reflect, loadGuestRegisters, saveGuestRegisters } from '../world-switch.js';
import { LazyShadow, SPACE_M, SPACE_M_MPRV, SPACE_S, SPACE_S_SUM, SPACE_U, type LazyShadowState, type SpaceMode } from './lazy-shadow.js';
import { handleTrapExit } from './exits.js';
import type { ExitContext, HypervisorServices, Virtualization } from '../virtualization.js';
import type { Vm } from '../vm.js';

/** A trapped VM's mode state, as a snapshot holds it. */
interface TrapVmState {
  readonly pager: LazyShadowState;
  /** The MXR and PMP generation the shadow entries were filled under. */
  readonly mxr: number;
  readonly pmpSeen: number;
}

export class TrapMode implements Virtualization {
  readonly mode = 'trap' as const;
  private readonly pagers = new Map<Vm, LazyShadow>();
  private readonly mxr = new Map<Vm, number>();
  /** The guest PMP's generation the shadow entries were checked against (a change drops them all). */
  private readonly pmpSeen = new Map<Vm, number>();

  attach(vm: Vm): void {
    const pager = new LazyShadow(vm.board, vm.slot.poolHost, vm.slot.poolSize);
    if (vm.firmware === 'guest') {
      const rom = new Uint8Array(PAGE);
      for (let i = 0; i < PAGE; i++) rom[i] = vm.guest.bus.read(MROM_BASE + i, 1) ?? 0;
      pager.reserveRom(rom);
    }
    this.pagers.set(vm, pager);
    this.mxr.set(vm, 0);
    this.pmpSeen.set(vm, vm.cpu.pmp.generation);
  }

  saveVm(vm: Vm): TrapVmState {
    return { pager: this.pager(vm).save(), mxr: this.mxr.get(vm)!, pmpSeen: this.pmpSeen.get(vm)! };
  }

  loadVm(vm: Vm, state: unknown): void {
    const s = state as TrapVmState;
    this.pager(vm).load(s.pager);
    this.mxr.set(vm, s.mxr);
    this.pmpSeen.set(vm, s.pmpSeen);
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
    h.release(); // an LR reservation never survives a switch between VMs
    fenceVm(h, vm, this.pager(vm).rom);
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
    if (vm.firmware === 'guest') vm.guest.clint.update(); // its timer is virtual M-mode's: MTIP as of now
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
    if (vm.firmware === 'guest') vm.guest.clint.update();
    return (vm.cpu.mip() & vm.cpu.mie) !== 0;
  }

  deadline(vm: Vm): number {
    if (vm.firmware !== 'guest') return vm.cpu.stimecmp;
    // The guest's own timers: its CLINT's mtimecmp (virtual M-mode's), and stimecmp when its M-mode turned Sstc on.
    const clint = vm.guest.clint.nextDeadline();
    return Math.min(vm.cpu.stce() ? vm.cpu.stimecmp : NEVER, clint === undefined ? NEVER : Number(clint));
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

  /** Make the hart's satp, counter access and ISA match the guest's virtual mode. */
  private sync(h: Hart, vm: Vm): void {
    const cpu = vm.cpu;
    const mxr = cpu.mstatus & MSTATUS.MXR;
    const pager = this.pager(vm);
    if (mxr !== this.mxr.get(vm) || cpu.pmp.generation !== this.pmpSeen.get(vm)) {
      // Shadow entries carry what MXR and the guest's PMP allowed when they were filled.
      this.mxr.set(vm, mxr);
      this.pmpSeen.set(vm, cpu.pmp.generation);
      pager.flushAll();
      h.mmu.flush();
    }
    const mode = spaceOf(cpu);
    const satp = pager.select(mode === SPACE_M || mode === SPACE_M_MPRV ? 0 : cpu.satp, mode);
    if (satp !== h.satp >>> 0) h.setSatp(satp);
    // The guest reads time itself when its own counter enables allow it (§3.1.11); cycle and instret are per VM,
    // so they trap and are emulated.
    h.mcounteren = cpu.priv === PRIV.M ? COUNTEREN.TM : cpu.priv === PRIV.S ? cpu.mcounteren & COUNTEREN.TM : cpu.mcounteren & cpu.scounteren & COUNTEREN.TM;
    if (h.misa !== cpu.misa) h.setMisa(cpu.misa); // the guest's code runs on the hart: its misa.C (IALIGN) is the guest's
  }
}

/** The shadow space for the vCPU's virtual mode (lazy-shadow.ts). */
function spaceOf(cpu: Hart): SpaceMode {
  const s = cpu.mstatus;
  if (cpu.priv === PRIV.M) return s & MSTATUS.MPRV && (s & MSTATUS.MPP) >>> MPP_SHIFT !== PRIV.M ? SPACE_M_MPRV : SPACE_M;
  if (cpu.priv === PRIV.U) return SPACE_U;
  return s & MSTATUS.SUM ? SPACE_S_SUM : SPACE_S;
}

const PAGE = 4096;
