# A code page split by PMP: S-mode may execute its first 0x800 bytes only.
# M-mode opens [0x80000000, 0x80001800) R W X and the rest of memory R W
# (no X) with TOR entries, drops to S-mode at `inside` (0x800017f0), which
# runs a few instructions there and falls through into 0x80001800: an
# instruction access fault on the hardware (priv. spec 3.7.1), which M-mode
# reports (mcause, mepc) before it ends through the finisher.
	.equ	UART, 0x10000000
	.equ	FINISHER, 0x100000
	.text
	.globl	_start
_start:
	la	t0, handler
	csrw	mtvec, t0
	li	t0, 0x80001800 >> 2	# entry 0: TOR up to 0x80001800, R W X
	csrw	pmpaddr0, t0
	li	t0, -1			# entry 1: TOR up to the top, R W
	csrw	pmpaddr1, t0
	li	t0, (0x0b << 8) | 0x0f	# A=TOR, X W R for 0; A=TOR, W R for 1
	csrw	pmpcfg0, t0
	li	t0, 0x1800		# MPP = S
	csrc	mstatus, t0
	li	t0, 0x0800
	csrs	mstatus, t0
	la	t0, inside
	csrw	mepc, t0
	li	s1, 0
	mret

handler:
	la	a0, msg
	call	puts
	csrr	a0, mcause
	call	puthex
	csrr	a0, mepc
	call	puthex
	mv	a0, s1
	call	puthex
	li	t0, FINISHER
	li	t1, 0x5555
	sw	t1, 0(t0)
1:	j	1b

puts:	li	t0, UART
1:	lbu	t1, 0(a0)
	beqz	t1, 2f
	sb	t1, 0(t0)
	addi	a0, a0, 1
	j	1b
2:	ret

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
	li	t1, ' '
	sb	t1, 0(t0)
	ret

	.section .rodata
msg:	.asciz	"M-mode took: "

	.section .inside, "ax"
	.globl	inside
inside:
	addi	s1, s1, 1
	addi	s1, s1, 1
	addi	s1, s1, 1
	addi	s1, s1, 1		# 0x800017fc: the last allowed instruction
	addi	s1, s1, 100		# 0x80001800: may not be executed by S-mode
	j	inside
