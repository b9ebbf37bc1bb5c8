# huge-batch.s — a guest kernel that asks for a great deal in one ecall:
#   KIND 0: one multicall of ENTRIES mmu_update entries, REQS requests each
#   KIND 1: one mmu_update of REQS requests
#   KIND 2: one console_write of BYTES bytes
#   KIND 3: one multicall of ENTRIES console_write entries of BYTES bytes each
# The requests rewrite leaf PTEs of a live table (the address space is
# installed first: paravirtually by new_baseptr, trapped by satp) with the
# values they hold. It then checks every result — a0 = 0 and a1 = the count,
# for the call and for each entry — stores 1 at `verdict` if all are right
# (or 2 + the failing entry) and shuts down by hypercall.

	.include "hypercalls.inc"
	.ifndef	KIND
	.equ	KIND, 0
	.endif
	.ifndef	REQS
	.equ	REQS, 4096
	.endif
	.ifndef	ENTRIES
	.equ	ENTRIES, 16
	.endif
	.ifndef	BYTES
	.equ	BYTES, 4096
	.endif
	.ifndef	PV
	.equ	PV, 1
	.endif
	.equ	PTE_V, 1
	.equ	PTE_RWAD, 2 | 4 | 0x40 | 0x80
	.equ	PTE_X, 8

	.section .text.init
	.globl	_start
_start:
	la	t0, skip
	csrw	stvec, t0
	# root[512..515] = the VM's RAM in megapages, root[0] -> l0, l0[i] -> page i of `data`
	li	t0, (0x80000000 >> 2) | PTE_V | PTE_RWAD | PTE_X
	la	t1, root + 2048
	li	t2, 0x400000 >> 2
	li	t3, 4
0:	sw	t0, 0(t1)
	add	t0, t0, t2
	addi	t1, t1, 4
	addi	t3, t3, -1
	bnez	t3, 0b
	la	t1, l0
	srli	t0, t1, 2
	ori	t0, t0, PTE_V
	la	t2, root
	sw	t0, 0(t2)
	la	t2, data
	srli	t2, t2, 2
	ori	t2, t2, PTE_V | PTE_RWAD
	li	t3, 1024
1:	sw	t2, 0(t1)
	addi	t1, t1, 4
	addi	t2, t2, 0x400
	addi	t3, t3, -1
	bnez	t3, 1b
	la	t0, root
	srli	t0, t0, 12
	li	t1, 1 << 31
	or	t0, t0, t1
	.if	PV
	HC_NEW_BASEPTR t0, zero
	.else
	csrw	satp, t0
	sfence.vma
	.endif
	# requests: {ptep = &l0[i % 1024], value = l0[i % 1024]}
	la	t1, reqs
	li	t3, 0
	li	t4, REQS
2:	andi	t5, t3, 1023
	slli	t5, t5, 2
	la	t6, l0
	add	t5, t6, t5
	lw	t6, 0(t5)
	sw	t5, 0(t1)
	sw	t6, 4(t1)
	addi	t1, t1, 8
	addi	t3, t3, 1
	bne	t3, t4, 2b
	# multicall entries: mmu_update(reqs, REQS, 0) or console_write(BYTES, text, 0)
	la	t1, entries
	li	t3, ENTRIES
3:	.if	KIND == 0
	li	t0, PVLAB_EXT_MMU
	sw	t0, PVLAB_MULTICALL_ENTRY_EID(t1)
	li	t0, PVLAB_FID_MMU_UPDATE
	sw	t0, PVLAB_MULTICALL_ENTRY_FID(t1)
	la	t0, reqs
	sw	t0, PVLAB_MULTICALL_ENTRY_ARGS + 0(t1)
	li	t0, REQS
	sw	t0, PVLAB_MULTICALL_ENTRY_ARGS + 4(t1)
	.else
	li	t0, SBI_EXT_DBCN
	sw	t0, PVLAB_MULTICALL_ENTRY_EID(t1)
	li	t0, SBI_FID_CONSOLE_WRITE
	sw	t0, PVLAB_MULTICALL_ENTRY_FID(t1)
	li	t0, BYTES
	sw	t0, PVLAB_MULTICALL_ENTRY_ARGS + 0(t1)
	la	t0, text
	sw	t0, PVLAB_MULTICALL_ENTRY_ARGS + 4(t1)
	.endif
	addi	t1, t1, PVLAB_MULTICALL_ENTRY_SIZE
	addi	t3, t3, -1
	bnez	t3, 3b

	.if	KIND == 0 || KIND == 3
	la	a0, entries
	li	a1, ENTRIES
	HC_MULTICALL a0, a1
	li	s1, ENTRIES
	.elseif	KIND == 1
	la	a0, reqs
	li	a1, REQS
	HC_MMU_UPDATE a0, a1, zero, zero
	li	s1, REQS
	.else
	li	a0, BYTES
	la	a1, text
	HC_CONSOLE_WRITE a0, a1, zero
	li	s1, BYTES
	.endif
	li	s0, 2				# verdict: 2 = the call itself failed
	bnez	a0, 9f
	bne	a1, s1, 9f
	.if	KIND == 0 || KIND == 3
	.if	KIND == 0
	li	s2, REQS
	.else
	li	s2, BYTES
	.endif
	la	t1, entries
	li	t3, 0
4:	addi	s0, t3, 3			# verdict: 3 + the entry that failed
	lw	t0, PVLAB_MULTICALL_ENTRY_RESULTS(t1)
	bnez	t0, 9f
	lw	t0, PVLAB_MULTICALL_ENTRY_RESULTS + 4(t1)
	bne	t0, s2, 9f
	addi	t1, t1, PVLAB_MULTICALL_ENTRY_SIZE
	addi	t3, t3, 1
	li	t0, ENTRIES
	bne	t3, t0, 4b
	.endif
	li	s0, 1
9:	la	t0, verdict
	sw	s0, 0(t0)
	li	a0, 0
	HC_SHUTDOWN a0
5:	j	5b

	.align	2
skip:	csrr	t0, sepc			# a fault: skip the instruction
	addi	t0, t0, 4
	csrw	sepc, t0
	sret

	.data
	.globl	verdict
verdict: .word	0
	.balign	4096
text:	.fill	BYTES, 1, 0x2e
	.bss
	.balign	4096
root:	.space	4096
l0:	.space	4096
data:	.space	4096
reqs:	.space	REQS * 8
	.balign	8
entries: .space	ENTRIES * PVLAB_MULTICALL_ENTRY_SIZE
