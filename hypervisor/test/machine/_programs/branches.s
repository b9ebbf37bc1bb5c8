# branches.s — conditional branches (unprivileged spec §2.5.2): beq bne
# blt bge (signed) bltu bgeu (unsigned), taken and not taken, forwards and
# backwards, and at the ends of their +-4 KiB reach. A misaligned target
# faults only when the branch is taken; that is in traps.s.

	.include "macros.inc"
	PROGRAM	"branches: beq bne blt bge bltu bgeu"

# BR "name", insn, a, b, taken: t2 := 1 if `insn a, b` branches, else 0
.macro	BR name, insn, a, b, taken
	li	t0, \a
	li	t1, \b
	li	t2, 1
	\insn	t0, t1, .Ltaken\@
	li	t2, 0
.Ltaken\@:
	CHECK	"\name", t2, \taken
	SIG	t2
.endm

main:
	SAY	"equality"
	BR	"beq 5, 5", beq, 5, 5, 1
	BR	"beq 5, 6", beq, 5, 6, 0
	BR	"bne 5, 6", bne, 5, 6, 1
	BR	"bne 5, 5", bne, 5, 5, 0
	BR	"beq 0x80000000, 0", beq, 0x80000000, 0, 0

	SAY	"signed: blt bge"
	BR	"blt -1, 1", blt, -1, 1, 1
	BR	"blt 1, -1", blt, 1, -1, 0
	BR	"blt 3, 3", blt, 3, 3, 0
	BR	"blt 0x80000000, 0x7fffffff", blt, 0x80000000, 0x7fffffff, 1
	BR	"bge 1, -1", bge, 1, -1, 1
	BR	"bge -1, 1", bge, -1, 1, 0
	BR	"bge 3, 3 (equal branches)", bge, 3, 3, 1
	BR	"bge 0x7fffffff, 0x80000000", bge, 0x7fffffff, 0x80000000, 1

	SAY	"unsigned: bltu bgeu"
	BR	"bltu 1, -1", bltu, 1, -1, 1
	BR	"bltu -1, 1", bltu, -1, 1, 0
	BR	"bltu 0, 0", bltu, 0, 0, 0
	BR	"bltu 0x7fffffff, 0x80000000", bltu, 0x7fffffff, 0x80000000, 1
	BR	"bgeu -1, 1", bgeu, -1, 1, 1
	BR	"bgeu 1, -1", bgeu, 1, -1, 0
	BR	"bgeu 7, 7 (equal branches)", bgeu, 7, 7, 1
	BR	"bgeu 0, 0", bgeu, 0, 0, 1

	SAY	"x0 operands and pseudo-instructions"
	li	t0, -5
	li	t2, 0
	bltz	t0, 1f			# blt t0, x0
	li	t2, 1
1:	CHECK	"bltz -5", t2, 0
	li	t2, 0
	bgtz	t0, 1f			# blt x0, t0
	li	t2, 1
1:	CHECK	"bgtz -5 falls through", t2, 1
	li	t2, 0
	beqz	zero, 1f
	li	t2, 1
1:	CHECK	"beqz x0", t2, 0
	li	t2, 0
	bgeu	t0, zero, 1f		# anything >= 0 unsigned
	li	t2, 1
1:	CHECK	"bgeu -5, x0", t2, 0

	SAY	"backwards branches: a counted loop"
	li	t0, 10
	li	t1, 0
1:	addi	t1, t1, 3
	addi	t0, t0, -1
	bnez	t0, 1b
	CHECK	"10 iterations of += 3", t1, 30
	SIG	t1

	SAY	"the reach of a branch: +4092 and -4096 bytes"
	li	t2, 0
far_from:
	# beq zero, zero, far_forward: +4092, the largest aligned forward offset. Written
	# as its word because GNU as (and pvlab, which relaxes as it does) makes a forward
	# branch exactly 4092 bytes away the long form: measured before its target is
	# placed it looks far, becomes 8 bytes, and then its target is 4096 away.
	.insn	0x7e000ee3
back_target:
	li	t2, 2
	j	after_far
	.fill	1020, 4, 0x00000013	# nops
far_forward:
	li	t2, 1
	nop
far_back:
	beq	zero, zero, back_target	# -4096: the largest backward offset
after_far:
	CHECK	"far forward, then far back", t2, 2
	CHECK_MEM "beq +4092 is one instruction", far_from, 0x7e000ee3
	CHECK_MEM "beq -4096 is one instruction", far_back, 0x80000063

	li	s0, 1
	li	s1, -1
	slt	s2, s1, s0
	sltu	s3, s1, s0
	END_PROGRAM

	SIGNATURE_REGION 24
