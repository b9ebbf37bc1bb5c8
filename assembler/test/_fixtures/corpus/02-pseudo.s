# corpus 02 — every pseudo-instruction.
#
# covers: nop li la lla mv not neg seqz snez sltz sgtz sgt sgtu beqz bnez
#   blez bgez bltz bgtz bgt ble bgtu bleu j jal jr jalr ret call tail fence
#   unimp csrr csrw csrs csrc csrwi csrsi csrci rdcycle rdcycleh rdtime
#   rdtimeh rdinstret rdinstreth jump, in every operand form GNU as accepts
#   (jalr rs / jalr rd, rs / jalr rd, imm(rs) / jalr rd, rs, imm, jr imm(rs),
#   call rd, sym (GNU uses t1 as the auipc temporary), csrw/csrs/csrc and
#   csrrw/csrrs/csrrc with an immediate becoming the csrr*i forms,
#   sfence.vma with no or one operand, jalr rs, imm);
#   the old and Zbb-style spellings GNU as 2.40 also takes: move sbreak scall
#   zext.b sext.b sext.h zext.h (the last three as two shifts without Zbb);
#   the encodings GNU knows outside pvlab's ISA: uret hret dret sfence.vm
#   (with no or one operand);
#   loads and stores to a symbol (lw a0, sym / sw a0, sym, t0 /
#   sw gp, tohost + 4, t5) for every width;
#   li of 32-bit values that exercise each lui/addi split, including the
#   tricky ones (0x800, 0xfffff800, 0x7ffff800, -2048, 0x80000000,
#   0x12345fff, 0xfff, 0x1000) and constant expressions.

	.text
	.globl _start
_start:
	nop
	# li: one addi, one lui, or lui + addi with the rounding carry.
	li	a0, 0
	li	a0, 1
	li	a0, -1
	li	a0, 2047
	li	a0, -2048
	li	a0, 2048
	li	a0, 0x800
	li	a0, -2049
	li	a0, 0xfff
	li	a0, 0x1000
	li	a0, 0x1001
	li	a0, 0x7ff
	li	a0, 0xfffff800
	li	a0, 0xfffff7ff
	li	a0, 0x7ffff800
	li	a0, 0x7ffff7ff
	li	a0, 0x7fffffff
	li	a0, 0x80000000
	li	a0, 0x80000800
	li	a0, 0x800007ff
	li	a0, 0xffffffff
	li	a0, 0x12345fff
	li	a0, 0x12345678
	li	a0, 0xdeadbeef
	li	a0, 0xcafe0000
	li	a0, -0x80000000
	li	a0, -123456789
	li	a0, 2147483647
	li	t6, 4294967295
	li	x31, (1 << 20) | 0x801
	li	s0, 0x1000 * 3 - 1
	li	a0, ~0x7ff
	li	a0, -(0x12345 << 12)
	li	zero, 5

	# Register-only pseudos.
	mv	a0, a1
	not	a0, a1
	neg	a0, a1
	seqz	a0, a1
	snez	a0, a1
	sltz	a0, a1
	sgtz	a0, a1
	sgt	a0, a1, a2
	sgtu	a0, a1, a2

	# Branch pseudos, backward and forward, in range.
1:	beqz	a0, 1b
	bnez	a0, 1f
	blez	a0, 1b
	bgez	a0, 1f
	bltz	a0, 1b
	bgtz	a0, 1f
	bgt	a0, a1, 1b
	ble	a0, a1, 1f
	bgtu	a0, a1, 1b
	bleu	a0, a1, 1f
1:	j	1b
	j	2f
	jal	1b
	jal	t0, 2f
2:	jr	a0
	jr	4(a0)
	jr	a0, -4
	jalr	a0
	jalr	t0, a1
	jalr	t0, 8(a1)
	jalr	t0, a1, -8
	jalr	16(a1)
	ret

	# Calls and address formation (auipc pairs under -mno-relax).
	call	func
	call	t0, func
	call	a2, func
	tail	func
	jump	func, t0
	jump	func, a5
	la	a0, value
	la	a1, value + 4
	lla	a2, message
	lla	a3, _start

	# Loads and stores to a symbol, every width.
	lb	a0, message
	lh	a1, value + 2
	lw	a0, value
	lbu	a3, message + 1
	lhu	a4, value
	sb	a0, message, t0
	sh	a1, value, t1
	sw	a0, value, t0
	sw	gp, tohost + 4, t5

	# Fences and CSR pseudos.
	fence
	unimp
	csrr	a0, mstatus
	csrr	a1, 0x340
	csrw	mtvec, a0
	csrw	mscratch, 7
	csrs	mie, a0
	csrs	mie, 8
	csrc	mie, a1
	csrc	mie, 31
	csrwi	mscratch, 3
	csrsi	mstatus, 8
	csrci	mstatus, 8
	csrrw	a0, mscratch, 5
	csrrs	a0, mstatus, 8
	csrrc	a0, mie, 31
	sfence.vma
	sfence.vma a0
	rdcycle	a0
	rdcycleh a1
	rdtime	a2
	rdtimeh	a3
	rdinstret a4
	rdinstreth a5

	# Old and Zbb-style spellings, and encodings outside pvlab's ISA.
	move	a0, a1
	sbreak
	scall
	zext.b	a2, a3
	sext.b	a2, a3
	sext.h	t0, t1
	zext.h	s0, s1
	jalr	a1, -16
	uret
	hret
	dret
	sfence.vm
	sfence.vm a0

func:
	ret

	.section .tohost, "aw", @progbits
	.globl tohost
tohost:	.dword 0
fromhost: .dword 0

	.data
value:	.word 0x11223344
message: .asciz "pseudo"
