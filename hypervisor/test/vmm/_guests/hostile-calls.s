# hostile-calls.s — a paravirtual guest kernel that makes the hypercalls a
# test wrote into a table at CALLS: COUNT entries of {a0..a7}, one ecall
# each, then powers off. Faults (a clobbered register used as a pointer)
# are skipped by its trap handler.
#   ARM = 1: the guest keeps its own timer armed all along — it enables
#   its timer interrupt at once and every tick re-arms it by set_timer —
#   so it makes its calls, and shuts down, with a timer pending.
	.include "hypercalls.inc"
	.equ	CALLS, 0x80400000		# word 0: count; then 8 words per call
	.equ	SCHED, 0x08000002
	.equ	SIE_STIE, 1 << 5
	.equ	SSTATUS_SIE, 1 << 1
	.equ	DELAY, 20			# mtime ticks: about 200 instructions
	.ifndef	ARM
	.equ	ARM, 0
	.endif

	.section .text.init
	.globl	_start
_start:
	la	t0, skip
	csrw	stvec, t0
	.if	ARM
	rdtime	t0
	addi	t0, t0, DELAY
	csrw	stimecmph, zero
	csrw	stimecmp, t0
	li	t0, SIE_STIE
	csrs	sie, t0
	csrsi	sstatus, SSTATUS_SIE
	.endif
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
	.globl	after
after:	la	t0, ran_after			# never reached: counts instructions run after the shutdown
	lw	t1, 0(t0)
	addi	t1, t1, 1
	sw	t1, 0(t0)
	j	after

	# An exception skips the instruction; a timer interrupt re-arms the timer
	# (a0, a1, a6, a7 saved: it may come between the loads and the ecall).
	.align	2
skip:	csrr	t0, scause
	bltz	t0, tick
	csrr	t0, sepc
	addi	t0, t0, 4
	csrw	sepc, t0
	sret
tick:	la	t0, saved
	sw	a0, 0(t0)
	sw	a1, 4(t0)
	sw	a6, 8(t0)
	sw	a7, 12(t0)
	la	t1, ticks
	lw	t2, 0(t1)
	addi	t2, t2, 1
	sw	t2, 0(t1)
	rdtime	t1
	addi	t1, t1, DELAY
	HC_SET_TIMER t1, zero
	lw	a0, 0(t0)
	lw	a1, 4(t0)
	lw	a6, 8(t0)
	lw	a7, 12(t0)
	sret

	.data
	.globl	ticks, ran_after
ticks:	.word	0
ran_after: .word 0
saved:	.word	0, 0, 0, 0
