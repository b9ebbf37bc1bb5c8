# interrupts.s — interrupts (privileged spec §3.1.9, §3.3.3, §4.1.3 and
# the Sstc extension), driven by the CLINT (msip, mtimecmp) and by M-mode
# writes to mip:
#
# - an interrupt is taken when pending (mip) and enabled (mie) and, for M,
#   mstatus.MIE = 1 or the hart is below M; for S, delegated (mideleg), and
#   sstatus.SIE = 1 or the hart is in U. Delegated interrupts are never
#   taken in M.
# - several at once: MEI, MSI, MTI, SEI, SSI, STI, in that order (QEMU 7.2
#   without AIA takes the lowest-numbered first: qemu-deviations.ts).
# - mepc = the instruction that had not run yet; mtval = 0.
# - wfi returns when an enabled interrupt is pending, even with MIE = 0.
# - Sstc: with menvcfg.STCE = 1, mip.STIP is (time >= stimecmp), read-only.
# - vectored mtvec: interrupts go to BASE + 4 * cause, exceptions to BASE.
#
# The runtime's handlers clear an interrupt's bit in mie/sie when they take
# it, so each fires once; the tests re-enable what they need. Only outcomes
# are printed, never times, and epc only where it does not depend on timing.

	.include "macros.inc"
	PROGRAM	"interrupts: CLINT timer and software, priority, masking, mideleg, Sstc, wfi"

	.equ	MIP_ALL_S, (1 << IRQ_SSI) | (1 << IRQ_STI) | (1 << IRQ_SEI)

# MIP_BIT "name", irq, expected: check mip bit `irq` (0 or 1)
.macro	MIP_BIT name, irq, expected
	csrr	t0, mip
	srli	t0, t0, \irq
	andi	t0, t0, 1
	CHECK	"\name", t0, \expected
.endm

main:
	SAY	"machine timer: MTIP = (mtime >= mtimecmp)"
	MIP_BIT	"mtimecmp at its maximum: MTIP 0", IRQ_MTI, 0
	TIMER_NOW
	MIP_BIT	"mtimecmp 0: MTIP 1", IRQ_MTI, 1
	li	t0, 1 << IRQ_MTI
	csrw	mie, t0
	nop
	EXPECT_NO_TRAP "MTIE 1, MIE 0: not taken in M"
	csrw	mie, zero
	csrsi	mstatus, MSTATUS_MIE
	nop
	csrci	mstatus, MSTATUS_MIE
	EXPECT_NO_TRAP "MIE 1, MTIE 0: not taken"
	li	t0, 1 << IRQ_MTI
	csrw	mie, t0
	csrsi	mstatus, MSTATUS_MIE
mti_epc:
	csrci	mstatus, MSTATUS_MIE
	CHECK_TRAP_STATUS "taken with both: mstatus had MPIE 1, MIE 0, MPP M", 0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP, MSTATUS_MPIE | MSTATUS_MPP
	EXPECT_TRAP "... mcause, epc = the next instruction, tval 0", INTERRUPT | IRQ_MTI, mti_epc, 0
	MIP_BIT	"MTIP stays 1 until mtimecmp moves", IRQ_MTI, 1
	TIMER_OFF
	MIP_BIT	"mtimecmp at its maximum again: MTIP 0", IRQ_MTI, 0
	li	t0, 1 << IRQ_MTI
	csrw	mie, t0
	TIMER_IN 20000			# 2 ms on QEMU
	csrsi	mstatus, MSTATUS_MIE
1:	lw	t0, trap_count
	beqz	t0, 1b
	csrci	mstatus, MSTATUS_MIE
	EXPECT_TRAP "a deadline 20000 ticks ahead fires while we spin", INTERRUPT | IRQ_MTI, ANY, 0
	TIMER_OFF

	SAY	"wfi"
	li	t0, 1 << IRQ_MTI
	csrw	mie, t0
	TIMER_IN 20000
	wfi				# MIE = 0: wakes up without a trap
	MIP_BIT	"wfi with MIE 0 returns once MTIP is 1", IRQ_MTI, 1
	EXPECT_NO_TRAP "... and takes no trap"
	TIMER_OFF
	csrw	mie, zero

	SAY	"machine software interrupt: CLINT msip"
	li	t1, CLINT_MSIP
	li	t0, 1
	sw	t0, 0(t1)
	CHECK_MEM "msip reads back 1", CLINT_MSIP, 1
	MIP_BIT	"MSIP 1", IRQ_MSI, 1
	li	t0, 1 << IRQ_MSI
	csrw	mie, t0
	csrsi	mstatus, MSTATUS_MIE
