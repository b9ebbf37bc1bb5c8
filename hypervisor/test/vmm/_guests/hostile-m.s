# hostile-m.s — a bare program that runs whatever the test writes at `chaos`
# (random instructions, garbage in mstatus, mtvec, PMP and the delegation
# CSRs, mret to every mode, MPRV with any MPP...) in virtual M-mode, entered
# by the reset ROM. Its M-mode trap handler skips the faulting instruction and
# returns to whichever mode trapped, so it keeps going until the chaos breaks
# even that (a clobbered mtvec, say): then it storms, which the hypervisor must
# survive too.

	.section .text.init
	.globl	_start
_start:
	la	t0, skip
	csrw	mtvec, t0
	li	t0, -1			# PMP entry 0: all memory, R W X (as a firmware opens it),
	csrw	pmpaddr0, t0		# so that S, U and MPRV accesses succeed until the chaos
	li	t0, 0x1f		# rewrites the PMP
	csrw	pmpcfg0, t0
	la	t0, chaos
	jr	t0

	.align	2
skip:	csrr	t0, mepc
	addi	t0, t0, 4
	csrw	mepc, t0
	mret

	.balign	4096
	.globl	chaos
chaos:	.space	4096			# filled by the test
	j	chaos
