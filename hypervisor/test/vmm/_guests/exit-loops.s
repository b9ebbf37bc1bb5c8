# exit-loops.s — guests for the hypervisor's benchmark: a loop of LOOPS
# exits of one kind, between two benchmark markers (finisher writes of
# 0x4d42 and 0x4d45, as the kernel's bench pv-op does).
#   KIND 0: csrr t0, sscratch (a CSR-read exit each)
#   KIND 1: a load from a fresh page each (a hidden page fault each: the
#           guest maps 12 MiB with megapages and sfence.vma's every round)
	.equ	FINISHER, 0x00100000
	.ifndef	LOOPS
	.equ	LOOPS, 100000
	.endif
	.ifndef	KIND
	.equ	KIND, 0
	.endif

	.section .text.init
	.globl	_start
_start:
	li	s0, FINISHER
	li	s1, LOOPS
	.if	KIND == 1
	# root[512..514] = megapages over 0x80000000..0x80c00000, root[0] -> the finisher's page
	la	t0, root
	addi	t3, t0, 1024
	li	t1, (0x80000000 >> 2) | 0xcf		# V R W X A D
	sw	t1, 2048-1024(t3)
	li	t2, 0x400000 >> 2
	add	t1, t1, t2
	sw	t1, 2052-1024(t3)
	add	t1, t1, t2
	sw	t1, 2056-1024(t3)
	la	t1, l0
	srli	t1, t1, 2
	ori	t1, t1, 1
	sw	t1, 0(t0)
	la	t1, l0
	li	t2, (FINISHER >> 2) | 0xc7		# V R W A D
	sw	t2, 256*4(t1)
	srli	t0, t0, 12
	li	t1, 1 << 31
	or	t0, t0, t1
	csrw	satp, t0
	sfence.vma
	.endif
	li	t0, 0x4d42
	sw	t0, 0(s0)				# begin
	.if	KIND == 0
1:	csrr	t0, sscratch
	addi	s1, s1, -1
	bnez	s1, 1b
	.else
	li	s2, 0x80400000				# pages 0x80400000..0x80c00000: 2048 per round
2:	sfence.vma
	li	t1, 0x80400000
	li	t2, 0x80c00000
	li	t3, 4096
3:	lw	t0, 0(t1)
	add	t1, t1, t3
	addi	s1, s1, -1
	beqz	s1, 4f
	bltu	t1, t2, 3b
	j	2b
4:
	.endif
	li	t0, 0x4d45
	sw	t0, 0(s0)				# end
	li	t0, 0x5555
	sw	t0, 0(s0)
5:	j	5b

	.data
	.balign	4096
root:	.space	4096
l0:	.space	4096
