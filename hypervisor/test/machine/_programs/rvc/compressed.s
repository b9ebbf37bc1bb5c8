# compressed.s — the C extension on QEMU's virt board and on pvlab's: every
# RV32C instruction, links and branches, 32-bit instructions on odd
# halfwords and across a page, jumps to pc + 2, c.ebreak, illegal and
# reserved halfwords, and a fetch whose second half is on an unmapped page.
# Assembled by pvlab's assembler with -march=rv32imac_zicsr_zifencei (GNU
# as's automatic compression: the helpers and set-up code are compressed
# too) and run bare (-bios none) on both machines with C on; each line it
# prints is a result, then the finisher ends the run.

	.equ	UART, 0x10000000
	.equ	FINISHER, 0x00100000
	.equ	PTE_VRWXAD, 0xcf		# V R W X A D
	.equ	PTE_V, 1

	.text
	.globl	_start
_start:
	la	sp, stack_top
	la	t0, trap
	csrw	mtvec, t0
	li	t0, -1				# PMP entry 0: all memory, for S-mode
	csrw	pmpaddr0, t0
	li	t0, 0x1f
	csrw	pmpcfg0, t0

	# --- register-register and immediate forms (CR CI CIW CA CB) -----------
	la	a0, t_alu
	call	title
	c.li	s0, -17
	mv	a0, s0
	call	hex
	c.lui	s0, 0xfffe1			# lui with a negative 6-bit immediate
	mv	a0, s0
	call	hex
	c.lui	s1, 31
	mv	a0, s1
	call	hex
	c.li	s0, 21
	c.addi	s0, -32
	mv	a0, s0
	call	hex
	mv	s1, sp
	c.addi16sp	sp, -512
	c.addi16sp	sp, 496
	sub	a0, s1, sp
	call	hex
	mv	sp, s1
	c.addi4spn	s0, sp, 1020
	sub	a0, s0, sp
	call	hex
	li	s0, 0x1234
	c.slli	s0, 31
	mv	a0, s0
	call	hex
	li	s0, -0x1234
	c.srli	s0, 3
	mv	a0, s0
	call	hex
	li	s0, -0x1234
	c.srai	s0, 31
	mv	a0, s0
	call	hex
	li	s0, -1
	c.andi	s0, -22
	mv	a0, s0
	call	hex
	li	s1, 0x0ff0
	c.mv	s0, s1
	c.add	s0, s1
	mv	a0, s0
	call	hex
	li	s0, 100
	li	s1, 250
	c.sub	s0, s1
	mv	a0, s0
	call	hex
	li	s0, 0x5a5a
	c.xor	s0, s1
	mv	a0, s0
	call	hex
	c.or	s0, s1
	mv	a0, s0
	call	hex
	c.and	s0, s1
	mv	a0, s0
	call	hex
	c.li	zero, 5				# HINTs: no effect
	c.mv	zero, s1
	c.nop
	mv	a0, zero
	call	hex
	call	nl

	# --- loads and stores (CL CS CSS CI) ------------------------------------
	la	a0, t_mem
	call	title
	la	s0, buf
	c.lw	a0, 4(s0)
	call	hex
	li	s1, 0x13579bdf
	c.sw	s1, 124(s0)
	lw	a0, 124(s0)
	call	hex
	mv	s1, sp
	mv	sp, s0
	c.lwsp	a5, 8(sp)
	c.swsp	a5, 252(sp)
	mv	sp, s1
	lw	a0, 252(s0)
	call	hex
	call	nl

	# --- control transfer (CJ CB CR) ------------------------------------------
	la	a0, t_jump
	call	title
	c.jal	1f
0:	c.j	3f
1:	mv	s1, ra
	la	a0, 0b
	sub	a0, s1, a0			# 0: c.jal links pc + 2, the c.j after it
	call	hex
	c.jr	s1
3:	la	s1, 4f
	c.jalr	s1
5:	j	6f
4:	mv	s1, ra
	la	a0, 5b
	sub	a0, s1, a0			# 0: c.jalr links pc + 2
	call	hex
	c.jr	s1
6:	li	s0, 0
	li	a0, 1
	c.beqz	s0, 7f
	li	a0, 2
