/**
 * The trap-mode exit handler fed made-up exits (Firecracker's way: one
 * plain function over an exit value). A VM is built around a one-line guest
 * and its state is set by hand; each test hands `handleTrapExit` an exit
 * (mcause, tval, pc) and checks what the hypervisor did to the vCPU, the
 * registers and the shadow tables, and the reason it counted.
 */
import test from 'ava';
import { EXC, IRQ, MSTATUS, PRIV, encode, instructionByName, interruptCause } from '@pvlab/assembler';
import { Hypervisor } from '../../../src/vmm/hypervisor.js';
import { handleTrapExit } from '../../../src/vmm/trap/exits.js';
import type { TrapMode } from '../../../src/vmm/trap/mode.js';
import type { ExitContext, HypervisorServices } from '../../../src/vmm/virtualization.js';
import { buildGuest } from '../_guests/build.js';

const guest = buildGuest('spin', {}, '.globl _start\n_start: j _start\n');
const STVEC = 0x8020_0100;

function word(name: string, values: number[]): number {
  return encode(instructionByName(name)!, values);
}

/** A fresh hypervisor with its VM in virtual S-mode, stvec set, and a log of the services it asked for. */
function setup() {
  const hv = new Hypervisor({ mode: 'trap', kernels: [guest] });
  const vm = hv.vms[0];
  vm.cpu.stvec = STVEC;
  const asked: string[] = [];
  // The hypercall service returns past the ecall when the call is done (it leaves the pc on it to continue a call).
  const services: HypervisorServices = { hypercall: (c) => void (asked.push('hypercall'), (c.pc = (c.pc + 4) >>> 0)), timer: () => void asked.push('timer') };
  const pager = (hv.mode as TrapMode).pager(vm);
  const exit = (mcause: number, tval: number, pc = 0x8020_0000) => {
    const c: ExitContext = { hart: hv.hart, vm, pc, effect: '', tracing: true, flush: () => asked.push('flush') };
    const instret = hv.hart.instret;
    const reason = handleTrapExit(c, services, mcause, tval, pager);
    return { reason, c, retired: hv.hart.instret - instret };
  };
  return { hv, vm, asked, pager, exit };
}

test('the hypervisor timer is its own: no emulation, no reflection', (t) => {
  const { exit, asked, vm } = setup();
  const r = exit(interruptCause(IRQ.mti), 0);
  t.is(r.reason, 'timer-irq');
  t.deepEqual(asked, ['timer']);
  t.is(vm.cpu.scause, 0);
  t.is(r.c.pc, 0x8020_0000);
});

test('a trapped csrr sstatus is emulated on the vCPU: the value in rd, the pc past it, one instruction retired', (t) => {
  const { exit, hv, vm } = setup();
  vm.cpu.setMstatus(MSTATUS.SUM | MSTATUS.SPIE);
  const r = exit(EXC.illegal, word('csrrs', [10, 0x100, 0]));
  t.is(r.reason, 'csr-read');
  t.is(hv.hart.x[10] >>> 0, (MSTATUS.SUM | MSTATUS.SPIE) >>> 0);
  t.is(r.c.pc, 0x8020_0004);
  t.is(r.retired, 1);
  t.regex(r.c.effect, /csr 0x100 = 0x40020/);
});

test('a csrw to a CSR the guest may not touch (mhartid, M-mode) is the guest\'s own illegal instruction', (t) => {
  const { exit, vm } = setup();
  const w = word('csrrw', [0, 0xf14, 5]);
  const r = exit(EXC.illegal, w, 0x8020_0010);
  t.is(r.reason, 'guest-exception');
  t.is(r.retired, 0);
  t.is(vm.cpu.scause, EXC.illegal);
  t.is(vm.cpu.stval, w);
  t.is(vm.cpu.sepc, 0x8020_0010);
  t.is(r.c.pc, STVEC);
});

test('a word no table row matches is reflected as illegal', (t) => {
  const { exit, vm } = setup();
  const r = exit(EXC.illegal, 0);
  t.is(r.reason, 'guest-exception');
  t.is(vm.cpu.scause, EXC.illegal);
});

