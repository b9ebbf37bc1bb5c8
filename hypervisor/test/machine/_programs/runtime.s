# runtime.s — what every ISA test program links with: the M-mode entry, the
# M- and S-mode trap handlers that record each trap, the checks and the
# UART output, and the final signature dump and exit.
#
# calling convention inside this file: the low-level printers (putc, puts,
# puthex, putdec, newline) clobber a0 and t0-t2 only; the routines the
# macros call (check, show, expect_trap, traps_done, trap_reset) may clobber
# ra and a0-a5 and nothing else.

	.include "macros.inc"

	.equ	LOG_ENTRIES, 8		# traps kept in detail since the last reset
	.equ	LOG_ENTRY, 32		# bytes per entry: cause epc tval status mode
	.equ	TRAP_STORM, 64		# more traps than this between resets: give up

# the trap handlers keep every caller-saved register (16 words) on their stack
.macro	SAVE_CALLER_SAVED
	addi	sp, sp, -64
	.set	slot, 0
	.irp	r, ra,t0,t1,t2,t3,t4,t5,t6,a0,a1,a2,a3,a4,a5,a6,a7
	sw	\r, slot(sp)
	.set	slot, slot + 4
	.endr
.endm
.macro	RESTORE_CALLER_SAVED
	.set	slot, 0
	.irp	r, ra,t0,t1,t2,t3,t4,t5,t6,a0,a1,a2,a3,a4,a5,a6,a7
	lw	\r, slot(sp)
	.set	slot, slot + 4
	.endr
	addi	sp, sp, 64
.endm

# ---- entry ---------------------------------------------------------------------------

	.section .text.init, "ax"
	.globl	_start
_start:
	# QEMU's reset ROM leaves values in a few registers (a0 = hart id,
	# a1 = device tree, t0 = entry); clear them all so that every run
	# starts from the same state on both machines.
	.irp	r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	x\r, 0
	.endr
	la	sp, stack_top
	la	t0, trap_vector
	csrw	mtvec, t0
	la	t0, m_trap_stack_top
	csrw	mscratch, t0
	la	t0, s_trap_vector
	csrw	stvec, t0
	la	t0, s_trap_stack_top
	csrw	sscratch, t0

	# no timer interrupt pending until a test asks for one: mtimecmp resets
	# to 0 on QEMU, which makes mip.MTIP 1 from the start
	li	a0, -1
	li	a1, -1
	call	set_mtimecmp

	# PMP entry 0: TOR over all of memory, RWX, so that S and U can reach
	# memory at all (§3.7.1: with PMP implemented, an S/U access that no
	# entry matches fails). xv6 and OpenSBI do the same.
	li	t0, -1
	csrw	pmpaddr0, t0
	li	t0, 0x0f		# A = TOR, X W R
	csrw	pmpcfg0, t0

	# zero .bss (the loaders of both machines do; this makes sure)
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sw	zero, 0(t0)
	addi	t0, t0, 4
	j	1b
2:	la	t0, sig_begin
	la	t1, sig_cursor
	sw	t0, 0(t1)
	la	a0, banner
	call	puts
	la	a0, program_title
	call	puts
	call	newline
	# main starts with every register but sp zero
	.irp	r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	x\r, 0
	.endr
	call	main
	j	finish

# ---- M-mode trap handler ---------------------------------------------------------------
#
# records mcause, mepc, mtval, mstatus in the trap log, then:
#  - interrupt: clears its bit in mie (each interrupt fires once; the test
#    re-enables what it wants) and returns to mepc;
#  - ecall or instruction fetch fault with trap_resume set: continues at
#    trap_resume in M-mode with MIE 0 (RUN_IN's way back);
#  - any other exception: skips the faulting instruction (mepc + 4).
# mscratch holds the top of the handler's own stack.

	.text
	.balign	4
	.globl	trap_vector
