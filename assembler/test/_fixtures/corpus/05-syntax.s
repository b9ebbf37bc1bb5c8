/*
 * corpus 05 — lexical syntax, expressions, relocation operators, .insn,
 * .option and the symbol/metadata directives.
 *
 * covers: # and multi-line C comments, ';' separating statements, labels
 *   anywhere on a line (several on one line, before a directive, alone),
 *   upper-case mnemonics; expressions with every operator and GNU as
 *   precedence (which is not C's: '&' '|' '^' bind tighter than '+' '-',
 *   comparisons yield -1), '.', character literals, decimal/hex/octal/
 *   binary numbers, forward references (in data, branch targets, %hi/%lo);
 *   %hi %lo %pcrel_hi %pcrel_lo; numeric local labels 1: 1b 1f (reused);
 *   .insn r i s b u j (and sb/uj aliases, named and numeric opcodes) and
 *   the raw .insn 0x... form; .option push pop norvc relax norelax;
 *   .attribute .file .ident .type .size .globl .global .local .weak .hidden;
 *   .end (nothing after it is read).
 */
	.file	"05-syntax.s"
	.ident	"pvlab differential corpus"
	.attribute stack_align, 16
	.attribute arch, "rv32i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0"
	.option	norvc

	.text
	.globl	_start
	.type	_start, @function
_start:	li a0, 1; li a1, 2 ; add a2, a0, a1	# three statements, one line
	ADDI	a0, a0, 1
	Sub	a1, a1, a0
	LW	a2, 0(sp)
here: there: addi a3, zero, 3			# two labels before one insn
lonely:
	/* a comment
	   spanning lines */ addi a4, zero, 4
	addi	a5, zero, /* inline */ 5

	# Expressions (values checked byte-for-byte against GNU as).
	addi	a0, zero, 2 + 3 & 1		# GNU: 2 + (3 & 1) = 3
	addi	a0, zero, 1 + 2 * 3
	addi	a0, zero, 0x10 >> 2 + 1		# GNU: (0x10 >> 2) + 1 = 5
	addi	a0, zero, 6 ^ 3 | 8
	addi	a0, zero, (1 < 2) + (2 > 1)	# comparisons are -1
	addi	a0, zero, 1 == 1
	addi	a0, zero, 3 != 3
	addi	a0, zero, (4 <= 4) - (5 >= 6) + (1 <> 1)
	addi	a0, zero, 1 && 2
	addi	a0, zero, 0 || 7
	addi	a0, zero, -7 / 2
	addi	a0, zero, -7 % 2
	addi	a0, zero, ~5
	addi	a0, zero, !0
	addi	a0, zero, -(-3)
	addi	a0, zero, 'A'
	addi	a0, zero, 'z' - 'a'
	addi	a0, zero, 017 + 0b101 + 0X1F + 0B11
	addi	a0, zero, (100 << 2) % 7 * 3
	addi	a0, zero, 1 ! 2

	# Relocation operators on local, forward and absolute operands.
	lui	a0, %hi(datum)
	addi	a0, a0, %lo(datum)
	lw	a1, %lo(datum)(a0)
	lui	a0, %hi(later)
	sw	a1, %lo(later)(a0)
	lui	a2, %hi(0x12345fff)
	addi	a2, a2, %lo(0x12345fff)
1:	auipc	a3, %pcrel_hi(datum)
	addi	a3, a3, %pcrel_lo(1b)
2:	auipc	a4, %pcrel_hi(later + 8)
	lw	a5, %pcrel_lo(2b)(a4)
	sw	a5, %pcrel_lo(2b)(a4)
.Lpc:	auipc	t0, %pcrel_hi(_start)
	jalr	zero, %pcrel_lo(.Lpc)(t0)

	# Numeric local labels, reused; '.' in operands.
1:	addi	t1, t1, -1
	bnez	t1, 1b
	beqz	t1, 1f
	j	1f
1:	j	1b
	j	. + 8
	j	.
	beq	a0, a0, . - 4

	# .insn: every type, named and numeric opcodes, raw words.
	.insn	r OP, 0, 0, a0, a1, a2
	.insn	r 0x33, 0, 0x20, a0, a1, a2
	.insn	r AMO, 2, 0x10, a0, a1, a2
	.insn	i OP_IMM, 0, a0, a1, -5
	.insn	i LOAD, 2, a0, 4(a1)
	.insn	i SYSTEM, 0, x0, x0, 0x302
	.insn	s STORE, 2, a0, -4(a1)
	.insn	b BRANCH, 1, a0, a1, 1b
	.insn	sb BRANCH, 0, a0, a1, 1f
	.insn	u LUI, a0, 0xabcde
	.insn	u 0x17, t0, 1
	.insn	j JAL, ra, 1f
	.insn	uj 0x6f, zero, 1b
	.insn	0x00c58533
	.insn	4, 0x40c58533
1:
	# .option: the no-op switches for RV32IMA without C.
	.option	push
	.option	norelax
	call	leaf
	.option	relax
	call	leaf
	la	a0, datum
	.option	pop
	.option	push
	.option	norvc
	tail	leaf
	.option	pop

	.local	leaf
	.hidden	_start
	.type	leaf, %function
leaf:	ret
	.size	leaf, . - leaf
	.size	_start, . - _start

	.data
	.global	datum
	.type	datum, @object
	.size	datum, 4
datum:	.word	later - datum, . - datum, forward_abs, 'q'
	.word	(later - datum) / 4 * 4 + . - datum
	.equ	forward_abs, 0x1234 + 'a'
	.weak	weakly_defined
weakly_defined:
	.word	weakly_defined
later:	.word	0, 0, 0

	.end
	This line is not assembled: .end stops reading the file.
