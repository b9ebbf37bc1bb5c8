# page-crossing.s — a guest kernel whose user program makes a misaligned lw
# and sw at the last two bytes of its data page while the next virtual page
# is unmapped; the page after it in memory holds a sentinel. Each access
# must fault with stval = the unmapped page, load nothing and store nothing.
# The kernel's trap handler records scause and stval of each trap at `seen`,
# then what the user loaded, the data page's last word and the sentinel.
# PV = 1: the paravirtual build (new_baseptr and shutdown by hypercall);
# PV = 0: satp and the finisher, natively or trapped.

	.include "hypercalls.inc"
	.ifndef	PV
	.equ	PV, 0
	.endif
	.equ	FINISHER, 0x00100000
	.equ	PTE_V, 1
	.equ	PTE_R, 2
	.equ	PTE_W, 4
	.equ	PTE_X, 8
	.equ	PTE_U, 16
	.equ	PTE_AD, 0xc0
	.equ	USER_DATA, 0x10000		# l0[16]; 0x11000 (l0[17]) stays unmapped
	.equ	USER_CODE, 0x12000		# l0[18]

	.section .text.init
	.globl	_start
_start:
	la	t0, trap
	csrw	stvec, t0
	la	s0, root
	li	t0, (0x80000000 >> 2) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_AD
	addi	t1, s0, 1024
	sw	t0, 1024(t1)			# root[512]: the kernel's megapage
	la	t1, l0
	srli	t0, t1, 2
	ori	t0, t0, PTE_V
	sw	t0, 0(s0)			# root[0] -> l0
	la	t0, user_data
	srli	t0, t0, 2
	ori	t0, t0, PTE_V | PTE_R | PTE_W | PTE_U | PTE_AD
	sw	t0, 16*4(t1)
	la	t0, user_code
	srli	t0, t0, 2
	ori	t0, t0, PTE_V | PTE_R | PTE_X | PTE_U | PTE_AD
	sw	t0, 18*4(t1)
	srli	t0, s0, 12
	li	t1, 1 << 31
	or	t0, t0, t1			# satp: Sv32, root
	.if	PV
	HC_NEW_BASEPTR t0, zero
	.else
	csrw	satp, t0
	sfence.vma
	.endif
	li	t0, USER_CODE
	csrw	sepc, t0
	li	t0, 1 << 8			# SPP = U
	csrc	sstatus, t0
	la	s1, seen
	sret

	.align	2
trap:	csrr	t0, scause
	csrr	t1, stval
	sw	t0, 0(s1)
	sw	t1, 4(s1)
	addi	s1, s1, 8
	li	t1, 8				# an ecall from U: the user is done
	beq	t0, t1, done
	csrr	t0, sepc
	addi	t0, t0, 4
	csrw	sepc, t0
	sret
done:	sw	a1, 0(s1)			# what the faulting lw left in a1
	sw	a4, 4(s1)			# the data page's last word, read aligned
	la	t0, sentinel
	lw	t0, 0(t0)
	sw	t0, 8(s1)
	.if	PV
	li	a0, 0
	HC_SHUTDOWN a0
	.else
	csrw	satp, zero
	sfence.vma
	li	t0, FINISHER
	li	t1, 0x5555
	sw	t1, 0(t0)
	.endif
1:	j	1b

	.balign	4096
user_code:
	li	a2, USER_DATA + 0xffe
	li	a1, 0xbad
	lw	a1, 0(a2)			# half on the next page: faults
	li	a3, 0x5a5a5a5a
	sw	a3, 0(a2)			# likewise, and writes nothing
	li	a2, USER_DATA + 0xffc
	lw	a4, 0(a2)
	ecall
	.balign	4096

	.data
	.balign	4096
user_data:
	.space	4092
	.word	0x8899aabb
sentinel:
	.word	0x77777777			# the page after user_data in memory
	.balign	4096
	.globl	seen
seen:	.space	64

	.bss
	.balign	4096
root:	.space	4096
l0:	.space	4096