7:	c.bnez	s0, 8f
	addi	a0, a0, 16
8:	call	hex
	call	nl

	# --- alignment: 32-bit instructions on odd halfwords, across a page; jalr to pc + 2 ---
	la	a0, t_align
	call	title
	.balign	4
	c.nop
	lui	a0, 0x12345			# at pc = 2 (mod 4)
	addi	a0, a0, 0x678
	call	hex
	la	t0, 9f
	jalr	ra, t0, 2			# to the second halfword: a c.li, no trap
9:	.half	0x0001				# c.nop (skipped)
	c.li	a0, 9
	call	hex
	j	across
	.balign	4096
	.skip	4094
across:	lui	a0, 0xabcde			# its second half is on the next page
	addi	a0, a0, 0x123
	call	hex
	call	nl

	# --- traps: c.ebreak, illegal and reserved halfwords ---------------------
	la	a0, t_trap
	call	title
ebrk:	c.ebreak
	call	show
	la	s1, illegal_halves
	li	s0, 6
10:	lhu	t0, 0(s1)
	la	t1, halfword
	sh	t0, 0(t1)
	fence.i
	call	halfword
	call	show
	addi	s1, s1, 2
	addi	s0, s0, -1
	bnez	s0, 10b
	call	nl

	# --- a 32-bit fetch whose second half is on an unmapped page, under Sv32 ---
	la	a0, t_fetch
	call	title
	la	t0, l0				# level 0: the 4 MiB holding the code, all mapped but `unmapped`
	li	t1, 0x80000000
	srli	t1, t1, 2
	ori	t1, t1, PTE_VRWXAD
	li	t2, 1024
11:	sw	t1, 0(t0)
	addi	t0, t0, 4
	addi	t1, t1, 0x400
	addi	t2, t2, -1
	bnez	t2, 11b
	la	t1, l0
	la	t0, wide_at_end + 2		# the page after it
	slli	t0, t0, 10			# its level-0 index, times 4
	srli	t0, t0, 22
	slli	t0, t0, 2
	add	t0, t0, t1
	sw	zero, 0(t0)
	la	t0, unmapped2
	slli	t0, t0, 10			# its level-0 index, times 4
	srli	t0, t0, 22
	slli	t0, t0, 2
	add	t0, t0, t1
	sw	zero, 0(t0)
	la	t0, l0
	srli	t0, t0, 2
	ori	t0, t0, PTE_V
	la	t1, root
	li	t2, 0x800			# root[512]: VA 0x80000000
	add	t1, t1, t2
	sw	t0, 0(t1)
	la	t0, root
	srli	t0, t0, 12
	li	t1, 0x80000000
	or	t0, t0, t1
	csrw	satp, t0
	sfence.vma
	la	a0, wide_at_end
	call	in_s_mode
	la	a0, short_at_end
	call	in_s_mode
	csrw	satp, zero
	sfence.vma
	call	nl

	la	a0, t_done
	call	title
	call	nl
	li	t0, FINISHER
	lui	t1, 5
	addi	t1, t1, 0x555
	sw	t1, 0(t0)
12:	j	12b

# Run the code at a0 in S-mode; the trap it takes comes back here and is shown.
in_s_mode:
	addi	sp, sp, -16
	sw	ra, 12(sp)
	csrw	mepc, a0
	la	t0, 13f
	la	t1, resume
	sw	t0, 0(t1)
	li	t0, 0x1800
	csrc	mstatus, t0
	li	t0, 0x0800
	csrs	mstatus, t0			# MPP = S
	mret
13:	call	show
	lw	ra, 12(sp)
	addi	sp, sp, 16
	ret

# The trap handler: records mcause, mepc, mtval; returns to `resume` (and M-mode) if set,
# else past the instruction that trapped (2 or 4 bytes, from its first parcel).
	.balign	4
