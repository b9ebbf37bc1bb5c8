# csr.s — the Zicsr instructions (unprivileged spec §9), the CSR address
# rules (privileged spec §2.1), and the CSRs every later test relies on.
#
#   csrrw  rd, csr, rs1   rd = csr; csr = rs1          (no read if rd = x0)
#   csrrs  rd, csr, rs1   rd = csr; csr |= rs1         (no write if rs1 is x0)
#   csrrc  rd, csr, rs1   rd = csr; csr &= ~rs1        (no write if rs1 is x0)
#   csrr?i                the same with a 5-bit zero-extended immediate
#                         (csrrsi/csrrci with 0 do not write)
#
# A CSR number's bits 11:10 = 3 mean read-only: an instruction that would
# write one is illegal, even if it would write the same value (csrrs with a
# register that holds 0 is a write; QEMU 7.2 disagrees, see
# qemu-deviations.ts). Bits 9:8 give the lowest privilege
# that may access it. An unknown CSR is illegal. The illegal-instruction
# trap writes the instruction's bits to mtval.

	.include "macros.inc"
	PROGRAM	"csr: csrrw csrrs csrrc csrrwi csrrsi csrrci, access rules, counters"

main:
	SAY	"the six instructions, on mscratch"
	li	t0, 0x12345678
	csrw	mscratch, t0			# csrrw x0
	li	t2, 0xaaaa5555
	csrrw	t1, mscratch, t2
	CHECK	"csrrw returns the old value", t1, 0x12345678
	CHECK_CSR "... and writes the new", mscratch, 0xaaaa5555
	li	t2, 0x0000ffff
	csrrs	t1, mscratch, t2
	CHECK	"csrrs returns the old value", t1, 0xaaaa5555
	CHECK_CSR "... and sets bits", mscratch, 0xaaaaffff
	li	t2, 0xffff0000
	csrrc	t1, mscratch, t2
	CHECK	"csrrc returns the old value", t1, 0xaaaaffff
	CHECK_CSR "... and clears bits", mscratch, 0x0000ffff
	csrrwi	t1, mscratch, 0x1f
	CHECK	"csrrwi returns the old value", t1, 0x0000ffff
	CHECK_CSR "... and writes the zero-extended immediate", mscratch, 0x1f
	csrrci	t1, mscratch, 0x0f
	CHECK	"csrrci returns the old value", t1, 0x1f
	CHECK_CSR "... and clears bits", mscratch, 0x10
	csrrsi	t1, mscratch, 0x05
	CHECK	"csrrsi returns the old value", t1, 0x10
	CHECK_CSR "... and sets bits", mscratch, 0x15
	csrrsi	t1, mscratch, 0
	csrrci	t1, mscratch, 0
	csrrs	t1, mscratch, zero
	csrrc	t1, mscratch, zero
	CHECK_CSR "csrrsi/csrrci 0 and csrrs/csrrc x0 leave it", mscratch, 0x15
	csrs	mscratch, t2			# rd = x0 forms
	csrc	mscratch, t2
	csrsi	mscratch, 0x02
	csrci	mscratch, 0x01
	csrwi	mscratch, 0x0a
	CHECK_CSR "csrs csrc csrsi csrci csrwi (rd = x0)", mscratch, 0x0a
	li	t0, 0x600d
	csrrw	t0, mscratch, t0		# rd = rs1: a swap
	CHECK	"csrrw t0, mscratch, t0: t0 gets the old value", t0, 0x0a
	CHECK_CSR "... mscratch the new", mscratch, 0x600d
	la	t1, m_trap_stack_top		# mscratch is the trap handler's stack
	csrw	mscratch, t1
	SIG	t0

	SAY	"machine information registers (read-only)"
	CHECK_CSR "misa: RV32 A I M S U", misa, 0x40141101
	CHECK_CSR "mhartid", mhartid, 0
	CHECK_CSR "mvendorid (non-commercial)", mvendorid, 0
	TRAP_RESET
	csrrs	t0, mvendorid, zero
	csrrsi	t0, mhartid, 0
	csrrc	t0, mvendorid, zero
	EXPECT_NO_TRAP "reading them with csrrs/csrrsi/csrrc and no write"
w_ro1:	csrw	mvendorid, zero
	EXPECT_ILLEGAL "csrw to read-only mvendorid", w_ro1
	li	t1, 0
	csrrs	t0, mhartid, t1			# rs1 is not x0: a write (QEMU 7.2: none)
	lw	t0, trap_count
	SHOW	"csrrs mhartid with a zero register: traps taken", t0
	TRAP_RESET
w_ro3:	csrrwi	t0, mhartid, 0			# csrrwi always writes
	EXPECT_ILLEGAL "csrrwi mhartid, 0", w_ro3
