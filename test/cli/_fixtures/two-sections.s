# Two code sections that a linker script places apart. The first ends with
# the lui of a device address, the second starts with an access through it:
# objdump annotates that access from the lui in the other section
# (`sb a0,5(t0) # 10000005 <UART_BASE+0x5>`), as it keeps its lui/auipc
# memory across sections.
	.globl	_start, UART_BASE
	.equ	UART_BASE, 0x10000000

	.text
_start:
	li	a0, 'A'
	lui	t0, %hi(UART_BASE)
	auipc	t2, 0

	.section .text.late, "ax", @progbits
late:
	sb	a0, 5(t0)
	addi	a1, t0, 8
	lw	a2, 12(t2)
	j	_start
