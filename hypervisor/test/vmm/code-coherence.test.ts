/**
 * A write the hypervisor makes into a guest's memory replaces code the guest
 * already ran (issue 13, item 6): a paravirtual guest calls `f` until it is
 * compiled, then asks mmu_update to write 0 over f's first instruction (a
 * PTE write the hypervisor validates and performs for it, as it would any),
 * and calls `f` again. The hart must run the new word, an illegal
 * instruction, which paravirt mode delegates to the guest: it shuts down
 * with scause as its exit code. Run compiled at once, compiled once hot, and
 * interpreted only: the same result.
 */
import test from 'ava';
import { EXC } from '@pvlab/assembler';
import { useCompiler } from '@pvlab/hypervisor';
import { Hypervisor } from '../../src/vmm/hypervisor.js';
import { buildGuest } from './_guests/build.js';

const guest = buildGuest('rewrite', {}, `
	.section .text.init
	.globl	_start
_start:
	la	t0, trap
	csrw	stvec, t0
	li	s0, 0
	li	s1, 100
1:	call	f				# a hundred calls: f is compiled
	addi	s1, s1, -1
	bnez	s1, 1b
	la	a0, req				# mmu_update({ ptep = f, value = 0 }), one request, no flags
	la	t0, f
	sw	t0, 0(a0)
	sw	zero, 4(a0)
	li	a1, 1
	li	a2, 0
	li	a3, 0				# va: no flush
	li	a7, 0x08000000			# PVLAB_EXT_MMU
	li	a6, 0				# mmu_update
	ecall
	bnez	a0, exit			# the hypervisor refused: a0 is the SBI error
	call	f				# f's first word is 0 now: an illegal instruction
	li	a0, 99				# it ran the old instruction
	j	exit
trap:
	csrr	a0, scause
exit:
	li	a7, 0x08000002			# PVLAB_EXT_SCHED
	li	a6, 2				# shutdown(code = a0)
	ecall
1:	j	1b
f:
	addi	s0, s0, 1
	ret
	.data
req:	.word	0, 0
`);

for (const [how, hot] of [['compiled at once', 1], ['compiled after 50 instructions', 50], ['interpreted', 0]] as const) {
  test.serial(`paravirt: code rewritten by mmu_update runs its new word (${how})`, (t) => {
    useCompiler(hot !== 0, { hot });
    const hv = new Hypervisor({ mode: 'paravirt', kernels: [guest] });
    hv.run(10_000_000);
    useCompiler(true);
    t.is(hv.vms[0].state, 'halted');
    t.is(hv.vms[0].exitCode, EXC.illegal, 'the guest took an illegal-instruction trap (scause 2), not 99');
    if (hot !== 0) t.true(hv.hart.code.compiled > 0, 'f was compiled');
  });
}

// A guest that calls g forever, counting in s0 what g returns in a0: g is compiled, then rewritten
// behind the VM's bus (as device DMA and a debugger write: straight into its RAM, then vm.wrote).
const spinner = buildGuest('rewrite-dma', {}, `
	.section .text.init
	.globl	_start
_start:
	li	s0, 0
1:	call	g
	add	s0, s0, a0
	j	1b
	.balign	64
g:
	li	a0, 1				# rewritten to li a0, 100
	ret
`);

for (const mode of ['trap', 'paravirt'] as const) {
  test.serial(`${mode}: code written behind the VM's bus (DMA, a debugger) and reported by vm.wrote runs its new bytes`, (t) => {
    useCompiler(true, { hot: 1 });
    const hv = new Hypervisor({ mode, kernels: [spinner] });
    const vm = hv.vms[0];
    hv.run(100_000);
    const g = vm.program.symbols.get('g')!;
    const before = hv.hart.x[8]; // the VM's registers are on the hart while it runs
    t.true(hv.hart.code.compiled > 0 && before > 0, 'g was compiled and has run');
    const o = g - vm.guest.bus.ramBase;
    vm.guest.bus.u8.set([0x13, 0x05, 0x40, 0x06], o); // li a0, 100
    vm.wrote?.(g, 4);
    hv.run(100_000);
    useCompiler(true);
    const s0 = hv.hart.x[8];
    // Every call after the write adds 100 (a call the first run stopped in may still add its old 1).
    t.true(s0 - before >= 100_000 && (s0 - before) % 100 <= 1, `after the write, every call adds 100 (s0 went from ${before} to ${s0})`);
  });
}
