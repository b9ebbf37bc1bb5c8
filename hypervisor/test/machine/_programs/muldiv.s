# muldiv.s — the M extension (unprivileged spec §13): mul mulh mulhsu
# mulhu div divu rem remu. Division never traps (§13.2, table 11):
#
#   x / 0          = -1 (all ones)      x % 0          = x      (signed and unsigned)
#   INT_MIN / -1   = INT_MIN            INT_MIN % -1   = 0      (signed overflow)
#
# and signed division rounds towards zero, so the remainder takes the sign
# of the dividend.

	.include "macros.inc"
	PROGRAM	"muldiv: mul mulh mulhsu mulhu div divu rem remu"

.macro	RR name, insn, a, b, expected
	li	t0, \a
	li	t1, \b
	\insn	t2, t0, t1
	CHECK	"\name", t2, \expected
	SIG	t2
.endm

main:
	SAY	"mul: the low 32 bits, the same signed or unsigned"
	RR	"mul 3, 7", mul, 3, 7, 0x00000015
	RR	"mul -3, 7", mul, -3, 7, 0xffffffeb
	RR	"mul 0x7fffffff, 2", mul, 0x7fffffff, 2, 0xfffffffe
	RR	"mul 0x80000000, -1", mul, 0x80000000, -1, 0x80000000
	RR	"mul -1, -1", mul, -1, -1, 0x00000001
	RR	"mul 0x12345678, 0x9abcdef0", mul, 0x12345678, 0x9abcdef0, 0x242d2080
	RR	"mul 0x00010000, 0x00010000", mul, 0x00010000, 0x00010000, 0x00000000

	SAY	"mulh: high 32 bits of signed x signed"
	RR	"mulh 3, 7", mulh, 3, 7, 0x00000000
	RR	"mulh -3, 7", mulh, -3, 7, 0xffffffff
	RR	"mulh 0x80000000, 0x80000000", mulh, 0x80000000, 0x80000000, 0x40000000
	RR	"mulh 0x80000000, 0x7fffffff", mulh, 0x80000000, 0x7fffffff, 0xc0000000
	RR	"mulh 0x80000000, -1", mulh, 0x80000000, -1, 0x00000000
	RR	"mulh -1, -1", mulh, -1, -1, 0x00000000
	RR	"mulh 0x7fffffff, 0x7fffffff", mulh, 0x7fffffff, 0x7fffffff, 0x3fffffff
	RR	"mulh 0x12345678, 0x9abcdef0", mulh, 0x12345678, 0x9abcdef0, 0xf8cc93d6

	SAY	"mulhsu: high 32 bits of signed rs1 x unsigned rs2"
	RR	"mulhsu -1, 0xffffffff", mulhsu, -1, -1, 0xffffffff
	RR	"mulhsu 0x80000000, 0xffffffff", mulhsu, 0x80000000, -1, 0x80000000
	RR	"mulhsu 0x7fffffff, 0xffffffff", mulhsu, 0x7fffffff, -1, 0x7ffffffe
	RR	"mulhsu -2, 3", mulhsu, -2, 3, 0xffffffff
	RR	"mulhsu 2, 0x80000000", mulhsu, 2, 0x80000000, 0x00000001
	RR	"mulhsu 0x12345678, 0x9abcdef0", mulhsu, 0x12345678, 0x9abcdef0, 0x0b00ea4e

	SAY	"mulhu: high 32 bits of unsigned x unsigned"
	RR	"mulhu 0xffffffff, 0xffffffff", mulhu, -1, -1, 0xfffffffe
	RR	"mulhu 0x80000000, 0x80000000", mulhu, 0x80000000, 0x80000000, 0x40000000
	RR	"mulhu 0x00010000, 0x00010000", mulhu, 0x00010000, 0x00010000, 0x00000001
	RR	"mulhu 0xfffffffe, 3", mulhu, -2, 3, 0x00000002
	RR	"mulhu 0x12345678, 0x9abcdef0", mulhu, 0x12345678, 0x9abcdef0, 0x0b00ea4e

	SAY	"div: signed, rounding towards zero"
	RR	"div 20, 6", div, 20, 6, 0x00000003
	RR	"div -20, 6", div, -20, 6, 0xfffffffd
	RR	"div 20, -6", div, 20, -6, 0xfffffffd
	RR	"div -20, -6", div, -20, -6, 0x00000003
	RR	"div -7, 2", div, -7, 2, 0xfffffffd
	RR	"div 0x80000000, 1", div, 0x80000000, 1, 0x80000000
	RR	"div 0x80000000, 0x80000000", div, 0x80000000, 0x80000000, 0x00000001
	RR	"div INT_MIN, -1 overflows to INT_MIN", div, 0x80000000, -1, 0x80000000
	RR	"div 5, 0 is -1", div, 5, 0, 0xffffffff
	RR	"div -5, 0 is -1", div, -5, 0, 0xffffffff
	RR	"div 0, 0 is -1", div, 0, 0, 0xffffffff

	SAY	"divu: unsigned"
	RR	"divu 20, 6", divu, 20, 6, 0x00000003
	RR	"divu 0xffffffec, 6", divu, -20, 6, 0x2aaaaaa7
	RR	"divu 0xffffffff, 1", divu, -1, 1, 0xffffffff
	RR	"divu 0x80000000, 2", divu, 0x80000000, 2, 0x40000000
	RR	"divu 0xffffffff, 0xffffffff", divu, -1, -1, 0x00000001
	RR	"divu 5, 0 is 0xffffffff", divu, 5, 0, 0xffffffff
	RR	"divu 0, 0 is 0xffffffff", divu, 0, 0, 0xffffffff

	SAY	"rem: signed, the sign of the dividend"
	RR	"rem 20, 6", rem, 20, 6, 0x00000002
	RR	"rem -20, 6", rem, -20, 6, 0xfffffffe
	RR	"rem 20, -6", rem, 20, -6, 0x00000002
	RR	"rem -20, -6", rem, -20, -6, 0xfffffffe
	RR	"rem -7, 2", rem, -7, 2, 0xffffffff
	RR	"rem INT_MIN, -1 overflows to 0", rem, 0x80000000, -1, 0x00000000
	RR	"rem 5, 0 is the dividend", rem, 5, 0, 0x00000005
	RR	"rem -5, 0 is the dividend", rem, -5, 0, 0xfffffffb
	RR	"rem 0, 0", rem, 0, 0, 0x00000000

	SAY	"remu: unsigned"
	RR	"remu 20, 6", remu, 20, 6, 0x00000002
	RR	"remu 0xffffffec, 6", remu, -20, 6, 0x00000002
	RR	"remu 0xffffffff, 16", remu, -1, 16, 0x0000000f
	RR	"remu 0x80000000, 0x80000001", remu, 0x80000000, 0x80000001, 0x80000000
	RR	"remu 5, 0 is the dividend", remu, 5, 0, 0x00000005
	RR	"remu 0, 0", remu, 0, 0, 0x00000000

	SAY	"aliasing and x0"
	li	t0, 7
	mul	t0, t0, t0
	CHECK	"mul t0, t0, t0 (7 * 7)", t0, 49
	li	t0, 49
	div	t0, t0, t0
	CHECK	"div t0, t0, t0 (49 / 49)", t0, 1
	li	t0, 9
	divu	t1, t0, zero
	CHECK	"divu by x0", t1, 0xffffffff
	remu	t1, t0, zero
	CHECK	"remu by x0", t1, 9
	mul	zero, t0, t0
	CHECK	"mul into x0", zero, 0

	# quotient and remainder together, as compilers emit them
	li	t0, -1000
	li	t1, 7
	div	s0, t0, t1
	rem	s1, t0, t1
	mul	s2, s0, t1
	add	s3, s2, s1		# == -1000
	CHECK	"q * d + r == n", s3, -1000
	END_PROGRAM

	SIGNATURE_REGION 56
