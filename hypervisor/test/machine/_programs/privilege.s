# privilege.s — moving between M, S and U (privileged spec §3.1.6, §3.3,
# §4.1.1): what mret, sret and a trap do to mstatus; the trap-virtualisation
# bits TSR, TW and TVM; privileged instructions in lower modes; and
# exception delegation with medeleg (§3.1.8). Interrupt delegation is in
# interrupts.s, MPRV's effect on translation in sv32.s.
#
#   mret:  priv = MPP, MIE = MPIE, MPIE = 1, MPP = U, MPRV = 0 unless MPP was M
#   sret:  priv = SPP, SIE = SPIE, SPIE = 1, SPP = U, MPRV = 0
#   trap to M from mode y: MPP = y, MPIE = MIE, MIE = 0 (and likewise to S)
#
# (QEMU 7.2 leaves MPRV set on mret/sret to S or U, as the 1.11 spec did:
# those lines are SHOWn, and qemu-deviations.ts gives the 1.12 values.)

	.include "macros.inc"
	PROGRAM	"privilege: mret sret transitions, TSR TW TVM, medeleg"

	.equ	MIE_BITS, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
	.equ	SIE_BITS, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP

# SIG_STATUS index, mask: append (the mstatus/sstatus trap `index` saw) & mask
# to the signature
.macro	SIG_STATUS index, mask
	la	t0, trap_log
	lw	t0, (\index) * 32 + 12(t0)
	li	t1, \mask
	and	t0, t0, t1
	SIG	t0
.endm

# MRET_TO_M bits: mret from M to M with mstatus = bits, then t1 = mstatus
.macro	MRET_TO_M bits
	csrw	mstatus, zero
	li	t0, \bits
	csrs	mstatus, t0
	la	t0, .Lafter\@
	csrw	mepc, t0
	mret
.Lafter\@:
	csrr	t1, mstatus
.endm

main:
	SAY	"mret to M (MPP = M)"
	MRET_TO_M MSTATUS_MPP|MSTATUS_MPIE
	li	t0, MIE_BITS
	and	t1, t1, t0
	CHECK	"MPIE 1: MIE 1, MPIE 1, MPP U", t1, MSTATUS_MIE | MSTATUS_MPIE
	SIG	t1
	MRET_TO_M MSTATUS_MPP|MSTATUS_MIE
	li	t0, MIE_BITS
	and	t1, t1, t0
	CHECK	"MPIE 0, MIE 1: MIE 0, MPIE 1, MPP U", t1, MSTATUS_MPIE
	SIG	t1
	MRET_TO_M MSTATUS_MPP|MSTATUS_MPRV
	li	t0, MSTATUS_MPRV
	and	t1, t1, t0
	CHECK	"mret to M keeps MPRV", t1, MSTATUS_MPRV
	SIG	t1
	csrw	mstatus, zero

	SAY	"mret to S and U, and traps back to M"
	li	t0, MSTATUS_MPP | MSTATUS_MPRV	# MPRV with MPP = M changes nothing yet
	csrw	mstatus, t0
	RUN_IN	PRV_S, s_ecall
	la	t0, trap_log
	lw	t0, 12(t0)			# mstatus at the ecall
	li	t1, MSTATUS_MPRV
	and	t0, t0, t1
	SHOW	"mret to S: MPRV afterwards (1.12: cleared)", t0
	CHECK_TRAP_STATUS "trap from S: MPP S, MPIE 0, MIE 0", 0, MIE_BITS, MSTATUS_MPP_S
	SIG_STATUS 0, MIE_BITS
	EXPECT_TRAP "ecall from S", CAUSE_ECALL_S, s_ecall, 0
	li	t0, MSTATUS_MPIE
	csrw	mstatus, t0
	RUN_IN	PRV_U, u_ecall
	CHECK_TRAP_STATUS "trap from U with MIE 1: MPP U, MPIE 1, MIE 0", 0, MIE_BITS, MSTATUS_MPIE
	SIG_STATUS 0, MIE_BITS
	EXPECT_TRAP "ecall from U", CAUSE_ECALL_U, u_ecall, 0
	csrw	mstatus, zero
	RUN_IN	PRV_U, u_ecall
	CHECK_TRAP_STATUS "trap from U with MIE 0: MPIE 0", 0, MIE_BITS, 0
	SIG_STATUS 0, MIE_BITS
	EXPECT_TRAP "ecall from U", CAUSE_ECALL_U, u_ecall, 0

	SAY	"sret"
	csrw	mstatus, zero
	RUN_IN	PRV_S, s_sret_to_s
	CHECK	"sret S to S with SPIE 1: SIE 1, SPIE 1, SPP U", a0, MSTATUS_SIE | MSTATUS_SPIE
	EXPECT_TRAP "... still in S: ecall from S", CAUSE_ECALL_S, s_sret_to_s_ecall, 0
	csrw	mstatus, zero
	RUN_IN	PRV_S, s_sret_to_u
	CHECK_TRAP_STATUS "sret S to U with SPIE 1: SIE 1, SPIE 1, SPP U", 0, SIE_BITS, MSTATUS_SIE | MSTATUS_SPIE
	SIG_STATUS 0, SIE_BITS
	EXPECT_TRAP "... in U: ecall from U", CAUSE_ECALL_U, u_ecall, 0
	# sret is legal in M too; it clears MPRV, and TSR does not apply to M
	li	t0, MSTATUS_SPP | MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_TSR
	csrw	mstatus, t0
	la	t0, s_ecall
	csrw	sepc, t0
	RESUME_AT 1f
	sret