trap:	csrrw	sp, mscratch, sp
	la	sp, trap_stack
	sw	t0, 0(sp)
	sw	t1, 4(sp)
	sw	t2, 8(sp)
	la	t0, seen
	csrr	t1, mcause
	sw	t1, 0(t0)
	csrr	t1, mepc
	sw	t1, 4(t0)
	csrr	t1, mtval
	sw	t1, 8(t0)
	la	t0, resume
	lw	t1, 0(t0)
	beqz	t1, 14f
	sw	zero, 0(t0)
	csrw	mepc, t1
	li	t0, 0x1800
	csrs	mstatus, t0			# back to M-mode
	j	15f
14:	csrr	t0, mepc
	lhu	t1, 0(t0)
	andi	t1, t1, 3
	addi	t0, t0, 2
	li	t2, 3
	bne	t1, t2, 16f
	addi	t0, t0, 2
16:	csrw	mepc, t0
15:	lw	t0, 0(sp)
	lw	t1, 4(sp)
	lw	t2, 8(sp)
	csrrw	sp, mscratch, sp
	mret

# Print the last trap: cause, epc and tval, the addresses as offsets from _start.
show:	addi	sp, sp, -16
	sw	ra, 12(sp)
	la	t0, seen
	lw	a0, 0(t0)
	call	hex
	la	t0, seen
	lw	a0, 4(t0)
	la	t1, _start
	sub	a0, a0, t1
	call	hex
	la	t0, seen
	lw	a0, 8(t0)
	la	t1, _start
	sltu	t2, a0, t1			# a halfword tval stays as it is
	bnez	t2, 17f
	sub	a0, a0, t1
17:	call	hex
	li	a0, '|'
	call	putc
	lw	ra, 12(sp)
	addi	sp, sp, 16
	ret

title:	addi	sp, sp, -16
	sw	ra, 12(sp)
	mv	t3, a0
18:	lbu	a0, 0(t3)
	beqz	a0, 19f
	call	putc
	addi	t3, t3, 1
	j	18b
19:	lw	ra, 12(sp)
	addi	sp, sp, 16
	ret

# a0 as eight hex digits and a space.
hex:	addi	sp, sp, -16
	sw	ra, 12(sp)
	sw	s0, 8(sp)
	sw	s1, 4(sp)
	mv	s0, a0
	li	s1, 28
20:	srl	a0, s0, s1
	andi	a0, a0, 15
	addi	a0, a0, '0'
	li	t0, '9'
	ble	a0, t0, 21f
	addi	a0, a0, 'a' - '0' - 10
21:	call	putc
	addi	s1, s1, -4
	bgez	s1, 20b
	li	a0, ' '
	call	putc
	lw	s1, 4(sp)
	lw	s0, 8(sp)
	lw	ra, 12(sp)
	addi	sp, sp, 16
	ret

nl:	li	a0, '\n'
putc:	li	t0, UART
22:	lbu	t1, 5(t0)
	andi	t1, t1, 0x20
	beqz	t1, 22b
	sb	a0, 0(t0)
	ret

# One halfword of code, rewritten before each call, then a return.
	.balign	4
halfword:
	.half	0
	ret

	.balign	4096
	.skip	4094
wide_at_end:
	lui	a0, 0x12345			# 32-bit, its second half on the next page, unmapped: a fetch page fault
	.balign	4096
	.skip	4094
short_at_end:
	c.li	a0, 1				# 16-bit, the last halfword before `unmapped2`: runs; the next fetch faults
unmapped2:
	.skip	4096

	.section .rodata
t_alu:	.asciz	"alu: "
t_mem:	.asciz	"mem: "
t_jump:	.asciz	"jump: "
t_align: .asciz	"align: "
t_trap:	.asciz	"trap: "
t_fetch: .asciz	"fetch: "
t_done:	.asciz	"done"
	.balign	2
illegal_halves:
	.half	0x0000, 0x4002, 0x6101, 0x8002, 0x2002, 0x1502	# c.unimp, c.lwsp x0, c.addi16sp 0, c.jr x0, c.fldsp, c.slli 32

	.data
	.balign	4
buf:	.word	0x01020304, 0x89abcdef, 0xdeadbeef
	.fill	64, 4, 0
seen:	.word	0, 0, 0
resume:	.word	0
	.bss
	.balign	4096
root:	.skip	4096
l0:	.skip	4096
	.skip	256
trap_stack:
	.skip	4096
stack_top:
