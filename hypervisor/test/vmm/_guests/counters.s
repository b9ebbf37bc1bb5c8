# counters.s — a guest kernel that measures itself: it spins SPIN rounds
# (two instructions each), reads cycle and instret (both halves), stores
# what it read at `seen` and shuts down. Natively and in a VM of its own, beside any
# neighbour, cycle and instret count its own work alone: the same values.
# Paravirtual (SBI shutdown) or bare (the finisher, for native runs).

	.include "hypercalls.inc"
	.equ	FINISHER, 0x00100000
	.ifndef	SPIN
	.equ	SPIN, 200000
	.endif
	.ifndef	PV
	.equ	PV, 1
	.endif

	.section .text.init
	.globl	_start
_start:
	la	t0, trap
	csrw	stvec, t0
	li	t0, SPIN
1:	addi	t0, t0, -1
	bnez	t0, 1b
	la	s0, seen
	rdinstret t1
	rdinstreth t2
	rdcycle	t3
	rdcycleh t4
	sw	t1, 0(s0)
	sw	t2, 4(s0)
	sw	t3, 8(s0)
	sw	t4, 12(s0)
	ecall					# to the trap handler: power off

	.align	2
trap:	.if	PV
	li	t0, 0
	HC_SHUTDOWN t0
	.else
	li	t0, FINISHER
	li	t1, 0x5555
	sw	t1, 0(t0)
	.endif
2:	j	2b

	.data
	.globl	seen
seen:	.space	16
