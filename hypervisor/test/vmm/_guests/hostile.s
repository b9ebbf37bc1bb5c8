# hostile.s — a guest kernel that runs whatever the test writes at `chaos`
# (random instructions, stores to random addresses, garbage satp values...)
# in S-mode. Its trap handler skips the faulting instruction, so it keeps
# going until the chaos breaks even that (a clobbered stvec, say): then it
# storms, which the hypervisor must survive too.

	.section .text.init
	.globl	_start
_start:
	la	t0, skip
	csrw	stvec, t0
	la	t0, chaos
	jr	t0

	.align	2
skip:	csrr	t0, sepc
	addi	t0, t0, 4
	csrw	sepc, t0
	sret

	.balign	4096
	.globl	chaos
chaos:	.space	4096			# filled by the test
	j	chaos