test('sret from virtual S returns to virtual U at sepc; in virtual U it is illegal', (t) => {
  const { exit, vm } = setup();
  vm.cpu.sepc = 0x1_0000;
  const r = exit(EXC.illegal, word('sret', []));
  t.is(r.reason, 'sret');
  t.is(vm.cpu.priv, PRIV.U);
  t.is(r.c.pc, 0x1_0000);
  const again = exit(EXC.illegal, word('sret', []), 0x1_0000);
  t.is(again.reason, 'guest-exception');
  t.is(vm.cpu.priv, PRIV.S);
  t.is(vm.cpu.scause, EXC.illegal);
});

test('sfence.vma asks the mode to flush; wfi idles the vCPU until an interrupt', (t) => {
  const { exit, asked, vm } = setup();
  t.is(exit(EXC.illegal, word('sfence.vma', [0, 0])).reason, 'sfence-vma');
  t.deepEqual(asked, ['flush']);
  t.is(exit(EXC.illegal, word('wfi', [])).reason, 'wfi');
  t.true(vm.cpu.waiting);
});

test('an ecall from virtual S is a hypercall; from virtual U it is the guest\'s system call, reflected', (t) => {
  const { exit, asked, vm } = setup();
  const h = exit(EXC.ecallU, 0, 0x8020_0020);
  t.is(h.reason, 'hypercall');
  t.deepEqual(asked, ['hypercall']);
  t.is(h.c.pc, 0x8020_0024);
  vm.cpu.setPriv(PRIV.U);
  const s = exit(EXC.ecallU, 0, 0x1_0008);
  t.is(s.reason, 'guest-ecall');
  t.is(vm.cpu.scause, EXC.ecallU);
  t.is(vm.cpu.sepc, 0x1_0008);
  t.is(vm.cpu.priv, PRIV.S);
  t.is(s.c.pc, STVEC);
});

test('a fault on guest RAM the shadow does not map yet is hidden: the shadow is filled, the guest sees nothing', (t) => {
  const { exit, pager, vm, hv } = setup();
  hv.mode.enter(hv.hart, vm); // select the space for the vCPU's mode
  const r = exit(EXC.loadPage, 0x8030_0010);
  t.is(r.reason, 'shadow-fault');
  t.is(vm.cpu.scause, 0);
  t.is(pager.lookup(0x8030_0010), vm.slot.ramHost + 0x30_0010);
  t.is(r.c.pc, 0x8020_0000, 'the access is retried');
});

test('a store to the UART is emulated on the VM\'s device; a load from nothing is an access fault for the guest', (t) => {
  const out: number[] = [];
  const hv = new Hypervisor({ mode: 'trap', kernels: [buildGuest('uart', {}, '.globl _start\n_start: sb a1, 0(a0)\n lw a2, 0(a3)\n')], output: (_vm, b) => out.push(b) });
  const vm = hv.vms[0];
  vm.cpu.stvec = STVEC;
  const pager = (hv.mode as TrapMode).pager(vm);
  const services: HypervisorServices = { hypercall: () => {}, timer: () => {} };
  const c = (pc: number): ExitContext => ({ hart: hv.hart, vm, pc, effect: '', tracing: true, flush: () => {} });
  hv.hart.x[11] = 0x41;
  const store = c(0x8020_0000);
  t.is(handleTrapExit(store, services, EXC.storePage, 0x1000_0000, pager), 'mmio-write');
  t.deepEqual(out, [0x41]);
  t.is(store.pc, 0x8020_0004);
  const load = c(0x8020_0004);
  t.is(handleTrapExit(load, services, EXC.loadPage, 0x4000_0000, pager), 'guest-exception');
  t.is(vm.cpu.scause, EXC.loadAccess);
  t.is(vm.cpu.stval, 0x4000_0000);
});

test('misaligned jumps and breakpoints are reflected with their cause and tval', (t) => {
  const { exit, vm } = setup();
  t.is(exit(EXC.breakpoint, 0).reason, 'guest-exception');
  t.is(vm.cpu.scause, EXC.breakpoint);
  vm.cpu.setPriv(PRIV.S);
  t.is(exit(EXC.instructionMisaligned, 0x8020_0002).reason, 'guest-exception');
  t.is(vm.cpu.scause, EXC.instructionMisaligned);
  t.is(vm.cpu.stval, 0x8020_0002);
});
