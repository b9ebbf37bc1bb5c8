# bare.s — a bare-metal program for the gdb tests (pvlab run --bare): it
# prints a line, calls `bump` ten times (each adds one to `counter`), takes
# a trap (ecall, to `trap_handler` in M-mode, which steps over it), prints
# another line and powers the board off with the finisher.

	.equ	UART0, 0x10000000
	.equ	FINISHER, 0x100000
	.equ	FINISHER_PASS, 0x5555

	.text
	.globl	_start
_start:
	la	sp, stack_top
	la	t0, trap_handler
	csrw	mtvec, t0
	la	a0, hello
	call	puts
	li	s0, 0
loop:
	call	bump
	addi	s0, s0, 1
	li	t0, 10
	blt	s0, t0, loop
	ecall				# to trap_handler, and back
after_trap:
	la	a0, done
	call	puts
	li	t0, FINISHER_PASS
	li	t1, FINISHER
	sw	t0, 0(t1)
1:	j	1b

# bump: counter += 1
bump:
	la	t0, counter
	lw	t1, 0(t0)
	addi	t1, t1, 1
	sw	t1, 0(t0)
	ret

# puts(a0): the string at a0, to the UART
puts:
	li	t1, UART0
1:	lbu	t0, 0(a0)
	beqz	t0, 2f
	sb	t0, 0(t1)
	addi	a0, a0, 1
	j	1b
2:	ret

# trap_handler: return to the instruction after the one that trapped
	.align	2
trap_handler:
	csrr	t0, mepc
	addi	t0, t0, 4
	csrw	mepc, t0
	mret

	.data
	.globl	counter
counter:
	.word	0
hello:
	.asciz	"hello from the bare board\n"
done:
	.asciz	"counter done\n"

	.bss
	.align	4
	.space	4096
stack_top:
