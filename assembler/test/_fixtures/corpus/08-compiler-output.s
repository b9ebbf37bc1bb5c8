# corpus 08 — what a C compiler's output and library headers add.
#
# covers: gcc-style prologue (.file "name", .option nopic, .attribute
#   arch/unaligned_access/stack_align, .align 2 in .text, .LFB/.LFE/.L
#   local labels, .type/.size with .-sym, .ident, .section .note.GNU-stack);
#   DWARF line info (.file 1 "x.c", .loc) and call-frame information
#   (.cfi_startproc … .cfi_endproc, every .cfi_* that takes a register or
#   offset) sent to .debug_frame with .cfi_sections, so that no allocated
#   .eh_frame appears (without it GNU as emits one and ld places it);
#   the other conditionals (.ifb .ifnb .ifc .ifnc .ifge .ifgt .ifle .iflt
#   .ifnotdef); .int; symbol visibility (.hidden .internal .protected);
#   .purgem (a macro redefined after being purged).

	.file	"compiled.c"
	.option	nopic
	.attribute arch, "rv32i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0"
	.attribute unaligned_access, 0
	.attribute stack_align, 16
	.cfi_sections .debug_frame
	.text
.Ltext0:
	.align	2
	.globl	_start
	.type	_start, @function
_start:
.LFB0:
	.file 1 "compiled.c"
	.loc 1 4 1
	.cfi_startproc
	addi	sp, sp, -32
	.cfi_def_cfa_offset 32
	sw	ra, 28(sp)
	sw	s0, 24(sp)
	.cfi_offset 1, -4
	.cfi_offset 8, -8
	addi	s0, sp, 32
	.cfi_def_cfa 8, 0
	.loc 1 5 12
	lui	a5, %hi(.LC0)
	addi	a0, a5, %lo(.LC0)
	call	helper
	.loc 1 6 1
	.cfi_remember_state
	lw	ra, 28(sp)
	.cfi_restore 1
	lw	s0, 24(sp)
	.cfi_restore 8
	.cfi_def_cfa 2, 32
	addi	sp, sp, 32
	.cfi_def_cfa_offset 0
	jr	ra
	.cfi_restore_state
	.cfi_endproc
.LFE0:
	.size	_start, .-_start

	.align	2
	.type	helper, @function
helper:
	.cfi_startproc
	.cfi_adjust_cfa_offset 16
	.cfi_rel_offset s1, 4
	.cfi_register ra, t0
	.cfi_def_cfa_register s1
	.cfi_same_value s2
	.cfi_undefined s3
	.cfi_escape 0x07, 0x13
	.cfi_signal_frame
	.cfi_return_column ra
	ret
	.cfi_endproc
	.size	helper, .-helper
	.hidden	helper
	.internal _start
	.protected .LFE0_marker
.LFE0_marker:

	.macro	emit value
	.ifb	\value
	.int	0
	.else
	.int	\value
	.endif
	.endm
	.macro	tag name
	.ifc	\name, yes
	.byte	'Y'
	.endif
	.ifnc	\name, yes
	.byte	'N'
	.endif
	.endm

	.section .rodata
	.align	2
.LC0:
	.string	"compiled"
	.align	2
	emit
	emit	0x1234
	tag	yes
	tag	no
	.ifnb	x
	.byte	1
	.endif
	.ifge	0
	.byte	2
	.endif
	.ifgt	0
	.err
	.endif
	.ifle	-1
	.byte	3
	.endif
	.iflt	0
	.err
	.endif
	.ifnotdef NOWHERE
	.byte	4
	.endif
	.purgem	emit
	.macro	emit value
	.short	\value
	.endm
	emit	0x5678

	.ident	"GCC: (pvlab corpus) 0.0"
	.section .note.GNU-stack, "", @progbits
