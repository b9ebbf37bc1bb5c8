# corpus 03 — sections, subsections and data directives.
#
# covers: .text .data .bss .section (flags, @progbits/@nobits, .text.init,
#   .rodata, .data.*), numbered subsections (.text 1, .data 2, .subsection),
#   .pushsection .popsection .previous;
#   .byte .half .short .2byte .word .long .4byte .dword .8byte .quad
#   (negative values, expressions, labels, label differences, lists),
#   .ascii .asciz .string (escapes: \n \t \\ \" octal \101 hex \x41),
#   .zero .space .skip (with fill byte) .fill (sizes 1, 2, 4, 8);
#   .align .p2align .balign: in .text (GNU pads with a zero byte, one c.nop
#   and 4-byte nops even without C), in data (zeros), with explicit fill,
#   with a max-skip that is and is not exceeded; the end of .text padded to
#   its alignment; .bss sized with .zero/.space/.skip, and with zero-valued
#   data (.byte/.half/.word/.dword 0, an empty .asciz, .fill with value 0),
#   which GNU as accepts in a NOBITS section as riscv-tests' atomics do.

	.section .text.init, "ax", @progbits
	.globl _start
_start:
	j	main

	.text
main:
	la	a0, table
	lw	a1, 0(a0)
	.byte	0x11
	.align	2			# zero byte + c.nop
	nop
	.byte	0x22, 0x33
	.balign	16			# c.nop + 4-byte nops
	.byte	0x44
	.p2align 3, 0xcc		# explicit fill
	.half	0x5566
	.balign	8, 0x77
	.byte	0x01
	.p2align 5,,4			# max-skip exceeded: no padding
	.byte	0x02
	.p2align 2,,4			# max-skip respected
	ret

	# Subsections are laid out in number order after the file is read.
	.text 2
	.word	0x22222222
	.text 1
	.word	0x11111111
	.text
	.word	0x00000000
	.subsection 3
	.word	0x33333333
	.text 0
	.byte	0x5a			# odd end: the last subsection is padded

	.section .rodata
	.p2align 4
table:
	.word	table, table_end - table, 1f - table
	.word	-1, 0x7fffffff, -0x80000000, 0xffffffff
	.long	12345678, 'a', 'Z' + 1
	.4byte	0x04030201
1:	.half	0xffff, -1, 0x1234, -32768
	.short	65535, 1, 2
	.2byte	0xbeef
	.byte	255, -128, 127, 'x', 0x7f + 1
	.dword	0x0123456789abcdef, -2
	.8byte	table
	.quad	0x8000000000000000, 1
	.align	3
table_end:
	.ascii	"plain", "two\0"
	.asciz	"tab\there", "nl\n"
	.string	"quote\" back\\slash \101\102 \x43"
	.ascii	"\1\12\123\e\b\f\r\v"
	.zero	3
	.space	5
	.space	4, 0xee
	.skip	2, 0xdd
	.skip	3
	.fill	3
	.fill	2, 2, 0x1234
	.fill	2, 4, 0xdeadbeef
	.fill	1, 8, 0x01020304
	.fill	1, 8, 0x1122334455667788	# a value wider than 53 bits: its low 4 bytes
	.fill	1, 1, -1

	.data
	.byte	1
	.data 2
	.byte	3
	.data 1
	.byte	2
	.data
	.balign	4
counter: .word	0
	.pushsection .data.extra, "aw", @progbits
	.p2align 3
extra:	.dword	counter
	.pushsection .rodata.extra, "a", @progbits
	.asciz	"nested push"
	.popsection
	.word	0xabcdef01		# back in .data.extra
	.popsection
	.word	0x0d0d0d0d		# back in .data
	.section .data.more, "aw"
	.word	1
	.previous
	.word	0x0e0e0e0e		# .previous: back in .data
	.previous
	.word	2			# and again in .data.more

	.bss
	.p2align 4
buffer:	.zero	64
	.space	3
	.section .bss.more, "aw", @nobits
	.skip	10
tail_mark:
	.align	2
	.zero	4
zeros:	.dword	0
	.word	0, 0
	.half	0
	.byte	0, 0
	.asciz	""
	.fill	3, 2, 0
	.word	1 - 1
