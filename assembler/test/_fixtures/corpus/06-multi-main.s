# corpus 06 (with 06-multi-lib.s) — a program of two files.
#
# covers: .globl symbols defined in the other file used by call, tail, j,
#   jal, la, lla, lw/sw to a symbol, %hi/%lo and .word; a conditional
#   branch to another file's symbol (GNU as emits the inverted branch over
#   a jal: 8 bytes); weak undefined symbols (0 after linking: .word, la,
#   lui/%hi + addi/%lo, and call, which ld turns into jalr to address 0);
#   a weak definition overridden by a strong one in the other file; a
#   .local symbol of the same name in both files; .text of both files
#   concatenated with the linker's alignment, .data and .bss likewise.

	.text
	.globl	_start
	.weak	optional_hook
	.weak	optional_data
_start:
	call	lib_add
	la	a0, lib_table
	lla	a1, lib_table + 8
	lw	a2, lib_counter
	sw	a2, lib_counter, t0
	lui	a3, %hi(lib_counter)
	lw	a3, %lo(lib_counter)(a3)
	beqz	a0, lib_add
	bltu	a0, a1, lib_tail
	jal	lib_add
	la	a4, optional_data
	lui	a5, %hi(optional_hook)
	addi	a5, a5, %lo(optional_hook)
	beqz	a4, 1f
	call	optional_hook
1:	call	overridden
	call	private
	tail	lib_tail

	.local	private
private:
	li	a0, 0x1111
	ret

	.globl	overridden
overridden:
	li	a0, 1				# the strong definition wins
	ret

	.data
	.globl	main_value
main_value:
	.word	lib_table, optional_hook, optional_data, main_value
	.word	lib_table_end - lib_table

	.bss
	.globl	main_buffer
main_buffer:
	.zero	24
