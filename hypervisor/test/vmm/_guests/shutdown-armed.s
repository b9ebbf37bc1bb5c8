# shutdown-armed.s — a paravirtual guest that shuts down with its timer
# armed: it sets its own stimecmp (Sstc) a little ahead, enables its timer
# interrupt and interrupts, and calls shutdown. A VM that has shut down must
# never run again: `ticks` must stay 0 (the handler counts, re-arms by
# set_timer and returns, which would keep a living guest busy forever), and
# it must retire no instruction after the shutdown call.
#   SPIN: instructions of work before arming (a test moves the shutdown).

	.include "hypercalls.inc"
	.equ	SIE_STIE, 1 << 5
	.equ	SSTATUS_SIE, 1 << 1
	.equ	DELAY, 20			# mtime ticks: 200 instructions ahead
	.ifndef	SPIN
	.equ	SPIN, 0
	.endif

	.section .text.init
	.globl	_start
_start:
	la	t0, handler
	csrw	stvec, t0
	li	t0, SPIN
1:	beqz	t0, 2f
	addi	t0, t0, -1
	j	1b
2:	rdtime	t0
	addi	t0, t0, DELAY
	csrw	stimecmph, zero
	csrw	stimecmp, t0
	li	t0, SIE_STIE
	csrs	sie, t0
	csrsi	sstatus, SSTATUS_SIE
	li	t1, 0
	HC_SHUTDOWN t1
	.globl	after
after:	la	t0, ran_after			# never reached: count instructions that ran after shutdown
	lw	t1, 0(t0)
	addi	t1, t1, 1
	sw	t1, 0(t0)
	j	after

	.align	2
handler:
	la	t0, ticks
	lw	t1, 0(t0)
	addi	t1, t1, 1
	sw	t1, 0(t0)
	rdtime	a0
	addi	a0, a0, DELAY
	li	a1, 0
	HC_SET_TIMER a0, a1
	sret

	.data
	.globl	ticks, ran_after
ticks:		.word	0
ran_after:	.word	0
