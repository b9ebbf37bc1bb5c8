# code-sled.s — a guest that asks for compiled code without end (issue 13,
# item 3): it maps one 4 MiB "sled" of RAM at every free virtual megapage
# (1,019 of them) and calls eight functions in each alias, CALLS times
# each, so that every (alias, function) pair becomes hot: about 8,000
# distinct pieces of code to compile, far beyond the code cache's budget.
# A cache keyed by virtual pc and never evicted grows without limit here.
#
# Entered like a kernel: S-mode at 0x80200000, satp 0. It shuts down
# through the finisher with 0x5555 (pass) when a0 holds the expected count.

	.equ	FINISHER, 0x00100000
	.equ	SLED, 0x80400000		# physical: the second megapage of RAM
	.equ	PTE_MEGA, 0xcf			# V R W X A D
	.equ	FUNCS, 8
	.ifndef	CALLS
	.equ	CALLS, 32
	.endif

	.section .text.init
	.globl	_start
_start:
	# the sled: FUNCS functions "addi a0, a0, 1; ret", one per 4 KiB page
	li	t0, SLED
	li	t1, 0x00150513			# addi a0, a0, 1
	li	t2, 0x00008067			# ret
	li	t3, FUNCS
1:	sw	t1, 0(t0)
	sw	t2, 4(t0)
	li	t4, 4096
	add	t0, t0, t4
	addi	t3, t3, -1
	bnez	t3, 1b
	fence.i

	# root table: megapage 0 (the finisher) and 0x200 (this kernel) identity, the sled everywhere else
	la	s0, root
	li	s1, 0				# m
	li	s2, 1024
	li	s3, ((SLED >> 12) << 10) | PTE_MEGA
2:	mv	t0, s3
	bnez	s1, 3f
	li	t0, PTE_MEGA			# megapage 0 -> physical 0
3:	li	t1, 0x200
	bne	s1, t1, 4f
	li	t0, ((0x80000000 >> 12) << 10) | PTE_MEGA
4:	slli	t1, s1, 2
	add	t1, s0, t1
	sw	t0, 0(t1)
	addi	s1, s1, 1
	blt	s1, s2, 2b
	srli	t0, s0, 12
	li	t1, 0x80000000			# Sv32
	or	t0, t0, t1
	csrw	satp, t0
	sfence.vma

	# call every function of every alias CALLS times
	li	a0, 0
	li	s1, 1				# m
5:	li	t0, 0x200			# skip 0x200..0x203: the guest's own RAM
	blt	s1, t0, 6f
	li	t0, 0x204
	blt	s1, t0, 9f
6:	slli	s4, s1, 22			# the alias's base
	li	s5, 0				# function
7:	slli	t1, s5, 12
	add	s6, s4, t1
	li	s7, CALLS
8:	jalr	ra, 0(s6)
	addi	s7, s7, -1
	bnez	s7, 8b
	addi	s5, s5, 1
	li	t0, FUNCS
	blt	s5, t0, 7b
9:	addi	s1, s1, 1
	blt	s1, s2, 5b

	li	t0, 1019 * FUNCS * CALLS	# the expected count
	li	t1, 0x3333			# fail, code 1
	li	t2, 1 << 16
	or	t1, t1, t2
	bne	a0, t0, 10f
	li	t1, 0x5555			# pass
10:	li	t0, FINISHER
	sw	t1, 0(t0)
11:	j	11b

	.data
	.balign	4096
root:	.space	4096