trap_vector:
	csrrw	sp, mscratch, sp
	SAVE_CALLER_SAVED
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	csrr	a3, mstatus
	li	a4, PRV_M
	call	log_trap
	csrr	a0, mcause
	bltz	a0, m_interrupt
	call	resumable
	beqz	a0, m_skip
	la	t0, trap_resume
	lw	t1, 0(t0)
	beqz	t1, m_skip_or_die
	sw	zero, 0(t0)
	csrw	mepc, t1
	li	t0, MSTATUS_MPP		# continue in M-mode, with MIE 0
	csrs	mstatus, t0
	li	t0, MSTATUS_MPIE
	csrc	mstatus, t0
	j	m_return
m_skip_or_die:
	csrr	a0, mcause
	li	t0, CAUSE_ECALL_U
	bgeu	a0, t0, m_skip		# ecall (8, 9, 11) without a way back: skip it
	j	unexpected_fetch_fault	# a fetch fault has no next instruction
m_skip:
	csrr	t0, mepc
	addi	t0, t0, 4
	csrw	mepc, t0
	j	m_return
m_interrupt:
	andi	a0, a0, 31
	li	t0, 1
	sll	t0, t0, a0
	csrc	mie, t0
m_return:
	RESTORE_CALLER_SAVED
	csrrw	sp, mscratch, sp
	mret

# ---- S-mode trap handler (for delegated traps) -----------------------------------------
#
# the same policy as the M-mode handler, with scause/sepc/stval/sstatus,
# sie and s_resume (which continues in S-mode); sscratch holds its stack.

	.balign	4
	.globl	s_trap_vector
s_trap_vector:
	csrrw	sp, sscratch, sp
	SAVE_CALLER_SAVED
	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	csrr	a3, sstatus
	li	a4, PRV_S
	call	log_trap
	csrr	a0, scause
	bltz	a0, s_interrupt
	call	resumable
	beqz	a0, s_skip
	la	t0, s_resume
	lw	t1, 0(t0)
	beqz	t1, s_skip_or_die
	sw	zero, 0(t0)
	csrw	sepc, t1
	li	t0, MSTATUS_SPP		# continue in S-mode, with SIE 0
	csrs	sstatus, t0
	li	t0, MSTATUS_SPIE
	csrc	sstatus, t0
	j	s_return
s_skip_or_die:
	csrr	a0, scause
	li	t0, CAUSE_ECALL_U
	bgeu	a0, t0, s_skip
	j	unexpected_fetch_fault
s_skip:
	csrr	t0, sepc
	addi	t0, t0, 4
	csrw	sepc, t0
	j	s_return
s_interrupt:
	andi	a0, a0, 31
	li	t0, 1
	sll	t0, t0, a0
	csrc	sie, t0
s_return:
	RESTORE_CALLER_SAVED
	csrrw	sp, sscratch, sp
	sret

# a0 := 1 when exception a0 is an ecall or an instruction fetch fault (the
# traps a RUN_IN / S_RESUME continuation takes), else 0. Clobbers t0.
resumable:
	li	t0, 0x1b03		# causes 0, 1, 8, 9, 11, 12
	srl	a0, t0, a0
	andi	a0, a0, 1
	ret

# log_trap(a0 cause, a1 epc, a2 tval, a3 status, a4 mode). Clobbers t0-t2.
log_trap:
	la	t0, trap_count
	lw	t1, 0(t0)
	addi	t2, t1, 1
	sw	t2, 0(t0)
	li	t2, TRAP_STORM
	bgeu	t1, t2, trap_storm
	li	t2, LOG_ENTRIES
	bgeu	t1, t2, 1f
	slli	t1, t1, 5		# LOG_ENTRY bytes each
	la	t0, trap_log
	add	t0, t0, t1
	sw	a0, 0(t0)
	sw	a1, 4(t0)
	sw	a2, 8(t0)
	sw	a3, 12(t0)
	sw	a4, 16(t0)
1:	ret

trap_storm:
	la	a0, msg_storm
	j	fatal
