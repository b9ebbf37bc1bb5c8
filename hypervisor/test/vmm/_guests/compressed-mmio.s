# compressed-mmio.s — an S-mode guest built with the C extension whose
# device accesses are compressed loads and stores (c.sw, c.lw, c.swsp,
# c.lwsp): under trap-and-emulate each one faults and must be emulated as
# the instruction it expands to, with the guest resuming 2 bytes on. It
# writes PLIC priorities, reads them back, prints them (UART, byte stores),
# does so again in a loop, and stops through the finisher with a c.sw. Without the C extension on
# the hart it is an illegal instruction at its first 16-bit instruction.

	.option	rvc
	.equ	UART, 0x10000000
	.equ	PLIC, 0x0c000000
	.equ	FINISHER, 0x00100000

	.section .text.init
	.globl	_start
_start:
	li	s0, PLIC
	li	a0, 5
	c.sw	a0, 4(s0)		# priority 1 <- 5
	c.lw	a1, 4(s0)		# back: 5; the addi right after must run
	addi	a1, a1, '0'
	call	putc
	li	a0, 3
	mv	sp, s0
	c.swsp	a0, 8(sp)		# priority 2 <- 3, through sp
	c.lwsp	a1, 8(sp)
	addi	a1, a1, '0'
	call	putc
	li	a1, '\n'
	call	putc
	# A loop of them, which the region compiler compiles once hot (at
	# once in the test's second run): priority 3 <- 5, 4, 3, 2, 1 and
	# back, summed in a5 (15), printed as 'f'.
	li	a3, 5
	li	a5, 0
2:	c.sw	a3, 12(s0)
	c.lw	a4, 12(s0)
	c.add	a5, a4
	c.addi	a3, -1
	c.bnez	a3, 2b
	addi	a1, a5, 'a' - 10
	call	putc
	li	s1, FINISHER
	lui	a0, 5
	addi	a0, a0, 0x555		# 0x5555: pass
	c.sw	a0, 0(s1)
1:	j	1b

putc:	li	t0, UART
	sb	a1, 0(t0)
	ret
