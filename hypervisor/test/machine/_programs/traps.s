# traps.s — every synchronous exception cause (privileged spec §3.1.15,
# table 14) provoked at least once, with mcause, mepc and mtval (§3.1.16):
#
#   0 fetch misaligned   epc = the jump or branch, tval = its target (QEMU
#                        7.2 gets tval right for jalr only: not compared)
#   1 fetch access       epc = tval = the address fetched
#   2 illegal            epc = the instruction, tval = its bits
#   3 breakpoint         epc = the ebreak, tval = 0 (QEMU's choice; the
#                        pc is allowed too)
#   4/6 misaligned       lr.w (4), sc.w and AMOs (6): tval = the address;
#                        ordinary loads and stores do not trap (loads-stores.s)
#   5/7 access fault     tval = the address
#   8/9/11 ecall         from U, S, M: epc = the ecall, tval = 0
#   12/13/15 page fault  tval = the virtual address (sv32.s has the rest)
#
# (QEMU 7.2 reports faulting AMOs as loads: qemu-deviations.ts.)
# A faulting instruction has no effect: a load that faults leaves rd, a
# jump that faults does not link.

	.include "macros.inc"
	PROGRAM	"traps: every exception cause"

main:
	SAY	"0: instruction address misaligned (no C extension: 4-byte alignment)"
	j	1f
	.balign	4
near:	nop				# jump targets within a branch's reach
	nop
1:	li	t1, 0x1111
	RESUME_AT 2f			# (clobbers t0 and t1)
	li	t1, 0x1111
	la	t0, near + 2
jalr_mis:
	jalr	t1, 0(t0)
2:	EXPECT_TRAP "jalr to a 2-mod-4 address", CAUSE_FETCH_MISALIGNED, jalr_mis, near + 2
	CHECK	"... did not link", t1, 0x1111
	RESUME_AT 2f
	li	t1, 0x1111
jal_mis:
	jal	t1, near + 2
	# tval is not compared: QEMU 7.2 writes a stale pc there, not the target
2:	EXPECT_TRAP "jal to a 2-mod-4 address", CAUSE_FETCH_MISALIGNED, jal_mis, ANY
	CHECK	"... did not link", t1, 0x1111
	RESUME_AT 2f
beq_mis:
	beq	zero, zero, near + 2
2:	EXPECT_TRAP "taken beq to a 2-mod-4 address", CAUSE_FETCH_MISALIGNED, beq_mis, ANY
	bne	zero, zero, near + 2
	EXPECT_NO_TRAP "not-taken bne to a 2-mod-4 address"
	lw	t0, beq_mis
	andi	t0, t0, 0x7f
	CHECK	"(the beq was not relaxed into bne + j)", t0, 0x63

	SAY	"1: instruction access fault (nothing at address 0)"
	RESUME_AT 2f
	li	t0, 0
jump0:	jalr	t1, 0(t0)
2:	EXPECT_TRAP "jump to 0", CAUSE_FETCH_ACCESS, 0, 0
	CHECK	"... the jump itself completed and linked", t1, jump0 + 4

	SAY	"2: illegal instruction (tval = the instruction)"
ill1:	.word	0x00000000
	EXPECT_ILLEGAL "all zeros", ill1
ill2:	.word	0xffffffff
	EXPECT_ILLEGAL "all ones", ill2
ill3:	.word	0x02051513		# slli a0, a0, 32: shamt[5] is reserved in RV32
	EXPECT_ILLEGAL "slli with shamt 32", ill3
ill4:	.word	0x00b5352f		# amoadd.d: a 64-bit AMO
	EXPECT_ILLEGAL "amoadd.d", ill4
ill5:	.word	0x04b50533		# funct7 0x02 on OP: no such extension
	EXPECT_ILLEGAL "OP with funct7 0x02", ill5
ill6:	.word	0x00052007		# flw: no F extension
	EXPECT_ILLEGAL "flw", ill6
ill7:	.word	0x0000006b		# the reserved major opcode 0x6b
	EXPECT_ILLEGAL "reserved opcode", ill7
ill8:	.word	0x30200073 | (1 << 7)	# mret with rd != 0
	EXPECT_ILLEGAL "mret with a non-zero rd field", ill8