1:	la	t0, trap_log
	lw	t0, 12(t0)
	li	t1, MSTATUS_MPRV
	and	t0, t0, t1
	SHOW	"sret in M to S (TSR 1 does not apply): MPRV afterwards (1.12: cleared)", t0
	EXPECT_TRAP "... and went to S: ecall from S", CAUSE_ECALL_S, s_ecall, 0

	SAY	"xRET and the other privileged instructions in lower modes"
	csrw	mstatus, zero
	RUN_IN	PRV_S, s_mret
	EXPECT_ILLEGAL_AT "mret in S", 0, s_mret_insn
	EXPECT_TRAP_AT "... then ecall", 1, CAUSE_ECALL_S, s_mret_ecall, 0
	TRAPS_DONE "mret in S", 2
	RUN_IN	PRV_U, u_privileged
	EXPECT_ILLEGAL_AT "sret in U", 0, u_p1
	EXPECT_ILLEGAL_AT "mret in U", 1, u_p2
	EXPECT_ILLEGAL_AT "sfence.vma in U", 2, u_p3
	EXPECT_ILLEGAL_AT "wfi in U (S-mode exists, nothing pending)", 3, u_p4
	EXPECT_TRAP_AT "... then ecall", 4, CAUSE_ECALL_U, u_p5, 0
	TRAPS_DONE "privileged instructions in U", 5

	SAY	"TSR: sret in S traps"
	li	t0, MSTATUS_TSR
	csrw	mstatus, t0
	RUN_IN	PRV_S, s_tsr
	EXPECT_ILLEGAL_AT "TSR 1: sret in S", 0, s_tsr_sret
	EXPECT_TRAP_AT "... skipped, then ecall", 1, CAUSE_ECALL_S, s_tsr_ecall, 0
	TRAPS_DONE "TSR 1", 2
	csrw	mstatus, zero
	RUN_IN	PRV_S, s_tsr
	EXPECT_TRAP "TSR 0: sret in S works", CAUSE_ECALL_S, s_tsr_returned, 0

	SAY	"TW: wfi in S traps"
	li	t0, MSTATUS_TW
	csrw	mstatus, t0
	RUN_IN	PRV_S, s_wfi
	EXPECT_ILLEGAL_AT "TW 1: wfi in S", 0, s_wfi_insn
	EXPECT_TRAP_AT "... then ecall", 1, CAUSE_ECALL_S, s_wfi_ecall, 0
	TRAPS_DONE "TW 1", 2
	li	t0, MSTATUS_TW
	csrw	mstatus, t0
	li	t0, 1 << IRQ_MTI
	csrw	mie, t0
	TIMER_NOW
	wfi				# MIE = 0: wakes up, takes no trap
	TIMER_OFF
	csrw	mie, zero
	EXPECT_NO_TRAP "TW 1: wfi in M with a pending interrupt returns"
	csrw	mstatus, zero
	li	t0, 1 << IRQ_MTI
	csrw	mie, t0
	TIMER_IN 100000			# 10 ms on QEMU: long after wfi starts waiting
	RUN_IN	PRV_S, s_wfi
	EXPECT_TRAP_AT "TW 0: wfi in S waits for the timer, epc = wfi + 4", 0, INTERRUPT | IRQ_MTI, s_wfi_ecall, 0
	EXPECT_TRAP_AT "... then ecall", 1, CAUSE_ECALL_S, s_wfi_ecall, 0
	TRAPS_DONE "TW 0", 2
	TIMER_OFF
	csrw	mie, zero

	SAY	"TVM: satp and sfence.vma in S trap"
	li	t0, MSTATUS_TVM
	csrw	mstatus, t0
	RUN_IN	PRV_S, s_tvm
	EXPECT_ILLEGAL_AT "TVM 1: csrr satp in S", 0, s_tvm1
	EXPECT_ILLEGAL_AT "TVM 1: csrw satp in S", 1, s_tvm2
	EXPECT_ILLEGAL_AT "TVM 1: sfence.vma in S", 2, s_tvm3
	EXPECT_ILLEGAL_AT "TVM 1: sfence.vma a0, a1 in S", 3, s_tvm4
	EXPECT_TRAP_AT "... then ecall", 4, CAUSE_ECALL_S, s_tvm5, 0
	TRAPS_DONE "TVM 1", 5
	li	t0, MSTATUS_TVM			# M-mode is not affected
	csrw	mstatus, t0
	csrr	t0, satp
	csrw	satp, zero
	sfence.vma
	EXPECT_NO_TRAP "TVM 1: satp and sfence.vma in M"
	csrw	mstatus, zero
	RUN_IN	PRV_S, s_tvm
	EXPECT_TRAP "TVM 0: all allowed in S", CAUSE_ECALL_S, s_tvm5, 0

	SAY	"medeleg: exceptions in S and U go to S, those in M stay in M"
	li	t0, (1 << CAUSE_ECALL_U) | (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT)
	csrw	medeleg, t0
	csrw	mstatus, zero
	RUN_IN	PRV_S, s_deleg
	EXPECT_ILLEGAL_AT "U illegal instruction -> S", 0, u_deleg_ill, PRV_S
	EXPECT_TRAP_AT "U ecall -> S", 1, CAUSE_ECALL_U, u_deleg_ecall, 0, PRV_S
	CHECK_TRAP_STATUS "... sstatus: SPP U, SPIE 1, SIE 0", 1, SIE_BITS, MSTATUS_SPIE
	SIG_STATUS 1, SIE_BITS
	EXPECT_ILLEGAL_AT "S illegal instruction -> S", 2, s_deleg_ill, PRV_S
	CHECK_TRAP_STATUS "... sstatus: SPP S", 2, MSTATUS_SPP, MSTATUS_SPP
	SIG_STATUS 2, MSTATUS_SPP
	EXPECT_TRAP_AT "S ebreak -> S", 3, CAUSE_BREAKPOINT, s_deleg_brk, 0, PRV_S
	EXPECT_TRAP_AT "S ecall (not delegated) -> M", 4, CAUSE_ECALL_S, s_deleg_ecall, 0, PRV_M
	TRAPS_DONE "delegation from S and U", 5
