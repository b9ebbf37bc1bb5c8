# jumps.s — unconditional jumps (unprivileged spec §2.5.1): jal and jalr
# write pc + 4 to rd (not x0); jalr's target is (rs1 + imm) with bit 0
# cleared, computed before rd is written, so rd may equal rs1. The
# call/tail/ret pseudo-instructions are auipc + jalr and jalr x0. Jumps to
# misaligned targets are in traps.s.

	.include "macros.inc"
	PROGRAM	"jumps: jal jalr call tail ret"

main:
	SAY	"jal"
	li	t2, 0
jal1:	jal	t1, 1f
	li	t2, 99			# skipped
1:	CHECK	"jal t1: link is pc + 4", t1, jal1 + 4
	CHECK	"jal skips what it jumps over", t2, 0
jal2:	jal	zero, 1f		# j: no link
	li	t2, 98
1:	CHECK	"jal x0 leaves x0 zero", zero, 0
	CHECK	"j skips too", t2, 0
jal3:	jal	ra, far_away		# further than any branch reaches
	CHECK	"jal over 8 KiB and back: link", s1, jal3 + 4
	CHECK	"... the far code ran", s2, 0x600d
	SIG	s1
	SIG	s2

	SAY	"jalr"
	la	t0, 2f
jalr1:	jalr	ra, 0(t0)
	li	t2, 97
2:	CHECK	"jalr ra, 0(t0): link", ra, jalr1 + 4
	CHECK	"jalr ra, 0(t0): target", t2, 0
	la	t0, 3f - 8
jalr2:	jalr	t1, 8(t0)
	li	t2, 96
3:	CHECK	"jalr t1, 8(t0): positive offset", t1, jalr2 + 4
	la	t0, 4f + 12
jalr3:	jalr	t1, -12(t0)
	li	t2, 95
4:	CHECK	"jalr t1, -12(t0): negative offset", t1, jalr3 + 4
	la	t0, 5f
	addi	t0, t0, 1		# odd address: bit 0 is cleared
jalr4:	jalr	t1, 0(t0)
	li	t2, 94
5:	CHECK	"jalr to an odd address clears bit 0", t1, jalr4 + 4
	la	t0, 6f
jalr5:	jalr	t1, 1(t0)		# odd offset, the same
	li	t2, 93
6:	CHECK	"jalr with an odd offset clears bit 0", t1, jalr5 + 4
	la	t0, 7f
jalr6:	jalr	t0, 0(t0)		# rd == rs1: target from the old value
	li	t2, 92
7:	CHECK	"jalr t0, 0(t0): rd written after the target is read", t0, jalr6 + 4
	la	t0, 8f
	jalr	zero, 0(t0)		# jr
	li	t2, 91
8:	CHECK	"jalr x0 (jr) leaves x0 zero", zero, 0
	CHECK	"no jump fell through", t2, 0

	SAY	"call, tail, ret"
	li	a0, 20
call1:	call	add_one
	CHECK	"call: the subroutine ran", a0, 21
	CHECK	"call: link", ra, call1 + 8	# auipc + jalr
	li	a0, 30
	call	via_tail
	CHECK	"tail: add_one returned straight to our caller", a0, 31
	li	a0, 0
	la	t0, add_one
	jalr	t0			# jalr rs1 alone links into ra
	CHECK	"jalr t0 (one operand) links into ra", a0, 1

	li	s0, 0x11
	li	s3, 0x33
	END_PROGRAM

add_one:
	addi	a0, a0, 1
	ret

via_tail:
	tail	add_one

	.fill	2048, 4, 0x00000013	# 8 KiB of nops between jal3 and far_away
far_away:
	mv	s1, ra
	li	s2, 0x600d
	ret

	SIGNATURE_REGION 4