unexpected_fetch_fault:
	la	a0, msg_fetch
	j	fatal

# ---- trap checks -----------------------------------------------------------------------

# trap_reset: forget the traps taken so far and any continuation left unused.
	.globl	trap_reset
trap_reset:
	la	a0, trap_count
	sw	zero, 0(a0)
	la	a0, trap_resume
	sw	zero, 0(a0)
	la	a0, s_resume
	sw	zero, 0(a0)
	la	a0, trap_log
	addi	a1, a0, LOG_ENTRIES * LOG_ENTRY
1:	sw	zero, 0(a0)
	addi	a0, a0, 4
	bltu	a0, a1, 1b
	ret

# expect_trap(a0 name, a1 index, a2 cause, a3 epc, a4 tval, a5 mode,
# a6 another cause accepted): print "  name: M cause … epc … tval … ok"
# (or FAIL with what was expected).
	.globl	expect_trap
expect_trap:
	addi	sp, sp, -32
	sw	ra, 0(sp)
	sw	s0, 4(sp)
	sw	s1, 8(sp)
	sw	t0, 12(sp)
	sw	t1, 16(sp)
	sw	t2, 20(sp)
	mv	s0, a0
	la	t0, expected_entry
	sw	a2, 0(t0)
	sw	a3, 4(t0)
	sw	a4, 8(t0)
	sw	a5, 16(t0)
	slli	a1, a1, 5
	la	s1, trap_log
	add	s1, s1, a1		# s1 = the log entry
	lw	a1, 0(s1)		# the other accepted cause counts as expected
	bne	a1, a6, 1f
	sw	a1, 0(t0)
1:	call	print_name
	mv	a0, s1
	la	a1, expected_entry	# mask: ******** where ANY is expected
	call	print_fields
	# compare mode, cause, epc, tval; a2 counts mismatches
	li	a2, 0
	la	a3, expected_entry
	li	a4, ANY
	.irp	off, 0, 4, 8, 16
	lw	a0, \off(s1)
	lw	a1, \off(a3)
	beq	a1, a4, 1f
	beq	a0, a1, 1f
	addi	a2, a2, 1
1:
	.endr
	# and the entry must exist: index < trap_count
	la	a0, trap_count
	lw	a0, 0(a0)
	la	a1, trap_log
	sub	a1, s1, a1
	srli	a1, a1, 5
	bltu	a1, a0, 2f
	addi	a2, a2, 1
2:	mv	a0, a2
	call	verdict
	beqz	a0, 3f
	la	a0, msg_expected
	call	puts
	la	a0, expected_entry
	mv	a1, a0
	call	print_fields
	li	a0, ')'
	call	putc
3:	call	newline
	lw	ra, 0(sp)
	lw	s0, 4(sp)
	lw	s1, 8(sp)
	lw	t0, 12(sp)
	lw	t1, 16(sp)
	lw	t2, 20(sp)
	addi	sp, sp, 32
	ret

# print_fields(a0 entry, a1 mask entry or 0). Clobbers a0-a5, t0-t2.
print_fields:
	addi	sp, sp, -16
	sw	ra, 0(sp)
	mv	a4, a0
	mv	a5, a1
	lw	a0, 16(a4)		# mode letter
	li	t0, PRV_M
	li	a2, 'M'
	beq	a0, t0, 1f
	li	t0, PRV_S
	li	a2, 'S'
	beq	a0, t0, 1f
	li	a2, '-'
1:	mv	a0, a2
	call	putc
	la	a0, msg_cause
	call	puts
	li	a3, 0
	call	print_field
	la	a0, msg_epc
	call	puts
	li	a3, 4
	call	print_field
	la	a0, msg_tval
	call	puts
	li	a3, 8
	call	print_field
	lw	ra, 0(sp)
	addi	sp, sp, 16
	ret

