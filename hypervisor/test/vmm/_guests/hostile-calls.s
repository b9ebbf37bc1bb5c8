# hostile-calls.s — a paravirtual guest kernel that makes the hypercalls a
# test wrote into a table at CALLS: COUNT entries of {a0..a7}, one ecall
# each, then powers off. Faults (a clobbered register used as a pointer)
# are skipped by its trap handler.
	.equ	CALLS, 0x80400000		# word 0: count; then 8 words per call
	.equ	SCHED, 0x08000002

	.section .text.init
	.globl	_start
_start:
	la	t0, skip
	csrw	stvec, t0
	li	s0, CALLS
	lw	s1, 0(s0)
	addi	s0, s0, 4
1:	beqz	s1, 2f
	lw	a0, 0(s0)
	lw	a1, 4(s0)
	lw	a2, 8(s0)
	lw	a3, 12(s0)
	lw	a4, 16(s0)
	lw	a5, 20(s0)
	lw	a6, 24(s0)
	lw	a7, 28(s0)
	ecall
	addi	s0, s0, 32
	addi	s1, s1, -1
	j	1b
2:	li	a0, 0				# shutdown(0)
	li	a6, 2
	li	a7, SCHED
	ecall
3:	j	3b

	.align	2
skip:	csrr	t0, sepc
	addi	t0, t0, 4
	csrw	sepc, t0
	sret
