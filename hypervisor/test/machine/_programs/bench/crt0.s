# crt0.s — the benchmark's start-up: a stack, a zeroed .bss, main(), and
# the exit through QEMU virt's sifive_test finisher with main's result
# (0: pass, else the failure code).

	.file	"crt0.s"
	.section .text.init, "ax"
	.globl	_start
_start:
	la	sp, __stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sw	zero, 0(t0)
	addi	t0, t0, 4
	j	1b
2:	call	main
	li	t0, 0x100000		# the finisher
	li	t1, 0x5555		# pass
	beqz	a0, 3f
	slli	t1, a0, 16
	li	t2, 0x3333		# fail, code << 16
	or	t1, t1, t2
3:	sw	t1, 0(t0)
4:	j	4b
