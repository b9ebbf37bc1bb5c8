# mini-kernel.s — a tiny S-mode kernel that exercises everything a
# trap-and-emulate hypervisor must get right, in a few hundred instructions
# a test can compare natively and virtualized, instruction for instruction:
#
#   - polled UART output (MMIO loads and stores) and the finisher;
#   - trap CSRs: stvec, sscratch, sepc, scause, stval, sstatus (SIE, SPP, SUM);
#   - an Sv32 address space (kernel megapages, a 4 KiB device page, user
#     pages), satp and sfence.vma;
#   - sret into U-mode, user ecalls, a user page fault, an illegal
#     instruction in U-mode, a kernel read of user memory with SUM;
#   - Sstc timer interrupts while the user program spins, and wfi.
#
# entered like the real kernel: S-mode at 0x80200000, a0 = hart id, satp 0.

	.equ	UART, 0x10000000
	.equ	FINISHER, 0x00100000
	.equ	SSTATUS_SIE, 1 << 1
	.equ	SSTATUS_SPP, 1 << 8
	.equ	SSTATUS_SUM, 1 << 18
	.equ	SIE_STIE, 1 << 5
	.equ	PTE_V, 1
	.equ	PTE_R, 2
	.equ	PTE_W, 4
	.equ	PTE_X, 8
	.equ	PTE_U, 16
	.equ	USER_VA, 0x00010000
	.ifndef	TICK
	.equ	TICK, 2000			# mtime ticks between timer interrupts (tests may --defsym it)
	.endif
	.ifndef	SPIN
	.equ	SPIN, 40000			# iterations the user program spins through timer ticks
	.endif

	.section .text.init
	.globl	_start
_start:
	la	sp, kstack_top
	la	t0, trap_entry
	csrw	stvec, t0
	csrw	sscratch, zero
	la	a0, msg_hello
	call	puts

	# page table: root[512..515] = 4 MiB kernel megapages (0x80000000..0x81000000),
	# root[64] -> l0_dev (UART page), root[0] -> l0_user (user code and stack)
	la	s0, root
	li	t1, 0x80000000
	li	t2, 512
	li	t3, 516
1:	srli	t4, t1, 2			# PPN << 10 == PA >> 2
	ori	t4, t4, PTE_V | PTE_R | PTE_W | PTE_X
	slli	t5, t2, 2
	add	t5, s0, t5
	sw	t4, 0(t5)
	li	t6, 0x400000
	add	t1, t1, t6
	addi	t2, t2, 1
	blt	t2, t3, 1b
	la	t1, l0_dev
	srli	t1, t1, 2
	ori	t1, t1, PTE_V
	sw	t1, 64*4(s0)			# VPN[1] of 0x10000000 is 64
	la	t1, l0_dev
	li	t2, (UART >> 2) | PTE_V | PTE_R | PTE_W
	sw	t2, 0(t1)
	la	t1, l0_user
	srli	t1, t1, 2
	ori	t1, t1, PTE_V
	sw	t1, 0(s0)
	la	t1, l0_user
	la	t2, user_code
	srli	t2, t2, 2
	ori	t2, t2, PTE_V | PTE_R | PTE_X | PTE_U
	sw	t2, 16*4(t1)			# VA 0x10000 (VPN[0] 16): user code
	la	t2, user_stack
	srli	t2, t2, 2
	ori	t2, t2, PTE_V | PTE_R | PTE_W | PTE_U
	sw	t2, 17*4(t1)			# VA 0x11000: user data and stack
	li	t2, (FINISHER >> 2) | PTE_V | PTE_R | PTE_W
	sw	t2, 256*4(t1)			# VA 0x100000 (VPN[0] 256): the finisher, kernel only
	srli	t0, s0, 12
	li	t1, 1 << 31
	or	t0, t0, t1
	csrw	satp, t0
	sfence.vma
	la	a0, msg_paging
	call	puts

	# timer: first tick TICK from now, STIE on
	rdtime	t0
	li	t1, TICK
	add	t0, t0, t1
	csrw	stimecmph, zero			# time stays below 2^32 ticks here
	csrw	stimecmp, t0
	li	t0, SIE_STIE
	csrs	sie, t0

	# into U-mode: SPP = 0, SPIE = 1 (interrupts on in U), sepc = user entry
	li	t0, SSTATUS_SPP
	csrc	sstatus, t0
	li	t0, 1 << 5
	csrs	sstatus, t0
	li	t0, USER_VA
	csrw	sepc, t0
	la	t0, user_frame
	csrw	sscratch, t0
	li	sp, 0
	sret

# ---- traps -----------------------------------------------------------------
	.align	2
trap_entry:
	csrrw	sp, sscratch, sp		# sp = frame, sscratch = user sp (zero if from the kernel)
	bnez	sp, 1f
	csrrw	sp, sscratch, sp		# from the kernel: back to the kernel stack
	addi	sp, sp, -64
1:	sw	ra, 0(sp)
	sw	a0, 4(sp)
	sw	a1, 8(sp)
	sw	a2, 12(sp)
	sw	t0, 16(sp)
	sw	t1, 20(sp)
	sw	t2, 24(sp)
	sw	a7, 28(sp)
	csrr	t0, scause
	bltz	t0, interrupt
	li	t1, 8
	beq	t0, t1, syscall
	# any other exception in U: report it and end the user program's part
	la	a0, msg_fault
	call	puts
	csrr	a0, scause
	call	puthex
	la	a0, msg_at
	call	puts
	csrr	a0, stval
	call	puthex
	li	a0, '\n'
	call	putc
	csrr	t0, sepc
	addi	t0, t0, 4			# skip it
	csrw	sepc, t0
	j	trap_return