msi_epc:
	csrci	mstatus, MSTATUS_MIE
	EXPECT_TRAP "taken", INTERRUPT | IRQ_MSI, msi_epc, 0
	sw	zero, 0(t1)
	MIP_BIT	"msip 0: MSIP 0", IRQ_MSI, 0

	SAY	"supervisor interrupt bits written by M-mode through mip"
	li	t0, MIP_ALL_S
	csrs	mip, t0
	CHECK_CSR "mip SSIP STIP SEIP set by M (STCE 0)", mip, MIP_ALL_S
	csrc	mip, t0
	CHECK_CSR "... and cleared", mip, 0

	SAY	"priority (3.1.9): MEI, MSI, MTI, SEI, SSI, STI"
	li	t0, 1
	sw	t0, 0(t1)			# t1 = CLINT_MSIP
	TIMER_NOW
	li	t0, (1 << IRQ_MSI) | (1 << IRQ_MTI)
	csrw	mie, t0
	csrsi	mstatus, MSTATUS_MIE
prio1:	csrci	mstatus, MSTATUS_MIE
	EXPECT_TRAP_AT "MSI and MTI pending: MSI first", 0, INTERRUPT | IRQ_MSI, prio1, 0
	EXPECT_TRAP_AT "... then MTI", 1, INTERRUPT | IRQ_MTI, prio1, 0
	TRAPS_DONE "MSI and MTI", 2
	li	t0, (1 << IRQ_SSI) | (1 << IRQ_STI)
	csrs	mip, t0
	csrw	mie, t0
	csrsi	mstatus, MSTATUS_MIE
prio2:	csrci	mstatus, MSTATUS_MIE
	EXPECT_TRAP_AT "SSI and STI pending: SSI first", 0, INTERRUPT | IRQ_SSI, prio2, 0
	EXPECT_TRAP_AT "... then STI", 1, INTERRUPT | IRQ_STI, prio2, 0
	TRAPS_DONE "SSI and STI", 2
	# all five: QEMU 7.2 (without AIA) takes the lowest-numbered first
	li	t0, MIP_ALL_S
	csrs	mip, t0
	li	t0, MIP_ALL_S | (1 << IRQ_MSI) | (1 << IRQ_MTI)
	csrw	mie, t0
	CHECK_CSR "mip with all five", mip, MIP_ALL_S | (1 << IRQ_MSI) | (1 << IRQ_MTI)
	csrsi	mstatus, MSTATUS_MIE
