# corpus 01 — every row of the INSTRUCTIONS table.
#
# covers: all RV32I base instructions, M, A (lr/sc and every AMO in the four
#   orderings: none, .aq, .rl, .aqrl), Zicsr (register and immediate forms),
#   Zifencei, the privileged instructions (sret mret wfi sfence.vma),
#   fence with every kind of set and fence.tso;
#   registers by ABI name, by xN number and as fp; CSRs by name and by number;
#   immediates at both ends of their range; branch and jump targets backward
#   and forward, in range.

	.text
	.globl _start
_start:
	# U and J formats.
	lui	a0, 0x12345
	lui	x31, 0xfffff
	lui	zero, 0
	auipc	t0, 0
	auipc	x5, 0x80000
	jal	ra, 1f
	jal	x0, 1f
	jal	2f
1:	jalr	ra, 0(t0)
	jalr	x1, -2048(x5)
	jalr	zero, 2047(a5)

	# B format: backward and forward, both ends of the register file.
2:	beq	a0, a1, 1b
	bne	x31, x0, 1b
	blt	t6, s11, 3f
	bge	fp, s0, 3f
	bltu	a7, a6, 2b
	bgeu	sp, gp, 3f
3:
	# Loads and stores at the ends of the 12-bit range.
	lb	a0, -2048(sp)
	lh	a1, 2047(sp)
	lw	a2, 0(gp)
	lbu	a3, -1(tp)
	lhu	a4, 1(x4)
	sb	a5, -2048(s1)
	sh	a6, 2047(s2)
	sw	a7, 0(s3)

	# Register-immediate.
	addi	s4, s5, -2048
	slti	s6, s7, 2047
	sltiu	s8, s9, -1
	xori	s10, s11, 0x7ff
	ori	t3, t4, -0x800
	andi	t5, t6, 0xff
	slli	a0, a0, 0
	srli	a1, a1, 31
	srai	a2, a2, 17

	# Register-register.
	add	a0, a1, a2
	sub	x10, x11, x12
	sll	t0, t1, t2
	slt	s0, s1, fp
	sltu	a3, a4, a5
	xor	a6, a7, s2
	srl	s3, s4, s5
	sra	s6, s7, s8
	or	s9, s10, s11
	and	t3, t4, t5

	# Every register by name and by number.
	add	zero, ra, sp
	add	gp, tp, t0
	add	t1, t2, s0
	add	s1, a0, a1
	add	a2, a3, a4
	add	a5, a6, a7
	add	s2, s3, s4
	add	s5, s6, s7
	add	s8, s9, s10
	add	s11, t3, t4
	add	t5, t6, fp
	add	x0, x1, x2
	add	x3, x4, x5
	add	x6, x7, x8
	add	x9, x10, x11
	add	x12, x13, x14
	add	x15, x16, x17
	add	x18, x19, x20
	add	x21, x22, x23
	add	x24, x25, x26
	add	x27, x28, x29
	add	x30, x31, x0

	# Memory ordering.
	fence	iorw, iorw
	fence	rw, rw
	fence	r, w
	fence	i, o
	fence	io, rw
	fence	w, iorw
	fence	ior, ow
	fence.tso
	fence.i
	ecall
	ebreak

	# Zicsr: names and numbers.
	csrrw	a0, mstatus, a1
	csrrs	a0, mepc, zero
	csrrc	t0, mie, t1
	csrrwi	a0, mscratch, 0
	csrrsi	a0, mip, 31
	csrrci	a0, sstatus, 17
	csrrw	x0, 0x305, x10
	csrrs	a1, 3860, x0
	csrrc	a2, 0xc00, zero
	csrrwi	zero, 0x7ff, 1
	csrrs	a0, satp, zero
	csrrs	a0, cycleh, zero
	csrrs	a0, pmpaddr63, zero
	csrrs	a0, mhpmcounter31h, zero
	csrrs	a0, mhpmevent3, zero
	csrrs	a0, hpmcounter17, zero

	# M.
	mul	a0, a1, a2
	mulh	a3, a4, a5
	mulhsu	a6, a7, s2
	mulhu	t0, t1, t2
	div	s0, s1, s2
	divu	s3, s4, s5
	rem	t3, t4, t5
	remu	a0, a0, a0

	# A: every ordering of every AMO.
	lr.w	a0, (a1)
	lr.w.aq	a0, (a1)
	lr.w.rl	t0, (sp)
	lr.w.aqrl t6, 0(x31)
	sc.w	a0, a2, (a1)
	sc.w.aq	a0, a2, (a1)
	sc.w.rl	a0, a2, (a1)
	sc.w.aqrl a0, a2, 0(a1)
	amoswap.w a0, a1, (a2)
	amoswap.w.aq a0, a1, (a2)
	amoswap.w.rl a0, a1, (a2)
	amoswap.w.aqrl a0, a1, (a2)
	amoadd.w a3, a4, (a5)
	amoadd.w.aq a3, a4, (a5)
	amoadd.w.rl a3, a4, (a5)
	amoadd.w.aqrl a3, a4, (a5)
	amoxor.w s0, s1, (sp)
	amoxor.w.aq s0, s1, (sp)
	amoxor.w.rl s0, s1, (sp)
	amoxor.w.aqrl s0, s1, (sp)
	amoand.w t0, t1, (t2)
	amoand.w.aq t0, t1, (t2)
	amoand.w.rl t0, t1, (t2)
	amoand.w.aqrl t0, t1, (t2)
	amoor.w	x1, x2, (x3)
	amoor.w.aq x1, x2, (x3)
	amoor.w.rl x1, x2, (x3)
	amoor.w.aqrl x1, x2, (x3)
	amomin.w a0, a1, (a2)
	amomin.w.aq a0, a1, (a2)
	amomin.w.rl a0, a1, (a2)
	amomin.w.aqrl a0, a1, (a2)
	amomax.w a0, a1, (a2)
	amomax.w.aq a0, a1, (a2)
	amomax.w.rl a0, a1, (a2)
	amomax.w.aqrl a0, a1, (a2)
	amominu.w a0, a1, (a2)
	amominu.w.aq a0, a1, (a2)
	amominu.w.rl a0, a1, (a2)
	amominu.w.aqrl a0, a1, (a2)
	amomaxu.w a0, a1, (a2)
	amomaxu.w.aq a0, a1, (a2)
	amomaxu.w.rl a0, a1, (a2)
	amomaxu.w.aqrl zero, x0, (zero)

	# Privileged.
	sret
	mret
	wfi
	sfence.vma zero, zero
	sfence.vma a0, a1
	j	_start