m_ill:	.word	0
	EXPECT_ILLEGAL "M illegal instruction stays in M", m_ill
m_brk:	ebreak
	EXPECT_TRAP "M ebreak stays in M", CAUSE_BREAKPOINT, m_brk, 0
	csrw	medeleg, zero
	RUN_IN	PRV_U, u_ecall
	EXPECT_TRAP "medeleg 0: U ecall -> M", CAUSE_ECALL_U, u_ecall, 0

	csrw	mstatus, zero
	csrr	s0, mstatus
	li	s1, MSTATUS_MPP
	END_PROGRAM

# ---- code run in S and U mode ---------------------------------------------------------

s_ecall:
	ecall

u_ecall:
	ecall

s_sret_to_s:				# sret with SPP = S, SPIE = 1, SIE = 0
	li	t0, MSTATUS_SPP | MSTATUS_SPIE
	csrs	sstatus, t0
	la	t0, 1f
	csrw	sepc, t0
	sret
1:	csrr	a0, sstatus
	li	t0, SIE_BITS
	and	a0, a0, t0
s_sret_to_s_ecall:
	ecall

s_sret_to_u:				# sret with SPP = U, SPIE = 1, SIE = 0
	li	t0, MSTATUS_SPIE
	csrs	sstatus, t0
	la	t0, u_ecall
	csrw	sepc, t0
	sret

s_mret:
s_mret_insn:
	mret
s_mret_ecall:
	ecall

u_privileged:
u_p1:	sret
u_p2:	mret
u_p3:	sfence.vma
u_p4:	wfi
u_p5:	ecall

s_tsr:					# sret to s_tsr_returned in S, unless it traps
	li	t0, MSTATUS_SPP
	csrs	sstatus, t0
	la	t0, s_tsr_returned
	csrw	sepc, t0
s_tsr_sret:
	sret
s_tsr_ecall:
	ecall
s_tsr_returned:
	ecall

s_wfi:
s_wfi_insn:
	wfi
s_wfi_ecall:
	ecall

s_tvm:
s_tvm1:	csrr	t0, satp
s_tvm2:	csrw	satp, zero
s_tvm3:	sfence.vma
	li	a0, 0x1000
	li	a1, 0
s_tvm4:	sfence.vma a0, a1
s_tvm5:	ecall

s_deleg:				# from S, sret to U; the S handler brings us back
	S_RESUME s_deleg_back
	li	t0, MSTATUS_SPP
	csrc	sstatus, t0
	li	t0, MSTATUS_SPIE
	csrs	sstatus, t0
	la	t0, u_deleg
	csrw	sepc, t0
	sret
s_deleg_back:
s_deleg_ill:
	.word	0
s_deleg_brk:
	ebreak
s_deleg_ecall:
	ecall

u_deleg:
u_deleg_ill:
	csrr	t0, mstatus
u_deleg_ecall:
	ecall

	SIGNATURE_REGION 12