syscall:
	csrr	t0, sepc
	addi	t0, t0, 4
	csrw	sepc, t0
	lw	a7, 28(sp)
	li	t1, 1
	beq	a7, t1, sys_count
	li	t1, 2
	beq	a7, t1, sys_write
	li	t1, 3
	beq	a7, t1, sys_exit
	j	trap_return
sys_count:					# count calls
	la	t1, calls
	lw	t2, 0(t1)
	addi	t2, t2, 1
	sw	t2, 0(t1)
	j	trap_return
sys_write:					# a0 = user string: read it with SUM
	li	t1, SSTATUS_SUM
	csrs	sstatus, t1
	lw	a0, 4(sp)
	call	puts
	li	t1, SSTATUS_SUM
	csrc	sstatus, t1
	j	trap_return
sys_exit:
	la	a0, msg_calls
	call	puts
	la	t0, calls
	lw	a0, 0(t0)
	call	puthex
	li	a0, '\n'
	call	putc
	la	t0, ticks			# how many depends on time, which other VMs share: say only that some came
	lw	t0, 0(t0)
	beqz	t0, 1f
	la	a0, msg_ticks
	call	puts
1:
	# idle until the next tick with interrupts on, then end
	csrw	sscratch, zero			# traps now come from the kernel
	li	t1, SSTATUS_SIE
	csrs	sstatus, t1
	wfi
	csrc	sstatus, t1
	la	a0, msg_bye
	call	puts
	li	t0, FINISHER
	li	t1, 0x5555
	sw	t1, 0(t0)
1:	j	1b

interrupt:					# the only one enabled: the timer
	la	t1, ticks
	lw	t2, 0(t1)
	addi	t2, t2, 1
	sw	t2, 0(t1)
	rdtime	t0
	li	t1, TICK
	add	t0, t0, t1
	csrw	stimecmp, t0

trap_return:
	lw	ra, 0(sp)
	lw	a0, 4(sp)
	lw	a1, 8(sp)
	lw	a2, 12(sp)
	lw	t0, 16(sp)
	lw	t1, 20(sp)
	lw	t2, 24(sp)
	lw	a7, 28(sp)
	csrr	t0, sstatus
	andi	t0, t0, SSTATUS_SPP
	bnez	t0, 1f				# back to the kernel
	lw	t0, 16(sp)
	csrrw	sp, sscratch, sp		# sscratch = frame again, sp = user sp
	sret
1:	lw	t0, 16(sp)
	addi	sp, sp, 64
	sret

# ---- console: polled NS16550A ------------------------------------------------
putc:	li	t0, UART
1:	lbu	t1, 5(t0)			# LSR
	andi	t1, t1, 0x20			# THRE
	beqz	t1, 1b
	sb	a0, 0(t0)
	ret
puts:	addi	sp, sp, -8
	sw	ra, 0(sp)
	sw	s1, 4(sp)
	mv	s1, a0
1:	lbu	a0, 0(s1)
	beqz	a0, 2f
	call	putc
	addi	s1, s1, 1
	j	1b
2:	lw	ra, 0(sp)
	lw	s1, 4(sp)
	addi	sp, sp, 8
	ret
puthex:	addi	sp, sp, -12
	sw	ra, 0(sp)
	sw	s1, 4(sp)
	sw	s2, 8(sp)
	mv	s1, a0
	li	s2, 28
1:	srl	a0, s1, s2
	andi	a0, a0, 15
	li	t0, 10
	blt	a0, t0, 2f
	addi	a0, a0, 'a' - 10 - '0'
2:	addi	a0, a0, '0'
	call	putc
	addi	s2, s2, -4
	bgez	s2, 1b
	lw	ra, 0(sp)
	lw	s1, 4(sp)
	lw	s2, 8(sp)
	addi	sp, sp, 12
	ret

# ---- the user program (runs at VA 0x10000) -----------------------------------
	.balign	4096
user_code:
	li	sp, 0x12000			# top of the user data page
	li	s0, 25
1:	li	a7, 1				# count
	ecall
	addi	s0, s0, -1
	bnez	s0, 1b
	li	a0, 0x11000 + 0x800		# a string the user wrote into its data page
	li	t0, 'u'
	sb	t0, 0(a0)
	li	t0, 's'
	sb	t0, 1(a0)
	li	t0, '\n'
	sb	t0, 2(a0)
	sb	zero, 3(a0)
	li	a7, 2				# write
	ecall
	li	t0, 0x80200000
	lw	t1, 0(t0)			# kernel memory: a load page fault
	csrr	t1, sstatus			# an illegal instruction in U-mode
	li	s0, SPIN			# spin through several timer ticks
2:	addi	s0, s0, -1
	bnez	s0, 2b
	li	a7, 3				# exit
	ecall
3:	j	3b

	.section .rodata
msg_hello:	.asciz "mini-kernel: hello\n"
msg_paging:	.asciz "mini-kernel: paging on\n"
msg_fault:	.asciz "user fault: scause "
msg_at:		.asciz " stval "
msg_calls:	.asciz "calls "
msg_ticks:	.asciz "timer ticks: yes\n"
msg_bye:	.asciz "mini-kernel: bye\n"

	.data
	.balign	4096
root:		.space 4096
l0_dev:		.space 4096
l0_user:	.space 4096
user_stack:	.space 4096
		.space 1024			# the stack of user-trap handlers, below their frame
user_frame:	.space 64
calls:		.word 0
ticks:		.word 0
	.balign	16
		.space 1024
kstack_top:
