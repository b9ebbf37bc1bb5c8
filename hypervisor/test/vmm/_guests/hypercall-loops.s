# hypercall-loops.s — a paravirtual guest that makes LOOPS hypercalls of one
# kind between two benchmark markers, then shuts down: what the hypervisor's
# exits cost, and what its batches cost per entry (scripts/bench, tests of
# the per-exit work bound).
#   KIND 0: spec_version (the fixed cost of an exit: world switch, dispatch)
#   KIND 1: mmu_update of BATCH requests rewriting leaf PTEs of a live table
#   KIND 2: console_write of BYTES bytes
#   KIND 3: multicall of BATCH spec_version entries
#   KIND 4: new_baseptr, alternating between two address spaces
#   KIND 5: tlb_flush of everything
# The address space: the kernel's megapage (identity), l0 under VA 0 with
# 1024 leaves (its PTEs are the mmu_update targets), a second root sharing it.

	.include "hypercalls.inc"
	.ifndef	KIND
	.equ	KIND, 0
	.endif
	.ifndef	LOOPS
	.equ	LOOPS, 10000
	.endif
	.ifndef	BATCH
	.equ	BATCH, 64
	.endif
	.ifndef	BYTES
	.equ	BYTES, 64
	.endif
	.equ	PTE_V, 1
	.equ	PTE_RWAD, 2 | 4 | 0x40 | 0x80
	.equ	PTE_X, 8
	.equ	MEGA_BITS, (0x80000000 >> 2) | PTE_V | PTE_RWAD | PTE_X

	.section .text.init
	.globl	_start
_start:
	la	t0, skip
	csrw	stvec, t0
	# two roots: root[512] = the kernel megapage, root[0] -> l0; root2 the same
	li	t0, MEGA_BITS
	la	t1, root + 2048
	sw	t0, 0(t1)
	la	t1, root2 + 2048
	sw	t0, 0(t1)
	la	t1, l0
	srli	t0, t1, 2
	ori	t0, t0, PTE_V
	la	t2, root
	sw	t0, 0(t2)
	la	t2, root2
	sw	t0, 0(t2)
	# l0[i] -> page i of `data` (R W A D), for every i: real leaves for mmu_update to rewrite
	la	t2, data
	srli	t2, t2, 2
	ori	t2, t2, PTE_V | PTE_RWAD
	li	t3, 1024
1:	sw	t2, 0(t1)
	addi	t1, t1, 4
	addi	t2, t2, 0x400			# the next page (PPN + 1)
	addi	t3, t3, -1
	bnez	t3, 1b
	# requests: {ptep = &l0[i], value = l0[i]}, i < BATCH; multicall entries: spec_version
	la	t1, l0
	la	t4, reqs
	li	t3, BATCH
2:	lw	t2, 0(t1)
	sw	t1, 0(t4)
	sw	t2, 4(t4)
	addi	t1, t1, 4
	addi	t4, t4, 8
	addi	t3, t3, -1
	bnez	t3, 2b
	la	t4, entries
	li	t3, BATCH
	li	t1, SBI_EXT_BASE
3:	sw	t1, PVLAB_MULTICALL_ENTRY_EID(t4)
	sw	zero, PVLAB_MULTICALL_ENTRY_FID(t4)
	addi	t4, t4, PVLAB_MULTICALL_ENTRY_SIZE
	addi	t3, t3, -1
	bnez	t3, 3b
	la	s2, root
	srli	s2, s2, 12
	li	t0, 1 << 31
	or	s2, s2, t0			# satp of root
	la	s3, root2
	srli	s3, s3, 12
	or	s3, s3, t0			# satp of root2
	HC_NEW_BASEPTR s2, zero
	li	s1, LOOPS
	li	a0, PVLAB_BENCH_EVENT_BEGIN
	HC_BENCH_MARKER a0
4:	.if	KIND == 0
	HC_SPEC_VERSION
	.elseif	KIND == 1
	la	a0, reqs
	li	a1, BATCH
	HC_MMU_UPDATE a0, a1, zero, zero
	.elseif	KIND == 2
	li	a0, BYTES
	la	a1, text
	HC_CONSOLE_WRITE a0, a1, zero
	.elseif	KIND == 3
	la	a0, entries
	li	a1, BATCH
	HC_MULTICALL a0, a1
	.elseif	KIND == 4
	HC_NEW_BASEPTR s3, zero
	mv	t0, s3
	mv	s3, s2
	mv	s2, t0
	.else
	HC_TLB_FLUSH zero, zero
	.endif
	addi	s1, s1, -1
	bnez	s1, 4b
	li	a0, PVLAB_BENCH_EVENT_END
	HC_BENCH_MARKER a0
	li	a0, 0
	HC_SHUTDOWN a0
5:	j	5b

	.align	2
skip:	csrr	t0, sepc			# a fault: skip the instruction
	addi	t0, t0, 4
	csrw	sepc, t0
	sret

	.data
	.balign	4096
text:	.fill	BYTES, 1, 0x2e
	.bss
	.balign	4096
root:	.space	4096
root2:	.space	4096
l0:	.space	4096
reqs:	.space	BATCH * 8
	.balign	8
entries: .space	BATCH * PVLAB_MULTICALL_ENTRY_SIZE
	.balign	4096
data:	.space	4096
