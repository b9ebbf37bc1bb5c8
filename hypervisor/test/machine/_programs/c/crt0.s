# crt0.s — start-up of the C test programs: a stack, a zeroed .bss, the
# M-mode trap vector, then main(hartid, fdt) with the reset ROM's a0 and
# a1 (QEMU virt's convention), and the exit through the sifive_test
# finisher with main's result (0: pass, else the failure code).
#
# The trap vector saves every caller-saved register and calls
# trap(mcause, mtval, mepc, frame); a trap handler returns the pc to go
# back to (mepc, or mepc + 4 to step over a faulting access).

	.file	"crt0.s"
	.section .text.init, "ax"
	.globl	_start
_start:
	la	sp, __stack_top
	mv	s0, a0
	mv	s1, a1
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sw	zero, 0(t0)
	addi	t0, t0, 4
	j	1b
2:	la	t0, trap_vector
	csrw	mtvec, t0
	mv	a0, s0
	mv	a1, s1
	call	main
	li	t0, 0x100000		# the finisher
	li	t1, 0x5555		# pass
	beqz	a0, 3f
	slli	t1, a0, 16
	li	t2, 0x3333		# fail, code << 16
	or	t1, t1, t2
3:	sw	t1, 0(t0)
4:	j	4b

	.balign	4
	.globl	trap_vector
trap_vector:
	addi	sp, sp, -64
	sw	ra, 0(sp)
	sw	t0, 4(sp)
	sw	t1, 8(sp)
	sw	t2, 12(sp)
	sw	a0, 16(sp)
	sw	a1, 20(sp)
	sw	a2, 24(sp)
	sw	a3, 28(sp)
	sw	a4, 32(sp)
	sw	a5, 36(sp)
	sw	a6, 40(sp)
	sw	a7, 44(sp)
	sw	t3, 48(sp)
	sw	t4, 52(sp)
	sw	t5, 56(sp)
	sw	t6, 60(sp)
	csrr	a0, mcause
	csrr	a1, mtval
	csrr	a2, mepc
	mv	a3, sp
	call	trap
	csrw	mepc, a0
	lw	ra, 0(sp)
	lw	t0, 4(sp)
	lw	t1, 8(sp)
	lw	t2, 12(sp)
	lw	a0, 16(sp)
	lw	a1, 20(sp)
	lw	a2, 24(sp)
	lw	a3, 28(sp)
	lw	a4, 32(sp)
	lw	a5, 36(sp)
	lw	a6, 40(sp)
	lw	a7, 44(sp)
	lw	t3, 48(sp)
	lw	t4, 52(sp)
	lw	t5, 56(sp)
	lw	t6, 60(sp)
	addi	sp, sp, 64
	mret
