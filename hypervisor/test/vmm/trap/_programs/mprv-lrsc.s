# LR/SC and an AMO in M-mode with MPRV (MPP = S, paging off, PMP open to S):
# each access is made with S-mode's translation and permissions (privileged
# spec 3.1.6.3), and the SC succeeds on the reservation its LR made.
	.equ	UART, 0x10000000
	.equ	FINISHER, 0x100000
	.text
	.globl	_start
_start:
	li	t0, -1			# PMP entry 0: all memory R W X, so S may access it
	csrw	pmpaddr0, t0
	li	t0, 0x1f
	csrw	pmpcfg0, t0
	li	t0, 0x1800		# MPP = S, MPRV = 1
	csrc	mstatus, t0
	li	t0, (1 << 17) | 0x0800
	csrs	mstatus, t0
	la	a1, word
	lr.w	s2, (a1)		# s2 = 7
	addi	s3, s2, 35
	sc.w	s4, s3, (a1)		# s4 = 0: the reservation holds
	li	s5, 3
	amoadd.w s6, s5, (a1)		# s6 = 42, word = 45
	lw	s7, 0(a1)		# 45
	li	t0, 1 << 17		# MPRV off
	csrc	mstatus, t0
	mv	a0, s2
	call	puthex
	mv	a0, s4
	call	puthex
	mv	a0, s6
	call	puthex
	mv	a0, s7
	call	puthex
	li	t0, FINISHER
	li	t1, 0x5555
	sw	t1, 0(t0)
1:	j	1b

puthex:	li	t0, UART
	li	t2, 28
1:	srl	t1, a0, t2
	andi	t1, t1, 15
	addi	t1, t1, '0'
	li	t3, '9'
	ble	t1, t3, 2f
	addi	t1, t1, 'a' - '9' - 1
2:	sb	t1, 0(t0)
	addi	t2, t2, -4
	bgez	t2, 1b
	li	t1, '\n'
	sb	t1, 0(t0)
	ret

	.data
	.balign	64
word:	.word	7
