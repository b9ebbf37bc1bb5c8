# flood.s — a paravirtual guest that prints without end: CALLS console
# writes of a 64 KiB buffer (lines of 63 letters and a newline, or no
# newline at all with LINES = 0), then shuts down. The host must stream it
# with bounded memory, and the VM beside it must keep its share of the hart.

	.include "hypercalls.inc"
	.equ	CHUNK, 65536
	.ifndef	CALLS
	.equ	CALLS, 4096			# 256 MiB
	.endif
	.ifndef	LINES
	.equ	LINES, 1
	.endif

	.section .text.init
	.globl	_start
_start:
	la	s0, buf				# fill: 'a'..'z' repeating, '\n' every 64th byte
	li	t0, CHUNK
	li	t1, 0				# index
	li	t2, 'a'
1:	andi	t3, t1, 63
	li	t4, 63
	bne	t3, t4, 2f
	.if	LINES
	li	t5, '\n'
	j	3f
	.endif
2:	mv	t5, t2
	addi	t2, t2, 1
	li	t4, 'z' + 1
	bne	t2, t4, 3f
	li	t2, 'a'
3:	add	t6, s0, t1
	sb	t5, 0(t6)
	addi	t1, t1, 1
	bne	t1, t0, 1b
	li	s1, CALLS
4:	li	a0, CHUNK
	mv	a1, s0
	HC_CONSOLE_WRITE a0, a1, zero
	addi	s1, s1, -1
	bnez	s1, 4b
	li	a0, 0
	HC_SHUTDOWN a0
5:	j	5b

	.bss
	.balign	4096
buf:	.space	CHUNK