# print_field: the word at a4 + a3, or ******** if the word at a5 + a3 is ANY.
print_field:
	addi	sp, sp, -16
	sw	ra, 0(sp)
	beqz	a5, 1f
	add	a0, a5, a3
	lw	a0, 0(a0)
	li	t0, ANY
	bne	a0, t0, 1f
	la	a0, msg_any
	call	puts
	j	2f
1:	add	a0, a4, a3
	lw	a0, 0(a0)
	call	puthex
2:	lw	ra, 0(sp)
	addi	sp, sp, 16
	ret

# traps_done(a0 name, a1 count): exactly `count` traps since the reset;
# prints "  name: no trap ok" for count 0, nothing for a match otherwise,
# the whole log on a mismatch. Then resets the log.
	.globl	traps_done
traps_done:
	addi	sp, sp, -32
	sw	ra, 0(sp)
	sw	s0, 4(sp)
	sw	s1, 8(sp)
	sw	s2, 12(sp)
	sw	t0, 16(sp)
	sw	t1, 20(sp)
	sw	t2, 24(sp)
	mv	s0, a0
	mv	s2, a1
	la	t0, trap_count
	lw	s1, 0(t0)
	beq	s1, s2, 3f
	# mismatch: "  name: 2 traps FAIL (expected 1)", then each entry
	call	print_name
	mv	a0, s1
	call	putdec
	la	a0, msg_traps
	call	puts
	li	a0, 1
	call	verdict
	la	a0, msg_expected
	call	puts
	mv	a0, s2
	call	putdec
	li	a0, ')'
	call	putc
	call	newline
	li	t0, LOG_ENTRIES
	bltu	s1, t0, 1f
	mv	s1, t0
1:	la	s2, trap_log
2:	beqz	s1, 4f
	la	a0, msg_indent2
	call	puts
	mv	a0, s2
	li	a1, 0
	call	print_fields
	call	newline
	addi	s2, s2, LOG_ENTRY
	addi	s1, s1, -1
	j	2b
3:	bnez	s1, 4f			# a match with count > 0: expect_trap printed it
	call	print_name
	la	a0, msg_no_trap
	call	puts
	li	a0, 0
	call	verdict
	call	newline
4:	call	trap_reset
	lw	ra, 0(sp)
	lw	s0, 4(sp)
	lw	s1, 8(sp)
	lw	s2, 12(sp)
	lw	t0, 16(sp)
	lw	t1, 20(sp)
	lw	t2, 24(sp)
	addi	sp, sp, 32
	ret

# ---- the CLINT timer ---------------------------------------------------------------

# set_mtimecmp(a0 low, a1 high): without a moment where the 64-bit value is
# smaller than both the old and the new one (low half to all ones first).
	.globl	set_mtimecmp
set_mtimecmp:
	li	a2, CLINT_MTIMECMP
	li	a3, -1
	sw	a3, 0(a2)
	sw	a1, 4(a2)
	sw	a0, 0(a2)
	ret

# timer_in(a0 ticks): mtimecmp := mtime + ticks.
	.globl	timer_in
timer_in:
	li	a2, CLINT_MTIME
1:	lw	a1, 4(a2)		# a consistent 64-bit read: high, low, high
	lw	a3, 0(a2)
	lw	a4, 4(a2)
	bne	a1, a4, 1b
	add	a0, a3, a0
	sltu	a3, a0, a3		# carry
	add	a1, a1, a3
	j	set_mtimecmp

# ---- value checks ----------------------------------------------------------------------

# check(a0 name, a1 value, a2 expected): "  name: value ok" or "… FAIL (expected …)".
	.globl	check
check:
	addi	sp, sp, -32
	sw	ra, 0(sp)
	sw	s0, 4(sp)
	sw	t0, 12(sp)
	sw	t1, 16(sp)
	sw	t2, 20(sp)
	mv	s0, a0
	call	print_name
	mv	a0, a1
	call	puthex
	sub	a0, a1, a2
	call	verdict
	beqz	a0, 1f
	la	a0, msg_expected
	call	puts
	mv	a0, a2
	call	puthex
	li	a0, ')'
	call	putc
