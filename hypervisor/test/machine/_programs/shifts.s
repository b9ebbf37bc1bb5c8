# shifts.s — shift instructions (unprivileged spec §2.4.1, §2.4.2): slli
# srli srai take a 5-bit shamt; sll srl sra use only the low 5 bits of rs2
# (so a shift by 32 is a shift by 0 and a shift by -1 is a shift by 31);
# srl/srli fill with zeros, sra/srai with copies of bit 31.

	.include "macros.inc"
	PROGRAM	"shifts: sll srl sra and their immediate forms"

.macro	RR name, insn, a, b, expected
	li	t0, \a
	li	t1, \b
	\insn	t2, t0, t1
	CHECK	"\name", t2, \expected
	SIG	t2
.endm

.macro	RI name, insn, a, shamt, expected
	li	t0, \a
	\insn	t2, t0, \shamt
	CHECK	"\name", t2, \expected
	SIG	t2
.endm

main:
	SAY	"shifts by an immediate: 0, 1, 31"
	RI	"slli 0", slli, 0x80000001, 0, 0x80000001
	RI	"slli 1", slli, 0x80000001, 1, 0x00000002
	RI	"slli 31", slli, 0x00000003, 31, 0x80000000
	RI	"srli 0", srli, 0x80000001, 0, 0x80000001
	RI	"srli 1 (zero fill)", srli, 0x80000001, 1, 0x40000000
	RI	"srli 31", srli, 0x80000000, 31, 0x00000001
	RI	"srai 0", srai, 0x80000001, 0, 0x80000001
	RI	"srai 1 (sign fill)", srai, 0x80000001, 1, 0xc0000000
	RI	"srai 31 of a negative number", srai, 0x80000000, 31, 0xffffffff
	RI	"srai 31 of a positive number", srai, 0x7fffffff, 31, 0x00000000
	RI	"srai 4 of 0x7ffffff0", srai, 0x7ffffff0, 4, 0x07ffffff

	SAY	"shifts by a register: only rs2[4:0] counts"
	RR	"sll by 4", sll, 0x12345678, 4, 0x23456780
	RR	"sll by 31", sll, 0x00000001, 31, 0x80000000
	RR	"sll by 32 is by 0", sll, 0x12345678, 32, 0x12345678
	RR	"sll by 33 is by 1", sll, 0x12345678, 33, 0x2468acf0
	RR	"sll by -1 is by 31", sll, 0x00000001, -1, 0x80000000
	RR	"srl by 4", srl, 0x87654321, 4, 0x08765432
	RR	"srl by 31", srl, 0x80000000, 31, 0x00000001
	RR	"srl by 32 is by 0", srl, 0x87654321, 32, 0x87654321
	RR	"srl by 0xffffffe1 is by 1", srl, 0x87654321, 0xffffffe1, 0x43b2a190
	RR	"sra by 4", sra, 0x87654321, 4, 0xf8765432
	RR	"sra by 31 of a negative number", sra, 0x80000000, 31, 0xffffffff
	RR	"sra by 31 of a positive number", sra, 0x40000000, 31, 0x00000000
	RR	"sra by 63 is by 31", sra, 0x80000000, 63, 0xffffffff
	RR	"sra by 32 is by 0", sra, 0x87654321, 32, 0x87654321

	SAY	"register aliasing and x0"
	li	t0, 3
	sll	t0, t0, t0
	CHECK	"sll t0, t0, t0 (3 << 3)", t0, 24
	li	t0, 0x80000000
	sra	t0, t0, zero
	CHECK	"sra by x0 is by 0", t0, 0x80000000
	li	t0, 5
	sll	t1, zero, t0
	CHECK	"sll of x0", t1, 0
	slli	zero, t0, 3
	CHECK	"slli into x0", zero, 0

	li	s0, 0x80000000
	srai	s1, s0, 31
	srli	s2, s0, 31
	slli	s3, s2, 31
	END_PROGRAM

	SIGNATURE_REGION 28