prio3:	csrci	mstatus, MSTATUS_MIE
	EXPECT_TRAP_AT "all five pending: first", 0, INTERRUPT | IRQ_MSI, prio3, 0, PRV_M, INTERRUPT | IRQ_SSI
	EXPECT_TRAP_AT "all five pending: second", 1, INTERRUPT | IRQ_MTI, prio3, 0, PRV_M, INTERRUPT | IRQ_MSI
	EXPECT_TRAP_AT "all five pending: third", 2, INTERRUPT | IRQ_SEI, prio3, 0, PRV_M, INTERRUPT | IRQ_STI
	EXPECT_TRAP_AT "all five pending: fourth", 3, INTERRUPT | IRQ_SSI, prio3, 0, PRV_M, INTERRUPT | IRQ_MTI
	EXPECT_TRAP_AT "all five pending: fifth", 4, INTERRUPT | IRQ_STI, prio3, 0, PRV_M, INTERRUPT | IRQ_SEI
	TRAPS_DONE "all five", 5
	sw	zero, 0(t1)
	TIMER_OFF
	li	t0, MIP_ALL_S
	csrc	mip, t0

	SAY	"mideleg: S interrupts to S, never taken in M"
	li	t0, 1 << IRQ_MTI
	csrw	mideleg, t0
	CHECK_CSR "M interrupts cannot be delegated", mideleg, 0
	li	t0, MIP_ALL_S
	csrw	mideleg, t0
	li	t0, 1 << IRQ_SSI
	csrs	mip, t0
	csrw	mie, t0
	csrsi	mstatus, MSTATUS_MIE | MSTATUS_SIE
	nop
	csrci	mstatus, MSTATUS_MIE | MSTATUS_SIE
	EXPECT_NO_TRAP "delegated SSI pending in M with MIE 1, SIE 1: not taken"
	RUN_IN	PRV_S, s_enable_sie
	EXPECT_TRAP_AT "in S, taken by S once SIE is set", 0, INTERRUPT | IRQ_SSI, s_sie_epc, 0, PRV_S
	EXPECT_TRAP_AT "... then ecall", 1, CAUSE_ECALL_S, s_sie_ecall, 0
	TRAPS_DONE "delegated SSI in S", 2
	li	t0, 1 << IRQ_SSI
	csrs	mie, t0
	RUN_IN	PRV_U, u_nop_ecall
	EXPECT_TRAP_AT "in U, taken by S with SIE 0", 0, INTERRUPT | IRQ_SSI, u_nop_ecall, 0, PRV_S
	EXPECT_TRAP_AT "... then ecall", 1, CAUSE_ECALL_U, u_ecall, 0
	TRAPS_DONE "delegated SSI in U", 2
	csrw	mideleg, zero
	li	t0, 1 << IRQ_SSI
	csrs	mie, t0
	RUN_IN	PRV_S, s_nop_ecall
	EXPECT_TRAP_AT "not delegated: taken by M in S, although MIE 0", 0, INTERRUPT | IRQ_SSI, s_nop_ecall, 0
	EXPECT_TRAP_AT "... then ecall", 1, CAUSE_ECALL_S, s_ecall, 0
	TRAPS_DONE "SSI not delegated", 2
	li	t0, 1 << IRQ_SSI
	csrc	mip, t0
	csrw	mie, zero

	SAY	"Sstc: stimecmp"
	li	t0, MENVCFGH_STCE
	csrs	menvcfgh, t0
	li	t0, -1
	csrw	stimecmp, t0
	csrw	stimecmph, t0
	MIP_BIT	"STCE 1, stimecmp at its maximum: STIP 0", IRQ_STI, 0
	csrw	stimecmp, zero
	csrw	stimecmph, zero
	MIP_BIT	"stimecmp 0: STIP 1", IRQ_STI, 1
	li	t0, 1 << IRQ_STI
	csrc	mip, t0
	MIP_BIT	"mip.STIP is read-only: still 1 after csrc", IRQ_STI, 1
	li	t0, 1 << IRQ_STI
	csrw	mideleg, t0
	csrw	mie, t0
	RUN_IN	PRV_S, s_enable_sie
	EXPECT_TRAP_AT "delegated, taken by S once SIE is set", 0, INTERRUPT | IRQ_STI, s_sie_epc, 0, PRV_S
	EXPECT_TRAP_AT "... then ecall", 1, CAUSE_ECALL_S, s_sie_ecall, 0
	TRAPS_DONE "STI from stimecmp", 2
	li	t0, -1
	csrw	stimecmp, t0
	li	t0, 2				# mcounteren.TM: S may use stimecmp
	csrw	mcounteren, t0
	li	t0, 1 << IRQ_STI
	csrw	mie, t0
	RUN_IN	PRV_S, s_stimecmp_wait
	EXPECT_TRAP_AT "S sets stimecmp 20000 ticks ahead and spins: STI", 0, INTERRUPT | IRQ_STI, ANY, 0, PRV_S
	EXPECT_TRAP_AT "... then ecall", 1, CAUSE_ECALL_S, s_stimecmp_ecall, 0
	TRAPS_DONE "stimecmp from S", 2
	csrw	mcounteren, zero
	RUN_IN	PRV_S, s_stimecmp_read
	EXPECT_ILLEGAL_AT "mcounteren.TM 0: stimecmp is illegal in S", 0, s_stimecmp_insn
	TRAPS_DONE "TM 0", 2
	li	t0, 2
	csrw	mcounteren, t0
	li	t0, MENVCFGH_STCE
	csrc	menvcfgh, t0
	RUN_IN	PRV_S, s_stimecmp_read
	EXPECT_ILLEGAL_AT "STCE 0: stimecmp is illegal in S", 0, s_stimecmp_insn
	TRAPS_DONE "STCE 0", 2
	li	t0, 1 << IRQ_STI
	csrs	mip, t0
	MIP_BIT	"STCE 0: mip.STIP is M's to write again", IRQ_STI, 1
	csrc	mip, t0
	csrw	mcounteren, zero
	csrw	mideleg, zero
	csrw	mie, zero

	SAY	"vectored mtvec"
	la	t0, vector_table + 1		# MODE 1: vectored
	csrw	mtvec, t0
	li	t1, CLINT_MSIP
	li	t0, 1
	sw	t0, 0(t1)
	li	t0, 1 << IRQ_MSI
	csrw	mie, t0
	csrsi	mstatus, MSTATUS_MIE
	csrci	mstatus, MSTATUS_MIE
	CHECK_MEM "MSI went to BASE + 12", vectored_msi, 1
	CHECK_MEM "... with mcause", vectored_cause, INTERRUPT | IRQ_MSI
	EXPECT_NO_TRAP "... and not to BASE"