1:	call	newline
	lw	ra, 0(sp)
	lw	s0, 4(sp)
	lw	t0, 12(sp)
	lw	t1, 16(sp)
	lw	t2, 20(sp)
	addi	sp, sp, 32
	ret

# say(a0 string): print it and a newline.
	.globl	say
say:
	addi	sp, sp, -16
	sw	ra, 0(sp)
	sw	t0, 4(sp)
	sw	t1, 8(sp)
	sw	t2, 12(sp)
	call	puts
	call	newline
	lw	ra, 0(sp)
	lw	t0, 4(sp)
	lw	t1, 8(sp)
	lw	t2, 12(sp)
	addi	sp, sp, 16
	ret

# sig_store(a1 value): append a word to the signature region (ignored once
# it is full).
	.globl	sig_store
sig_store:
	la	a0, sig_cursor
	lw	a2, 0(a0)
	la	a3, sig_end
	bgeu	a2, a3, 1f
	sw	a1, 0(a2)
	addi	a2, a2, 4
	sw	a2, 0(a0)
1:	ret

# show(a0 name, a1 value): "  name: value".
	.globl	show
show:
	addi	sp, sp, -32
	sw	ra, 0(sp)
	sw	s0, 4(sp)
	sw	t0, 12(sp)
	sw	t1, 16(sp)
	sw	t2, 20(sp)
	mv	s0, a0
	call	print_name
	mv	a0, a1
	call	puthex
	call	newline
	lw	ra, 0(sp)
	lw	s0, 4(sp)
	lw	t0, 12(sp)
	lw	t1, 16(sp)
	lw	t2, 20(sp)
	addi	sp, sp, 32
	ret

# print "  <s0>: ". Clobbers a0, t0-t2.
print_name:
	addi	sp, sp, -16
	sw	ra, 0(sp)
	la	a0, msg_indent
	call	puts
	mv	a0, s0
	call	puts
	la	a0, msg_colon
	call	puts
	lw	ra, 0(sp)
	addi	sp, sp, 16
	ret

# verdict(a0 = 0 for a pass): count the check, print " ok" or " FAIL".
# Keeps a0. Clobbers t0-t2.
verdict:
	addi	sp, sp, -16
	sw	ra, 0(sp)
	sw	a0, 4(sp)
	la	t0, check_count
	lw	t1, 0(t0)
	addi	t1, t1, 1
	sw	t1, 0(t0)
	la	a0, msg_ok
	lw	t1, 4(sp)
	beqz	t1, 1f
	la	t0, fail_count
	lw	t1, 0(t0)
	addi	t1, t1, 1
	sw	t1, 0(t0)
	la	a0, msg_fail
1:	call	puts
	lw	ra, 0(sp)
	lw	a0, 4(sp)
	addi	sp, sp, 16
	ret

# ---- UART output (NS16550A) ------------------------------------------------------------

# putc(a0 byte): wait for THR empty (LSR bit 5), then write THR. Clobbers t0, t1.
	.globl	putc
putc:
	li	t0, UART
1:	lbu	t1, UART_LSR(t0)
	andi	t1, t1, UART_LSR_THRE
	beqz	t1, 1b
	sb	a0, UART_THR(t0)
	ret

# puts(a0 string). Clobbers a0, t0-t2.
	.globl	puts
puts:
	mv	t2, a0
	li	t0, UART
1:	lbu	a0, 0(t2)
	beqz	a0, 3f
2:	lbu	t1, UART_LSR(t0)
	andi	t1, t1, UART_LSR_THRE
	beqz	t1, 2b
	sb	a0, UART_THR(t0)
	addi	t2, t2, 1
	j	1b
3:	ret

	.globl	newline
newline:
	li	a0, '\n'
	j	putc

# puthex(a0 word): 8 hex digits. Clobbers a0, t0-t2.
	.globl	puthex
