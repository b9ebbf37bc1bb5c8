/**
 * The debug target of a hypervised boot (trap and paravirt): one thread per
 * VM, and what each shows is the *guest's* machine, not the host's.
 *
 *   registers   on the hart while the VM runs, else in its vCPU
 *   privilege   the guest's virtual mode: the vCPU's in trap mode (the hart
 *               runs the guest in U-mode); in paravirt mode the hart's own,
 *               where the guest runs in S-mode (or its users in U)
 *   CSRs        the vCPU's — except, while a paravirtual guest runs, its
 *               S-mode state (and the counters), which is on the hart itself:
 *               the guest's satp stays in the vCPU (the hart walks a shadow)
 *   memory      virtual addresses through the guest's own page tables (its
 *               satp), down to its guest-physical RAM
 *
 * The guest has no M-mode (the hypervisor plays it): its M-level CSRs are
 * the virtual firmware's, readable but not written from the debugger.
 */
import { CSRS, SSTATUS_MASK, S_INTERRUPTS, PRIV, csrByName, csrByNumber, type Priv } from '@pvlab/assembler';
import type { Hypervisor } from '../vmm/hypervisor.js';
import type { Vm } from '../vmm/vm.js';
import { EXIT_REASONS } from '../vmm/exit-reasons.js';
import { exitLine, exitTable } from '../vmm/exit-report.js';
import { readCsr, writeCsr } from './csr-access.js';
import { walkSv32, type Walk } from './sv32-walk.js';
import { PRIV_NAMES, budgeted, tlbLines, type Runner } from './machine-target.js';
import type { DebugTarget, DebugThread, HypervisorView } from './target.js';

const CSR = (name: string) => csrByName(name)!.number;
const SATP = CSR('satp'), MSTATUS = CSR('mstatus'), MIE = CSR('mie'), MIP = CSR('mip');
/** CSRs a running paravirtual guest keeps on the hart: its S-mode registers and the counters it reads itself. */
const ON_HART = new Set(CSRS.filter((c) => (c.privilege === 'S' || c.privilege === 'U') && c.number !== SATP).map((c) => c.number));

/** A VM, as a debug thread. */
class VmThread implements DebugThread {
  readonly id: number;
  readonly name: string;

  constructor(
    private readonly hv: Hypervisor,
    readonly vm: Vm,
  ) {
    this.id = vm.id + 1;
    this.name = `vm${vm.id}`;
  }

  /** The VM's registers are on the hart (it is the running VM and has not halted). */
  private get onHart(): boolean {
    return this.hv.runningVm === this.vm && this.vm.state !== 'halted';
  }

  private get paravirt(): boolean {
    return this.hv.mode.mode === 'paravirt';
  }

  describe(): string {
    const state = this.vm.state === 'halted' ? `halted, exit code ${this.vm.exitCode ?? 0}` : this.vm.state === 'idle' ? 'waiting' : this.onHart ? 'on the hart' : 'runnable';
    return `${this.name}: ${this.hv.mode.mode}, virtual ${PRIV_NAMES[this.priv()]}-mode, ${state}`;
  }

  register(n: number): number {
    const h = this.onHart ? this.hv.hart : this.vm.cpu;
    return n === 32 ? h.pc >>> 0 : n === 0 ? 0 : h.x[n] >>> 0;
  }

  setRegister(n: number, value: number): void {
    const h = this.onHart ? this.hv.hart : this.vm.cpu;
    if (n === 32) h.pc = value >>> 0;
    else if (n > 0 && n < 32) h.x[n] = value | 0;
  }

  csr(number: number): number | undefined {
    const v = this.vm.cpu;
    // The vCPU's counters are brought up to date at every exit; here, now.
    v.setRetired(this.hv.retired(this.vm));
    v.setCycles(this.hv.cycles(this.vm));
    if (this.paravirt && this.onHart) {
      const h = this.hv.hart;
      if (ON_HART.has(number)) return readCsr(h, number);
      // The machine-level views hold the guest's S-mode bits, which are on the hart.
      if (number === MSTATUS) return ((v.mstatus & ~SSTATUS_MASK) | (h.mstatus & SSTATUS_MASK)) >>> 0;
      if (number === MIE) return ((v.mie & ~S_INTERRUPTS) | (h.mie & S_INTERRUPTS)) >>> 0;
      if (number === MIP) return ((v.mip() & ~S_INTERRUPTS) | (h.mip() & S_INTERRUPTS)) >>> 0;
    }
    return readCsr(v, number);
  }

  setCsr(number: number, value: number): boolean {
    const spec = csrByNumber(number);
    if (!spec || spec.privilege === 'M' || spec.readOnly) return false;
    const running = this.onHart;
    if (number === SATP) return this.hv.mode.setRoot(this.hv.hart, this.vm, value >>> 0, running);
    if (this.paravirt && running) return writeCsr(this.hv.hart, number, value);
    if (!writeCsr(this.vm.cpu, number, value)) return false;
    // The hart's view of a trapped guest (its shadow space, by virtual mode and SUM) follows the vCPU.
    if (running) this.hv.mode.setRoot(this.hv.hart, this.vm, this.vm.cpu.satp >>> 0, true);
    return true;
  }