w_ro4:	csrrci	t0, mvendorid, 1
	EXPECT_ILLEGAL "csrrci mvendorid, 1", w_ro4
w_ro5:	csrw	cycle, zero			# the user counters are read-only
	EXPECT_ILLEGAL "csrw to read-only cycle", w_ro5

	SAY	"unknown CSRs"
unk1:	csrr	t0, 0x744
	EXPECT_ILLEGAL "csrr 0x744", unk1
unk2:	csrw	0x744, t0
	EXPECT_ILLEGAL "csrw 0x744", unk2
unk3:	csrr	t0, 0x0ff
	EXPECT_ILLEGAL "csrr 0x0ff", unk3
unk4:	csrrsi	t0, 0x5c0, 0
	EXPECT_ILLEGAL "csrrsi 0x5c0, 0 (a read)", unk4

	SAY	"privilege bits 9:8: S code may not touch M CSRs, U code no S CSRs"
	RUN_IN	PRV_S, s_reads_m_csr
	EXPECT_ILLEGAL_AT "S: csrr mstatus", 0, s_m1, PRV_M
	EXPECT_ILLEGAL_AT "S: csrw mscratch", 1, s_m2, PRV_M
	EXPECT_TRAP_AT "S: csrr sscratch is fine, then ecall", 2, CAUSE_ECALL_S, s_m3, 0
	TRAPS_DONE "S-mode CSR accesses", 3
	RUN_IN	PRV_U, u_reads_s_csr
	EXPECT_ILLEGAL_AT "U: csrr sstatus", 0, u_s1, PRV_M
	EXPECT_ILLEGAL_AT "U: csrr mstatus", 1, u_s2, PRV_M
	EXPECT_TRAP_AT "U: ecall", 2, CAUSE_ECALL_U, u_s3, 0
	TRAPS_DONE "U-mode CSR accesses", 3

	SAY	"sstatus, sie and sip are views of mstatus, mie and mip"
	csrw	mstatus, zero
	li	t0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
	csrw	sstatus, t0
	CHECK_CSR "sstatus = SIE SPIE SPP SUM MXR", sstatus, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
	CHECK_CSR "... the same bits in mstatus", mstatus, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
	li	t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
	csrs	sstatus, t0
	CHECK_CSR "M-only bits cannot be set through sstatus", mstatus, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
	csrw	mstatus, t0
	CHECK_CSR "mstatus MIE MPIE MPP MPRV TVM TW TSR", mstatus, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
	CHECK_CSR "... are invisible in sstatus", sstatus, 0
	csrw	mstatus, zero
	li	t0, (1 << IRQ_SSI) | (1 << IRQ_STI) | (1 << IRQ_SEI)
	csrw	mideleg, t0
	CHECK_CSR "mideleg SSI STI SEI", mideleg, (1 << IRQ_SSI) | (1 << IRQ_STI) | (1 << IRQ_SEI)
	li	t1, -1
	csrw	sie, t1
	CHECK_CSR "sie = -1 sets only the delegated bits", sie, (1 << IRQ_SSI) | (1 << IRQ_STI) | (1 << IRQ_SEI)
	CHECK_CSR "... in mie", mie, (1 << IRQ_SSI) | (1 << IRQ_STI) | (1 << IRQ_SEI)
	csrwi	sip, 1 << IRQ_SSI
	CHECK_CSR "sip.SSIP is writable", sip, 1 << IRQ_SSI
	CHECK_CSR "... and is mip.SSIP", mip, 1 << IRQ_SSI
	csrw	sip, zero
	csrw	mideleg, zero
	CHECK_CSR "not delegated: sie reads 0", sie, 0
	CHECK_CSR "... while mie keeps its bits", mie, (1 << IRQ_SSI) | (1 << IRQ_STI) | (1 << IRQ_SEI)
	csrw	mie, zero

	SAY	"trap setup registers"
	la	t0, trap_vector
	ori	t1, t0, 1
	csrw	mtvec, t1
	CHECK_CSR "mtvec, vectored", mtvec, trap_vector + 1
	csrw	mtvec, t0
	CHECK_CSR "mtvec, direct", mtvec, trap_vector
	la	t0, s_trap_vector
	ori	t1, t0, 1
	csrw	stvec, t1
	CHECK_CSR "stvec, vectored", stvec, s_trap_vector + 1
	csrw	stvec, t0
	li	t0, (1 << CAUSE_ECALL_U) | (1 << CAUSE_BREAKPOINT)
	csrw	medeleg, t0
	CHECK_CSR "medeleg ecall-from-U and breakpoint", medeleg, (1 << CAUSE_ECALL_U) | (1 << CAUSE_BREAKPOINT)
	csrw	medeleg, zero
	li	t0, 0xfedcba98
	csrw	sscratch, t0
	CHECK_CSR "sscratch holds any value", sscratch, 0xfedcba98
	la	t0, s_trap_stack_top
	csrw	sscratch, t0
	li	t0, SATP_SV32 | 0x80123
	csrw	satp, t0
	CHECK_CSR "satp mode Sv32, a PPN (M-mode is not translated)", satp, SATP_SV32 | 0x80123
	csrw	satp, zero
	li	t0, -1
	csrw	mepc, t0
	csrr	t0, mepc
	SHOW	"mepc after writing -1 (bits 1:0 are zero without C)", t0
	li	t0, -1
	csrw	sepc, t0
	csrr	t0, sepc
	SHOW	"sepc after writing -1", t0
	li	t0, 0x80000004
	csrw	mepc, t0
	CHECK_CSR "mepc 0x80000004", mepc, 0x80000004

	SAY	"counters (Zicntr): only comparisons, never values"
	csrr	t0, instret
	csrr	t1, instret
	sltu	t2, t0, t1
	CHECK	"instret increases", t2, 1
	csrr	t0, cycle
	nop
	csrr	t1, cycle
	sltu	t2, t0, t1
	CHECK	"cycle increases", t2, 1
	li	t3, CLINT_MTIME
	lw	t0, 0(t3)
	csrr	t1, time
	sltu	t2, t1, t0			# time < mtime read before it?
	CHECK	"time is not behind mtime", t2, 0
	csrr	t0, timeh
	lw	t1, 4(t3)
	sub	t2, t1, t0
	CHECK	"timeh is mtime's upper word", t2, 0
	csrr	t0, cycleh
	csrr	t1, mcycleh
	sub	t2, t1, t0
	CHECK	"cycleh is mcycleh", t2, 0
	csrr	t0, instreth
	csrr	t1, minstreth
	sub	t2, t1, t0
	CHECK	"instreth is minstreth", t2, 0
	csrw	minstreth, zero
	csrw	minstret, zero
	csrr	t0, minstreth
	CHECK	"minstreth after writing 0", t0, 0
	csrw	mcycleh, zero
	csrw	mcycle, zero
	csrr	t0, mcycleh
	CHECK	"mcycleh after writing 0", t0, 0
	li	t0, 0
	li	t1, 0

	SAY	"counter access from S and U: mcounteren, then scounteren"
	csrw	mcounteren, zero
	csrw	scounteren, zero
	RUN_IN	PRV_S, s_counters
	EXPECT_ILLEGAL_AT "S, mcounteren 0: cycle", 0, s_c1
	EXPECT_ILLEGAL_AT "S, mcounteren 0: time", 1, s_c2
	EXPECT_ILLEGAL_AT "S, mcounteren 0: instret", 2, s_c3
	TRAPS_DONE "S, mcounteren 0", 4
	li	t0, 7				# CY TM IR
	csrw	mcounteren, t0
	RUN_IN	PRV_S, s_counters
	EXPECT_TRAP "S, mcounteren 7: only the ecall traps", CAUSE_ECALL_S, s_c4, 0
	RUN_IN	PRV_U, u_counters
	EXPECT_ILLEGAL_AT "U, scounteren 0: cycle", 0, u_c1
	EXPECT_ILLEGAL_AT "U, scounteren 0: time", 1, u_c2
	EXPECT_ILLEGAL_AT "U, scounteren 0: instret", 2, u_c3
	TRAPS_DONE "U, scounteren 0", 4
	li	t0, 5				# CY IR
	csrw	scounteren, t0
	RUN_IN	PRV_U, u_counters
	EXPECT_ILLEGAL_AT "U, scounteren 5: only time is illegal", 0, u_c2
	TRAPS_DONE "U, scounteren 5", 2
	csrw	mcounteren, zero
	csrw	scounteren, zero
	li	t0, 0				# no counter values in the signature
	li	t1, 0
	li	t2, 0

	li	s0, 0x40141101
	csrr	s1, misa
	END_PROGRAM

# ---- code run in S and U mode -------------------------------------------------------

s_reads_m_csr:
s_m1:	csrr	t0, mstatus
s_m2:	csrw	mscratch, zero
	csrr	t0, sscratch
s_m3:	ecall

u_reads_s_csr:
u_s1:	csrr	t0, sstatus
u_s2:	csrr	t0, mstatus
u_s3:	ecall

s_counters:
s_c1:	csrr	t0, cycle
s_c2:	csrr	t0, time
s_c3:	csrr	t0, instret
s_c4:	ecall

u_counters:
u_c1:	csrr	t0, cycle
u_c2:	csrr	t0, time
u_c3:	csrr	t0, instret
	ecall

	SIGNATURE_REGION 4
