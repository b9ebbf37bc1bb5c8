# corpus 04 — the macro processor, repetition, conditionals, symbols.
#
# covers: .macro/.endm with named, defaulted and :req parameters, \@,
#   .exitm, macros calling macros, \() concatenation, a macro defining
#   labels; .rept (including .rept 0) .irp .irpc .endr, nested;
#   .if .ifdef .ifndef .ifeq .ifne .else .elseif .endif (nested, with
#   comparisons and logical operators); .equ .set = .equiv, redefinition
#   with .set and =; .include through the include path (nested);
#   .err .error .warning (in false branches only) and .print; a symbol
#   given on the command line (--defsym CORPUS_DEFSYM=0x2a, options.defsym).

	.include "corpus-defs.inc"

	.equ	COUNT, 4
	.set	STEP, 2
	WIDTH = 8
	.equiv	LIMIT, COUNT * WIDTH
	.set	STEP, STEP + 1			# redefinition with .set
	WIDTH = WIDTH * 2			# and with =

	.macro	load_imm reg, value=0x123
	li	\reg, \value
	.endm

	.macro	push reg:req, slot=0
	sw	\reg, (\slot * 4)(sp)
	.endm

	.macro	save_all first, second, third=s2
	addi	sp, sp, -16
	push	\first
	push	\second, 1
	push	\third, slot=2
	.endm

	.macro	unique_label
	j	.Lunique\@
.Lunique\@:
	.endm

	.macro	maybe_stop n
	.if \n == 0
	.exitm
	.endif
	addi	a0, a0, \n
	.endm

	.macro	count_down n
	.if \n > 0
	addi	t0, t0, \n
	count_down "(\n - 1)"
	.endif
	.endm

	.macro	make_getter name, reg
\name\()_get:
	mv	a0, \reg
	ret
	.endm

	.text
	.globl	_start
_start:
	.ifdef	CORPUS_DEFSYM			# from --defsym / options.defsym
	li	a7, CORPUS_DEFSYM
	.else
	.error	"CORPUS_DEFSYM must be given with --defsym"
	.endif
	load_imm a0
	load_imm a1, 0x12345
	load_imm value=-5, reg=a2
	save_all ra, s0
	save_all a0, a1, a2
	unique_label
	unique_label
	maybe_stop 0
	maybe_stop 7
	count_down 3
	li	a0, INC_MAGIC << INC_SHIFT
	store_pair sp, a0, a1

	.rept	3
	addi	a0, a0, 1
	.endr
	.rept	0
	unimp
	.endr
	.irp	reg, s1, s2, s3
	mv	\reg, zero
	.endr
	.irp	n, 1, 2
	.rept	\n
	slli	a0, a0, \n
	.endr
	.endr
	.irpc	c, 0123
	addi	a\c, zero, \c
	.endr

	# Conditionals.
	.if	COUNT == 4 && STEP == 3
	li	a0, 1
	.else
	.error	"COUNT or STEP wrong"
	.endif
	.ifdef	INC_MAGIC
	li	a1, 2
	.endif
	.ifdef	NOT_DEFINED_ANYWHERE
	.err
	.endif
	.ifndef	NOT_DEFINED_ANYWHERE
	li	a2, 3
	.endif
	.ifeq	WIDTH - 16
	li	a3, 4
	.endif
	.ifne	LIMIT
	li	a4, LIMIT
	.endif
	.if	COUNT < 2
	.warning "never"
	.elseif	COUNT < 4
	.error	"never"
	.elseif	COUNT == 4
	li	a5, 5
	.else
	.err
	.endif
	.if	NESTED_SEEN
	.if	0
	.err
	.else
	li	a6, 6
	.endif
	.endif
	.if	(1 << 3) != 8 || !1
	.err
	.endif
	.print	"corpus 04: conditionals evaluated"
	make_getter	first, a0
	make_getter	second, a1

	.data
	.rept	COUNT
	.word	STEP, WIDTH
	.endr
	.irp	v, 1, 2, 3
	.byte	\v * 0x10
	.endr
	.irpc	ch, xyz
	.ascii	"\ch"
	.endr
