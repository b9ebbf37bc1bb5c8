# alu.s — integer computational instructions (unprivileged spec §2.4):
# lui auipc, the register-immediate and register-register arithmetic,
# comparison and logic instructions; immediates are sign-extended 12-bit
# values, arithmetic wraps modulo 2^32 without trapping, and x0 reads as
# zero whatever is written to it. Shifts are in shifts.s.

	.include "macros.inc"
	PROGRAM	"alu: integer register-immediate and register-register instructions"

# RR "name", insn, a, b, expected: t2 := a insn b (operands in t0, t1)
.macro	RR name, insn, a, b, expected
	li	t0, \a
	li	t1, \b
	\insn	t2, t0, t1
	CHECK	"\name", t2, \expected
	SIG	t2
.endm

# RI "name", insn, a, imm, expected: t2 := a insn imm (operand in t0)
.macro	RI name, insn, a, imm, expected
	li	t0, \a
	\insn	t2, t0, \imm
	CHECK	"\name", t2, \expected
	SIG	t2
.endm

main:
	SAY	"lui and auipc (unpriv 2.4.1)"
	lui	t2, 0x12345
	CHECK	"lui 0x12345", t2, 0x12345000
	lui	t2, 0xfffff
	CHECK	"lui 0xfffff: the low 12 bits are zero", t2, 0xfffff000
	lui	t2, 0x80000
	CHECK	"lui 0x80000", t2, 0x80000000
here:	auipc	t2, 0
	CHECK	"auipc 0 is its own pc", t2, here
here2:	auipc	t2, 0x1
	CHECK	"auipc 1 adds 0x1000", t2, here2 + 0x1000
here3:	auipc	t2, 0xfffff
	CHECK	"auipc 0xfffff subtracts 0x1000", t2, here3 - 0x1000

	SAY	"add, sub, addi: wrap-around, no overflow trap"
	RR	"add 1 + 2", add, 1, 2, 3
	RR	"add 0x7fffffff + 1 (signed overflow)", add, 0x7fffffff, 1, 0x80000000
	RR	"add 0xffffffff + 1 (carry out lost)", add, 0xffffffff, 1, 0
	RR	"add -1 + -1", add, -1, -1, 0xfffffffe
	RR	"sub 3 - 5", sub, 3, 5, 0xfffffffe
	RR	"sub 0x80000000 - 1 (signed overflow)", sub, 0x80000000, 1, 0x7fffffff
	RR	"sub 0 - 0x80000000", sub, 0, 0x80000000, 0x80000000
	RI	"addi 0 + 2047", addi, 0, 2047, 0x7ff
	RI	"addi 0 + -2048 (sign-extended immediate)", addi, 0, -2048, 0xfffff800
	RI	"addi 0x7fffffff + 1", addi, 0x7fffffff, 1, 0x80000000
	RI	"addi 1 + -1", addi, 1, -1, 0

	SAY	"slt, sltu, slti, sltiu: signed and unsigned compares"
	RR	"slt -1 < 1", slt, -1, 1, 1
	RR	"slt 1 < -1", slt, 1, -1, 0
	RR	"slt 5 < 5", slt, 5, 5, 0
	RR	"slt 0x80000000 < 0x7fffffff", slt, 0x80000000, 0x7fffffff, 1
	RR	"sltu -1 < 1 (0xffffffff is big)", sltu, -1, 1, 0
	RR	"sltu 1 < -1", sltu, 1, -1, 1
	RR	"sltu 0 < 0", sltu, 0, 0, 0
	RI	"slti -1 < 0", slti, -1, 0, 1
	RI	"slti 0 < -2048", slti, 0, -2048, 0
	RI	"slti -2049 < -2048", slti, -2049, -2048, 1
	RI	"sltiu 0 < 1 (seqz)", sltiu, 0, 1, 1
	RI	"sltiu 1 < 1", sltiu, 1, 1, 0
	RI	"sltiu 0xfffffffe < -1 (imm is 0xffffffff)", sltiu, 0xfffffffe, -1, 1
	RI	"sltiu 0xffffffff < -1", sltiu, 0xffffffff, -1, 0
	li	t0, 7
	sltu	t2, zero, t0
	CHECK	"sltu x0 < 7 (snez)", t2, 1

	SAY	"and, or, xor and their immediates"
	RR	"and", and, 0xff00ff00, 0x0ff00ff0, 0x0f000f00
	RR	"or", or, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0
	RR	"xor", xor, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0
	RI	"andi -16 (sign-extended mask)", andi, 0x12345678, -16, 0x12345670
	RI	"andi 0x7ff", andi, 0xffffffff, 0x7ff, 0x7ff
	RI	"ori -2048 sets the upper 21 bits", ori, 0x00000012, -2048, 0xfffff812
	RI	"ori 0", ori, 0x5a5a5a5a, 0, 0x5a5a5a5a
	RI	"xori -1 (not)", xori, 0x0f0f1234, -1, 0xf0f0edcb
	RI	"xori 0x555", xori, 0xffffffff, 0x555, 0xfffffaaa

	SAY	"x0 is hard-wired to zero (unpriv 2.1)"
	li	t0, 5
	li	t1, 7
	addi	zero, zero, 5
	add	zero, t0, t1
	lui	zero, 0x12345
	auipc	zero, 0x1
	xori	zero, t0, -1
	CHECK	"x0 after writes by addi, add, lui, auipc, xori", zero, 0
	add	t2, zero, t0
	CHECK	"add t2, x0, t0 reads x0 as 0", t2, 5
	nop
	CHECK	"nop (addi x0, x0, 0) changes nothing", t0, 5

	SAY	"destination equal to a source"
	li	t0, 21
	add	t0, t0, t0
	CHECK	"add t0, t0, t0", t0, 42
	li	t0, 42
	sub	t0, t0, t0
	CHECK	"sub t0, t0, t0", t0, 0
	li	t0, 5
	slt	t0, t0, t0
	CHECK	"slt t0, t0, t0", t0, 0

	# leave recognisable values in registers for the signature
	li	s0, 0x7fffffff
	addi	s1, s0, 1
	lui	s2, 0xabcde
	xori	s3, s2, -1
	slti	s4, s1, 0
	sltu	s5, s1, s0
	END_PROGRAM

	SIGNATURE_REGION 48
