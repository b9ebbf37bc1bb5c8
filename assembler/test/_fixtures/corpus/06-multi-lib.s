# corpus 06, second file — see 06-multi-main.s.
#
# covers: .global definitions used from another file, a weak definition
#   that the other file overrides, a .local symbol whose name the other
#   file also uses, references back into the first file.

	.text
	.p2align 3
	.global	lib_add
	.global	lib_tail
lib_add:
	add	a0, a0, a1
	ret
lib_tail:
	la	t0, main_value
	lw	a0, 0(t0)
	call	private
	j	_start

	.weak	overridden
overridden:
	li	a0, 2				# weak: replaced by the main file's
	ret

	.local	private
private:
	li	a0, 0x2222
	ret

	.section .rodata
	.global	lib_table
	.p2align 2
lib_table:
	.word	1, 2, 3, main_value, main_buffer
	.word	overridden
lib_table_end:
	.global	lib_table_end

	.data
	.byte	0x99
	.global	lib_counter
	.p2align 2
lib_counter:
	.word	0x12345678

	.bss
	.zero	3