ill9:	csrr	t0, 0x7ff		# an unimplemented custom CSR
	EXPECT_ILLEGAL "unimplemented CSR", ill9

	SAY	"3: breakpoint"
brk:	ebreak
	EXPECT_TRAP "ebreak", CAUSE_BREAKPOINT, brk, 0

	SAY	"4: load address misaligned"
	la	a0, data + 1
lr_mis:	lr.w	t0, (a0)
	EXPECT_TRAP "lr.w at +1", CAUSE_LOAD_MISALIGNED, lr_mis, data + 1

	SAY	"5: load access fault"
	li	t1, 0x2222
ld0:	lw	t1, 0(zero)
	EXPECT_TRAP "lw from 0", CAUSE_LOAD_ACCESS, ld0, 0
	CHECK	"... left rd alone", t1, 0x2222
ld1:	lbu	t1, 4(zero)
	EXPECT_TRAP "lbu from 4", CAUSE_LOAD_ACCESS, ld1, 4
ld2:	lw	zero, 8(zero)
	EXPECT_TRAP "lw x0 from 8 still faults", CAUSE_LOAD_ACCESS, ld2, 8

	SAY	"6: store/AMO address misaligned"
	la	a0, data + 2
amo_mis:
	amoswap.w t0, t1, (a0)
	EXPECT_TRAP "amoswap.w at +2", CAUSE_STORE_MISALIGNED, amo_mis, data + 2, PRV_M, CAUSE_LOAD_MISALIGNED

	SAY	"7: store/AMO access fault"
st0:	sw	t1, 0(zero)
	EXPECT_TRAP "sw to 0", CAUSE_STORE_ACCESS, st0, 0
st1:	sb	t1, 3(zero)
	EXPECT_TRAP "sb to 3", CAUSE_STORE_ACCESS, st1, 3

	SAY	"8, 9, 11: environment calls"
	RUN_IN	PRV_U, u_ecall
	EXPECT_TRAP "ecall from U", CAUSE_ECALL_U, u_ecall, 0
	RUN_IN	PRV_S, s_ecall
	EXPECT_TRAP "ecall from S", CAUSE_ECALL_S, s_ecall, 0
m_ecall:
	ecall
	EXPECT_TRAP "ecall from M", CAUSE_ECALL_M, m_ecall, 0

	SAY	"12, 13, 15: page faults (S-mode, Sv32, nothing mapped at 0x40000000)"
	# one identity-mapped 4 MiB superpage for the program, nothing else
	la	t0, root
	li	t1, (RAM >> 12 << 10) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
	la	t2, root + (RAM >> 22) * 4
	sw	t1, 0(t2)
	srli	t0, t0, 12
	li	t1, SATP_SV32
	or	t0, t0, t1
	csrw	satp, t0
	sfence.vma
	li	a0, 0x40000000
	RUN_IN	PRV_S, s_page_faults
	EXPECT_TRAP_AT "load", 0, CAUSE_LOAD_PAGE, s_pf_load, 0x40000000
	EXPECT_TRAP_AT "store", 1, CAUSE_STORE_PAGE, s_pf_store, 0x40000004
	EXPECT_TRAP_AT "AMO", 2, CAUSE_STORE_PAGE, s_pf_amo, 0x40000008, PRV_M, CAUSE_LOAD_PAGE
	EXPECT_TRAP_AT "fetch", 3, CAUSE_FETCH_PAGE, 0x40000000, 0x40000000
	TRAPS_DONE "page faults", 4
	csrw	satp, zero
	sfence.vma

	li	s0, 0x1111
	li	s1, 0x2222
	li	t0, 0
	END_PROGRAM

# ---- code run in S and U mode -----------------------------------------------------------

u_ecall:
	ecall

s_ecall:
	ecall

s_page_faults:				# a0 = an unmapped virtual address
s_pf_load:
	lw	t0, 0(a0)
s_pf_store:
	sw	t0, 4(a0)
	addi	a1, a0, 8
s_pf_amo:
	amoadd.w t0, t0, (a1)
	jr	a0			# a fetch fault: back to M

	.data
	.balign	16
data:	.word	0, 0

	.bss
	.balign	4096
root:	.space	4096

	SIGNATURE_REGION 4