vec_ecall:
	ecall
	EXPECT_TRAP "exceptions go to BASE", CAUSE_ECALL_M, vec_ecall, 0
	la	t0, trap_vector
	csrw	mtvec, t0
	csrw	mie, zero

	li	s0, INTERRUPT | IRQ_MTI
	csrr	s1, mie
	csrr	s2, mideleg
	END_PROGRAM

# ---- code run in S and U mode -----------------------------------------------------------

s_enable_sie:
	nop
	csrsi	sstatus, MSTATUS_SIE
s_sie_epc:
	csrci	sstatus, MSTATUS_SIE
s_sie_ecall:
	ecall

u_nop_ecall:
	nop
u_ecall:
	ecall

s_nop_ecall:
	nop
s_ecall:
	ecall

s_stimecmp_wait:			# stimecmp := time + 20000, wait with SIE 1
	csrr	t1, timeh
	csrr	t0, time
	csrr	t2, timeh
	bne	t1, t2, s_stimecmp_wait
	li	t2, 20000
	add	t2, t0, t2
	sltu	t0, t2, t0
	add	t1, t1, t0
	li	t0, -1
	csrw	stimecmp, t0
	csrw	stimecmph, t1
	csrw	stimecmp, t2
	la	t2, trap_count
	csrsi	sstatus, MSTATUS_SIE
1:	lw	t0, 0(t2)
	beqz	t0, 1b
	csrci	sstatus, MSTATUS_SIE
	li	t0, 0				# no times left in registers
	li	t1, 0
	li	t2, 0
s_stimecmp_ecall:
	ecall

s_stimecmp_read:
s_stimecmp_insn:
	csrr	t0, stimecmp
	ecall

# ---- a vector table: the MSI entry counts, all other interrupts are errors ---------------

	.balign	256
vector_table:
	j	trap_vector			# 0: exceptions
	.rept	2
	j	bad_vector			# 1, 2
	.endr
	j	vector_msi			# 3: machine software
	.rept	8
	j	bad_vector			# 4 .. 11
	.endr

bad_vector:
	la	a0, msg_bad_vector
	j	fatal

vector_msi:
	csrrw	sp, mscratch, sp
	addi	sp, sp, -16
	sw	t0, 0(sp)
	sw	t1, 4(sp)
	la	t0, vectored_msi
	lw	t1, 0(t0)
	addi	t1, t1, 1
	sw	t1, 0(t0)
	csrr	t1, mcause
	sw	t1, 4(t0)			# vectored_cause
	li	t0, CLINT_MSIP
	sw	zero, 0(t0)
	lw	t0, 0(sp)
	lw	t1, 4(sp)
	addi	sp, sp, 16
	csrrw	sp, mscratch, sp
	mret

	.section .rodata.str, "a"
msg_bad_vector:
	.asciz	"an interrupt came through the wrong vector"

	.data
	.balign	4
vectored_msi:	.word	0
vectored_cause:	.word	0

	SIGNATURE_REGION 4
