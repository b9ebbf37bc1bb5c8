# corpus 09 — the C extension (assembled with -march=rv32imac_zicsr_zifencei).
#
# covers: every c.* mnemonic written out (c.unimp c.ebreak c.jr c.jalr c.j
#   c.jal c.beqz c.bnez c.lwsp c.lw c.swsp c.sw c.nop c.mv c.lui c.li
#   c.addi4spn c.addi16sp c.addi c.add c.sub c.and c.or c.xor c.slli c.srli
#   c.srai c.slli64 c.srli64 c.srai64 c.andi), with the edges of their
#   immediates and the HINT forms GNU as accepts; the automatic compression
#   of each source form GNU as compresses (and near misses it leaves 32-bit:
#   registers outside x8..x15, immediates out of range, `addi a0, a1, 0` vs
#   `add a0, a1, zero`, `jalr zero, 0(a0)`, `jal label`); li of values that
#   become c.li, c.lui or c.lui + c.addi, as written (0xffffffff is no c.li); .option rvc/norvc/push/pop and
#   arch, +c / -c; .insn 2 and 16-bit raw values; alignment in code with C
#   (.p2align 1 is a no-op, .p2align 2 pads with c.nop).

	.text
	.globl	_start
_start:
	# Written out.
	c.addi4spn	s0, sp, 4
	c.addi4spn	a5, sp, 1020
	c.lw	s1, 0(a0)
	c.lw	a0, 124(s1)
	c.sw	a5, (s0)
	c.sw	s0, 64(a5)
	c.nop
	c.nop	7
	c.addi	a0, 1
	c.addi	sp, -32
	c.addi	t0, 31
	c.addi	a1, 0
	c.li	a0, -32
	c.li	x31, 31
	c.li	zero, 5
	c.addi16sp	sp, -512
	c.addi16sp	sp, 496
	c.lui	a0, 1
	c.lui	s11, 0x1f
	c.lui	t0, 0xfffe0
	c.lui	zero, 0xfffff
	c.srli	s0, 1
	c.srli	a5, 31
	c.srai	a0, 0x10
	c.srli64	s1
	c.srai64	a4
	c.andi	a1, -32
	c.andi	a2, 31
	c.sub	s0, a5
	c.xor	s1, a4
	c.or	a0, a3
	c.and	a2, a2
	c.slli	a0, 1
	c.slli	x31, 31
	c.slli	zero, 3
	c.slli64	t6
	c.lwsp	ra, 0(sp)
	c.lwsp	x31, 252(sp)
	c.lwsp	a0, (sp)
	c.swsp	zero, 4(sp)
	c.swsp	s11, 252(sp)
	c.mv	a0, a1
	c.mv	zero, t0
	c.add	s0, s1
	c.add	zero, a0
	c.jalr	ra
	c.ebreak
	c.unimp
1:	c.j	1b
	c.jal	1b
	c.beqz	s0, 1b
	c.bnez	a5, 2f
	c.jr	t1
2:
	# Compressed by GNU as, and the near misses it leaves alone.
	addi	s0, sp, 4
	addi	a0, sp, 0
	addi	a0, a0, 5
	addi	a0, a0, 0
	addi	zero, zero, 0
	addi	zero, zero, 5
	addi	sp, sp, 16
	addi	sp, sp, -512
	addi	sp, sp, 8
	addi	a0, zero, -32
	addi	a0, zero, 32
	addi	a0, a1, 0
	add	a0, a0, a1
	add	a0, a1, a0
	add	a0, zero, a1
	add	a0, a1, zero
	add	a0, a0, 0
	add	a0, a0, 31
	add	s0, sp, 8
	add	sp, sp, 32
	mv	a0, a1
	mv	a0, zero
	move	t0, t1
	nop
	li	a0, 0
	li	a0, -32
	li	a0, 31
	li	a0, 32
	li	zero, 0
	li	a0, 0x1000
	li	sp, 0x1000
	li	a0, 0x1001
	li	s0, -0x1001
	li	a0, 0x20000
	li	a0, 0x12345678
	li	a0, 0xffffffff
	li	a0, 0xffffffe0
	li	a0, 0xfffff000
	li	a0, -4096
	li	a0, 0x100001000
	li	a0, 0x100000000
	lui	a0, 1
	lui	sp, 1
	lui	zero, 1
	lui	a0, 0
	lui	a0, 0xfffe0
	lui	a0, 0xfffdf
	andi	s0, s0, -32
	andi	s0, s0, 0
	andi	s0, s1, 1
	andi	t0, t0, 1
	and	s0, s0, s1
	and	s0, s1, s0
	and	s0, s1, a0
	and	s0, s0, 7
	or	a0, a0, a1
	or	a0, a1, a0
	xor	a5, a4, a5
	xor	a5, a5, a4
	sub	s0, s0, s1
	sub	s0, s1, s0
	slli	a0, a0, 3
	slli	a0, a0, 0
	slli	zero, zero, 3
	slli	a0, a1, 3
	sll	t0, t0, 31
	srli	s0, s0, 3
	srli	s0, s0, 0
	srl	s1, s1, 1
	srai	a0, a0, 31
	sra	a0, a0, 7
	srai	t0, t0, 1
	lw	a0, 0(sp)
	lw	zero, 0(sp)
	lw	ra, 252(sp)
	lw	ra, 256(sp)
	lw	s0, 124(s1)
	lw	s0, 128(s1)
	lw	s0, -4(s1)
	lw	t0, 4(s1)
	sw	zero, 4(sp)
	sw	s0, 4(s1)
	sw	s0, 2(s1)
	jr	a0
	jr	4(a0)
	ret
	jalr	a0
	jalr	ra, 0(a0)
	jalr	zero, 0(ra)
	ebreak
	sbreak
	unimp
	sext.b	s0, s0
	sext.h	a0, a0
	zext.h	a5, a5
	zext.b	s0, s0
	not	s0, s0
	neg	s0, s0
	beqz	s0, 3f
	bnez	a0, 3f
	beq	s0, zero, 3f
	bne	a1, zero, 3f
	beq	zero, s0, 3f
	beqz	t0, 3f
	j	3f
	jal	3f
	jal	ra, 3f
3:
	# Options: C off and on again.
	.option	push
	.option	norvc
	addi	a0, a0, 1
	.option	pop
	addi	a0, a0, 1
	.option	arch, -c
	mv	a0, a1
	.option	arch, +c
	mv	a0, a1
	# Raw halfwords.
	.insn	2, 0x4505
	.insn	0x0001
	.insn	4, 0x00000013
	# Alignment in code.
	c.nop
	.p2align 1
	c.nop
	.p2align 2
	c.nop
	.balign	8
	.byte	1
	.p2align 2
	c.nop
	.p2align 4
	ret