puthex:
	addi	sp, sp, -16
	sw	ra, 0(sp)
	sw	s0, 4(sp)
	sw	s1, 8(sp)
	mv	s0, a0
	li	s1, 28
1:	srl	a0, s0, s1
	andi	a0, a0, 15
	la	t2, hex_digits
	add	a0, a0, t2
	lbu	a0, 0(a0)
	call	putc
	addi	s1, s1, -4
	bgez	s1, 1b
	lw	ra, 0(sp)
	lw	s0, 4(sp)
	lw	s1, 8(sp)
	addi	sp, sp, 16
	ret

# putdec(a0 word): unsigned decimal, by repeated subtraction of powers of
# ten (so that the output does not depend on the M extension working).
# Clobbers a0, t0-t2.
	.globl	putdec
putdec:
	addi	sp, sp, -16
	sw	ra, 0(sp)
	sw	s0, 4(sp)
	sw	s1, 8(sp)
	sw	s2, 12(sp)
	mv	s0, a0
	la	s1, powers_of_ten
	li	s2, 0			# a digit was printed
1:	lw	t2, 0(s1)
	beqz	t2, 4f
	li	a0, '0'
2:	bltu	s0, t2, 3f
	sub	s0, s0, t2
	addi	a0, a0, 1
	j	2b
3:	li	t0, '0'
	addi	s1, s1, 4
	bne	a0, t0, 5f
	beqz	s2, 1b
5:	li	s2, 1
	call	putc
	j	1b
4:	bnez	s2, 6f
	li	a0, '0'
	call	putc
6:	lw	ra, 0(sp)
	lw	s0, 4(sp)
	lw	s1, 8(sp)
	lw	s2, 12(sp)
	addi	sp, sp, 16
	ret

# ---- the end: signature and exit -------------------------------------------------------
#
# finish saves all 32 registers as the program left them, prints them and
# the signature region (sig_begin..sig_end) in hex, then the summary, and
# exits through the finisher: 0x5555 when every check passed, else
# failures << 16 | 0x3333 (QEMU exits with status = failures).

	.globl	finish
finish:
	csrw	mscratch, t6		# no trap may come after this point
	la	t6, reg_save
	.irp	r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	sw	x\r, \r * 4(t6)
	.endr
	csrr	t5, mscratch
	sw	t5, 31 * 4(t6)
	la	sp, stack_top

	la	a0, msg_registers
	call	puts
	call	newline
	la	s0, reg_save
	li	s1, 0			# register number
1:	andi	a0, s1, 3
	bnez	a0, 2f
	la	a0, msg_indent
	call	puts
	j	3f
2:	li	a0, ' '
	call	putc
3:	li	a0, 'x'
	call	putc
	mv	a0, s1
	call	put2dec
	li	a0, ' '
	call	putc
	lw	a0, 0(s0)
	call	puthex
	andi	a0, s1, 3
	li	t0, 3
	bne	a0, t0, 4f
	call	newline
4:	addi	s0, s0, 4
	addi	s1, s1, 1
	li	t0, 32
	bltu	s1, t0, 1b

	la	a0, msg_memory
	call	puts
	call	newline
	la	s0, sig_begin
	la	s1, sig_end
5:	bgeu	s0, s1, 8f
	la	a0, msg_indent
	call	puts
	mv	a0, s0
	call	puthex
	li	a0, ':'
	call	putc
	li	s2, 4
6:	beqz	s2, 7f
	bgeu	s0, s1, 7f
	li	a0, ' '
	call	putc
	lw	a0, 0(s0)
	call	puthex
	addi	s0, s0, 4
	addi	s2, s2, -1
	j	6b
7:	call	newline
	j	5b

8:	la	a0, check_count
	lw	a0, 0(a0)
	call	putdec
	la	a0, msg_checks
	call	puts
	la	a0, fail_count
	lw	a0, 0(a0)
	call	putdec
	la	a0, msg_failed
	call	puts
	call	newline
	la	a0, fail_count
	lw	a0, 0(a0)
	j	exit