  priv(): Priv {
    if (this.paravirt && this.onHart) return this.hv.hart.priv === PRIV.M ? PRIV.S : this.hv.hart.priv;
    return this.vm.cpu.priv;
  }

  setPriv(): boolean {
    return false; // the world switch decides the hart's mode from the guest's; a debugger does not
  }

  satp(): number {
    return this.vm.cpu.satp >>> 0;
  }

  translate(va: number): Walk {
    return walkSv32(this.vm.cpu.satp, va, (gpa) => {
      const b = this.readPhysical(gpa, 4);
      return b.length === 4 ? (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0 : undefined;
    });
  }

  readPhysical(gpa: number, length: number): Uint8Array {
    const bus = this.vm.bus, p2m = this.vm.memory.p2m;
    if (!bus.isRam(gpa, 1)) return new Uint8Array(0);
    // Through the VM's p2m (memory/): up to the first frame it handed back, which holds nothing.
    let n = Math.min(length, bus.ramBase + bus.ramSize - gpa);
    if (!p2m.identity) for (let p = gpa; p < gpa + n; p += 4096 - (p % 4096)) if (!p2m.has(p)) n = p - gpa;
    return bus.readBytes(gpa, n);
  }

  writePhysical(gpa: number, bytes: Uint8Array): boolean {
    const bus = this.vm.bus;
    if (!bus.isRam(gpa, bytes.length) || !this.vm.memory.p2m.hasRange(gpa, bytes.length)) return false;
    bus.writeBytes(gpa, bytes); // the board's harts drop what they decoded from these bytes (bus.ts)
    this.vm.wrote?.(gpa, bytes.length);
    return true;
  }

  retired(): number {
    return this.hv.retired(this.vm);
  }

  finished(): boolean {
    return this.vm.state === 'halted';
  }
}

/** What `monitor mode` says of a VM. */
function modeLine(hv: Hypervisor, th: VmThread): string {
  const virt = PRIV_NAMES[th.priv()];
  return hv.mode.mode === 'trap'
    ? `${th.name}: trap and emulate — the unmodified kernel runs deprivileged in physical U-mode; virtual ${virt}-mode; privileged instructions, device accesses and hidden page faults exit to the hypervisor`
    : `${th.name}: paravirtualized — kernel-pv runs in confined physical S-mode (TVM, TW, PMP, shadow tables); virtual ${virt}-mode is the hart's own; it asks the hypervisor by hypercall`;
}

/** The debug target of a hypervised boot, run by `runner` (the boot handle). */
export function vmTarget(hv: Hypervisor, runner: Runner, maxInstructions = Infinity): DebugTarget {
  const threads = hv.vms.map((vm) => new VmThread(hv, vm));
  const byId = (id: number) => threads.find((t) => t.id === id) ?? threads[0];
  const own = hv.trace; // --trace, heard before any listener
  const view: HypervisorView = {
    mode: hv.mode.mode,
    reasons: EXIT_REASONS.map((r) => r.name),
    exitTable: (id) => exitTable(byId(id).vm.stats, `${byId(id).name} exits`),
    hypercalls: (id) => {
      const th = byId(id);
      const rows = [...th.vm.stats.hypercalls].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const id_ = (name: string) => {
        const call = hv.registry.byName(name);
        return call ? ` (eid 0x${call.eid.toString(16)}, fid ${call.fid})` : '';
      };
      return [`${th.name} hypercalls: ${rows.reduce((n, [, k]) => n + k, 0)}`, ...rows.map(([name, k]) => `  ${name.padEnd(24)} ${String(k).padStart(8)}${id_(name)}`)].join('\n');
    },
    listen: (f) => {
      hv.trace = f ? (r) => (own?.(r), f({ thread: r.vm + 1, reason: r.reason, line: exitLine(r, hv.vms.length) })) : own;
    },
    shadowSatp: (id) => (hv.runningVm === byId(id).vm && byId(id).vm.state !== 'halted' ? hv.hart.satp >>> 0 : undefined),
    readHost: (pa) => (hv.machine.bus.isRam(pa, 4) ? hv.machine.bus.read(pa, 4) : undefined),
    describeMode: (id) => modeLine(hv, byId(id)),
  };
  return {
    mode: hv.mode.mode,
    threads,
    running: () => byId(hv.runningVm.id + 1),
    executesNext: () => hv.machine.executesNext(),
    ...budgeted(runner, () => hv.hart.retired(), maxInstructions),
    tlb: () => tlbLines(hv.hart.mmu.entries()),
    hypervisor: view,
  };
}