# put2dec(a0 in 0..99): two decimal digits. Clobbers a0, t0-t2.
put2dec:
	addi	sp, sp, -16
	sw	ra, 0(sp)
	sw	s0, 4(sp)
	mv	s0, a0
	li	a0, '0'
	li	t0, 10
1:	bltu	s0, t0, 2f
	addi	s0, s0, -10
	addi	a0, a0, 1
	j	1b
2:	call	putc
	addi	a0, s0, '0'
	call	putc
	lw	ra, 0(sp)
	lw	s0, 4(sp)
	addi	sp, sp, 16
	ret

# fatal(a0 message): print it and exit with failure 255.
	.globl	fatal
fatal:
	la	sp, stack_top
	mv	s0, a0
	la	a0, msg_fatal
	call	puts
	mv	a0, s0
	call	puts
	call	newline
	# and the first traps in the log, to see how it came to this
	la	s1, trap_log
	la	s2, trap_log + LOG_ENTRIES * LOG_ENTRY
1:	lw	a0, 16(s1)		# mode: 0 = an unused entry
	beqz	a0, 2f
	la	a0, msg_indent2
	call	puts
	mv	a0, s1
	li	a1, 0
	call	print_fields
	call	newline
	addi	s1, s1, LOG_ENTRY
	bltu	s1, s2, 1b
2:	li	a0, 255
	# fall through

# exit(a0 failures): through the sifive_test finisher.
	.globl	exit
exit:
	li	t0, FINISHER
	li	t1, FINISHER_PASS
	beqz	a0, 1f
	slli	t1, a0, 16
	li	t2, FINISHER_FAIL
	or	t1, t1, t2
1:	sw	t1, 0(t0)
2:	j	2b

# ---- data ------------------------------------------------------------------------------

	.section .rodata.str, "a"
banner:		.asciz	"# "
msg_indent:	.asciz	"  "
msg_indent2:	.asciz	"    "
msg_colon:	.asciz	": "
msg_ok:		.asciz	" ok"
msg_fail:	.asciz	" FAIL"
msg_expected:	.asciz	" (expected "
msg_cause:	.asciz	" cause "
msg_epc:	.asciz	" epc "
msg_tval:	.asciz	" tval "
msg_any:	.asciz	"********"
msg_no_trap:	.asciz	"no trap"
msg_traps:	.asciz	" traps"
msg_registers:	.asciz	"registers"
msg_memory:	.asciz	"memory"
msg_checks:	.asciz	" checks, "
msg_failed:	.asciz	" failed"
msg_fatal:	.asciz	"FATAL: "
msg_storm:	.asciz	"trap storm (more than 64 traps without a reset)"
msg_fetch:	.asciz	"instruction fetch fault with nowhere to resume"
hex_digits:	.ascii	"0123456789abcdef"

	.section .rodata, "a"
	.balign	4
powers_of_ten:
	.word	1000000000, 100000000, 10000000, 1000000, 100000, 10000, 1000, 100, 10, 1, 0

	.data
	.balign	4
	.globl	trap_count, trap_log, trap_resume, s_resume, saved_sp
	.globl	m_trap_stack_top, s_trap_stack_top, stack_top
trap_resume:	.word	0	# RUN_IN's continuation (M-mode)
s_resume:	.word	0	# S_RESUME's continuation (S-mode)
saved_sp:	.word	0	# the M-mode sp across RUN_IN
sig_cursor:	.word	0	# where SIG stores next
check_count:	.word	0
fail_count:	.word	0
trap_count:	.word	0
expected_entry:	.space	LOG_ENTRY
trap_log:	.space	LOG_ENTRIES * LOG_ENTRY

	.bss
	.balign	16
reg_save:	.space	32 * 4
	.balign	16
		.space	4096
stack_top:
		.space	1024
m_trap_stack_top:
		.space	1024
s_trap_stack_top:
